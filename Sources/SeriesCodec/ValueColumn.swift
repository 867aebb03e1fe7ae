/// A column of doubles, encoded the way its values allow. Values that are decimals with a few
/// digits (a sensor's 3.47, a count's 1250) are stored as integers times a power of ten, as ALP
/// does, their successive differences bit-packed: a noisy two-decimal series costs about a
/// byte a value. Anything else (computed means, -0.0, infinities) falls back to Gorilla's XOR of
/// successive bit patterns. Either way the doubles come back bit for bit.
enum ValueColumn {
    static let decimalMode: UInt64 = 0
    static let xorMode: UInt64 = 1
    /// Exact powers of ten: an integer divided by one is the correctly rounded decimal.
    static let powers: [Double] = (0...15).map { e in (0..<e).reduce(1.0) { p, _ in p * 10 } }
    static let largestExact = Double(1 << 53)

    static func encode(_ values: [Double], into writer: inout BitWriter) {
        if let e = decimalExponent(values) {
            writer.write(decimalMode, bits: 2)
            writer.write(UInt64(e), bits: 4)
            let scale = powers[e]
            var previous: Int64 = 0
            var first = true
            var deltas: [UInt64] = []
            deltas.reserveCapacity(values.count)
            for v in values {
                let n = Int64((v * scale).rounded())
                if first {
                    writer.writeVarint(zigzag(n))
                    first = false
                } else {
                    deltas.append(zigzag(n &- previous))
                }
                previous = n
            }
            writer.writePacked(deltas)
        } else {
            writer.write(xorMode, bits: 2)
            encodeXOR(values, into: &writer)
        }
    }

    static func decode(count: Int, from reader: inout BitReader) throws -> [Double] {
        guard count > 0 else { return [] }
        let mode = try reader.read(bits: 2)
        switch mode {
        case decimalMode:
            let e = Int(try reader.read(bits: 4))
            guard e < powers.count else { throw ChunkDecodingError(reason: "exponent \(e)") }
            let scale = powers[e]
            var n = unzigzag(try reader.readVarint())
            var values: [Double] = []
            values.reserveCapacity(count)
            values.append(Double(n) / scale)
            for d in try reader.readPacked(count: count - 1) {
                n = n &+ unzigzag(d)
                values.append(Double(n) / scale)
            }
            return values
        case xorMode:
            return try decodeXOR(count: count, from: &reader)
        default:
            throw ChunkDecodingError(reason: "value mode \(mode)")
        }
    }

    /// The fewest decimals every value has, if all are such decimals within 2^53.
    static func decimalExponent(_ values: [Double]) -> Int? {
        var exponent = 0
        for v in values {
            // Most values share the exponent found so far: try it first.
            if fits(v, exponent) { continue }
            guard let e = (exponent + 1..<powers.count).first(where: { fits(v, $0) }) else { return nil }
            exponent = e
        }
        // A larger exponent keeps earlier values exact unless it pushes them past 2^53.
        return values.allSatisfy { fits($0, exponent) } ? exponent : nil
    }

    @inline(__always) static func fits(_ v: Double, _ e: Int) -> Bool {
        let scaled = (v * powers[e]).rounded()
        guard abs(scaled) <= largestExact else { return false }
        // Through the integer, as decoding goes: -0.0 comes back as 0.0 and so is not a decimal.
        return (Double(Int64(scaled)) / powers[e]).bitPattern == v.bitPattern
    }

    static func encodeXOR(_ values: [Double], into writer: inout BitWriter) {
        guard var previous = values.first?.bitPattern else { return }
        writer.write(previous, bits: 64)
        var leading = -1, trailing = 0
        for v in values.dropFirst() {
            let bits = v.bitPattern
            let x = bits ^ previous
            previous = bits
            if x == 0 {
                writer.writeBit(false)
                continue
            }
            writer.writeBit(true)
            let lz = x.leadingZeroBitCount, tz = x.trailingZeroBitCount
            if leading >= 0, lz >= leading, tz >= trailing {
                writer.writeBit(false)
                writer.write(x >> UInt64(trailing), bits: 64 - leading - trailing)
            } else {
                writer.writeBit(true)
                writer.write(UInt64(lz), bits: 6)
                let significant = 64 - lz - tz
                writer.write(UInt64(significant - 1), bits: 6)
                writer.write(x >> UInt64(tz), bits: significant)
                leading = lz
                trailing = tz
            }
        }
    }

    static func decodeXOR(count: Int, from reader: inout BitReader) throws -> [Double] {
        var previous = try reader.read(bits: 64)
        var values = [Double(bitPattern: previous)]
        values.reserveCapacity(count)
        var leading = -1, trailing = 0
        while values.count < count {
            if try reader.readBit() {
                if try reader.readBit() {
                    leading = Int(try reader.read(bits: 6))
                    let significant = Int(try reader.read(bits: 6)) + 1
                    guard leading + significant <= 64 else { throw ChunkDecodingError(reason: "an XOR window past 64 bits") }
                    trailing = 64 - leading - significant
                } else if leading < 0 {
                    throw ChunkDecodingError(reason: "an XOR value reuses a window never set")
                }
                let x = try reader.read(bits: 64 - leading - trailing) << UInt64(trailing)
                previous ^= x
            }
            values.append(Double(bitPattern: previous))
        }
        return values
    }
}
