/// Bits written most significant first, packed into bytes: the medium of the chunk encoding.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var partial: UInt8 = 0
    private var used = 0

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// The low `count` bits of `value` (0...64).
    mutating func write(_ value: UInt64, bits count: Int) {
        var left = count
        while left > 0 {
            let space = 8 - used
            let take = min(space, left)
            let chunk = UInt8(truncatingIfNeeded: value >> UInt64(left - take)) & UInt8(truncatingIfNeeded: (1 << take) - 1)
            partial |= chunk << UInt8(space - take)
            used += take
            left -= take
            if used == 8 {
                bytes.append(partial)
                partial = 0
                used = 0
            }
        }
    }

    mutating func writeBit(_ on: Bool) { write(on ? 1 : 0, bits: 1) }

    /// LEB128: seven bits a byte, low first, the high bit saying more follow.
    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            write(v & 0x7F | 0x80, bits: 8)
            v >>= 7
        }
        write(v, bits: 8)
    }

    /// Values in blocks of 64, each block as wide as its widest value (a 7-bit width, then the
    /// values): a regular cadence costs a few bits a block, noise its own width.
    mutating func writePacked<C: Collection>(_ values: C) where C.Element == UInt64 {
        var start = values.startIndex
        while start != values.endIndex {
            let end = values.index(start, offsetBy: 64, limitedBy: values.endIndex) ?? values.endIndex
            var all: UInt64 = 0
            for v in values[start..<end] { all |= v }
            let width = 64 - all.leadingZeroBitCount
            write(UInt64(width), bits: 7)
            if width > 0 { for v in values[start..<end] { write(v, bits: width) } }
            start = end
        }
    }

    /// The bytes, the last one padded with zero bits.
    mutating func finish() -> [UInt8] {
        if used > 0 {
            bytes.append(partial)
            partial = 0
            used = 0
        }
        return bytes
    }
}

/// Why bytes are not a chunk: said by the store when a chunk cannot be read.
public struct ChunkDecodingError: Error, CustomStringConvertible, Equatable {
    public var reason: String
    public var description: String { "damaged chunk: \(reason)" }
}

/// Reads what `BitWriter` wrote; every read is bounds-checked and throws past the end, so no
/// bytes can trap the process.
struct BitReader {
    private let bytes: [UInt8]
    private var position = 0
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        end = bytes.count * 8
    }

    var bitsLeft: Int { end - position }

    mutating func read(bits count: Int) throws -> UInt64 {
        guard count <= bitsLeft else { throw ChunkDecodingError(reason: "it ends early") }
        var result: UInt64 = 0
        var left = count
        while left > 0 {
            let offset = position & 7
            let available = 8 - offset
            let take = min(available, left)
            let chunk = (UInt64(bytes[position >> 3]) >> UInt64(available - take)) & ((1 << UInt64(take)) - 1)
            result = (result << UInt64(take)) | chunk
            position += take
            left -= take
        }
        return result
    }

    mutating func readBit() throws -> Bool { try read(bits: 1) == 1 }

    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try read(bits: 8)
            guard shift < 64 else { throw ChunkDecodingError(reason: "a number is too long") }
            result |= (byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readPacked(count: Int) throws -> [UInt64] {
        var values: [UInt64] = []
        values.reserveCapacity(count)
        while values.count < count {
            let width = Int(try read(bits: 7))
            guard width <= 64 else { throw ChunkDecodingError(reason: "a block is \(width) bits wide") }
            let n = min(64, count - values.count)
            guard width * n <= bitsLeft else { throw ChunkDecodingError(reason: "it ends early") }
            if width == 0 {
                values.append(contentsOf: repeatElement(0, count: n))
            } else {
                for _ in 0..<n { values.append(try read(bits: width)) }
            }
        }
        return values
    }
}

/// Signed to unsigned so small magnitudes of either sign stay small (as in protobuf).
@inline(__always) func zigzag(_ n: Int64) -> UInt64 { UInt64(bitPattern: (n << 1) ^ (n >> 63)) }
@inline(__always) func unzigzag(_ u: UInt64) -> Int64 { Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1) }
