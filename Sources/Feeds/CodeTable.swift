/// Maps code bytes (indicator or region codes) to dense ids without making Strings:
/// open addressing over an FNV-1a hash, keys compared byte by byte.
struct CodeTable {
    private var keys: [[UInt8]] = []
    private var ids: [Int] = []
    private var slots: [Int32]
    private let mask: Int

    init(_ codes: [String]) {
        var size = 16
        while size < codes.count * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for (id, code) in codes.enumerated() {
            let bytes = Array(code.utf8)
            var slot = Self.hash(bytes[...]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(keys.count)
            keys.append(bytes)
            ids.append(id)
        }
    }

    static func hash<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return Int(truncatingIfNeeded: h >> 1)
    }

    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(bytes) & mask
        while true {
            let k = Int(slots[slot])
            if k < 0 { return nil }
            if keys[k].count == bytes.count, keys[k].withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return ids[k] }
            slot = (slot + 1) & mask
        }
    }
}
