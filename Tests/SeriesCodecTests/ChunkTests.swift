import PropertyBased
import SeriesCodec
import Testing

/// Points of one of several shapes, all derived from random words: sensor-like decimals on a
/// steady cadence, arbitrary bit patterns and extreme times, integers, and mixed sources and
/// sub-second order.
func points(_ words: [UInt64], style: Int) -> [ChunkPoint] {
    var time: Int64 = 1_780_000_000
    var level = 3_47 as Int64
    return words.enumerated().map { k, w in
        switch style {
        case 0:
            // Two decimals on a 10-second cadence with gaps now and then.
            time += w % 17 == 0 ? Int64(w % 600) + 10 : 10
            level += Int64(w % 41) - 20
            return ChunkPoint(time: time, value: Double(level) / 100, source: "simulator")
        case 1:
            // Any double but NaN, at any second.
            var v = Double(bitPattern: w)
            if v.isNaN { v = -.infinity }
            return ChunkPoint(time: Int64(bitPattern: w &* 0x9E37_79B9_7F4A_7C15), value: v, source: "x")
        case 2:
            time += Int64(w % 3_600)
            return ChunkPoint(time: time, value: Double(Int64(bitPattern: w) >> 12), source: "")
        default:
            time += 1 + Int64(w % 5)
            let extremes: [Double] = [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, 0, -0.0, 1e-300, 123.456]
            return ChunkPoint(time: time, nanos: Int32(truncatingIfNeeded: w >> 20) & 0x3FFF_FFFF,
                              value: w % 3 == 0 ? extremes[Int(w % 7)] : Double(w % 10_000) / 1_000,
                              source: ["ingest:a.lp", "simulator", "inbox:ü.csv"][Int(w % 3)])
        }
    }
}

/// What the store keeps of points: one per second, in time order, the latest within a second.
func normalized(_ points: [ChunkPoint]) -> [ChunkPoint] { Chunk.merge([], points) }

func expectSame(_ a: [ChunkPoint], _ b: [ChunkPoint], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, sourceLocation: sourceLocation)
    for (x, y) in zip(a, b) where !x.same(as: y) {
        Issue.record("\(x) != \(y)", sourceLocation: sourceLocation)
        return
    }
}

@Suite struct ChunkProperties {
    @Test func encodingRoundTripsBitForBit() async {
        await propertyCheck(count: 500, input: Gen.uint64().array(of: 0...300), Gen.int(in: 0...3)) { words, style in
            let written = normalized(points(words, style: style))
            expectSame(try Chunk.decode(Chunk.encode(written)), written)
        }
    }

    @Test func mergingRepeatedAndOutOfOrderPointsKeepsOnePerSecondLastWriteWins() async {
        await propertyCheck(count: 200, input: Gen.uint64().array(of: 1...200), Gen.int(in: 0...3)) { words, style in
            let all = points(words, style: style)
            let once = normalized(all)
            // The same points written again, in the same order: nothing changes.
            expectSame(Chunk.merge(once, all), once)
            expectSame(Chunk.merge(once, once.reversed()), once)
            // A later write of a second replaces it; an earlier one within the second does not.
            let target = once[once.count / 2]
            var newer = target
            newer.value = 42.5
            newer.source = "late"
            let merged = Chunk.merge(once, [newer])
            #expect(merged.count == once.count)
            #expect(merged.first { $0.time == target.time }?.value == 42.5)
            if target.nanos > 0 {
                var earlier = target
                earlier.nanos -= 1
                earlier.value = -1
                expectSame(Chunk.merge(once, [earlier]), once)
            }
        }
    }

    @Test func aggregatesMatchTheirPoints() async {
        await propertyCheck(count: 200, input: Gen.int64(in: -100_000...100_000).array(of: 1...300)) { ints in
            let pts = normalized(ints.enumerated().map { ChunkPoint(time: Int64($0 * 7), value: Double($1) / 100) })
            let a = try #require(Aggregate(pts))
            #expect(a.count == pts.count)
            #expect(a.min == pts.map(\.value).min())
            #expect(a.max == pts.map(\.value).max())
            #expect(a.last == pts.last?.value)
            #expect(abs(a.sum - pts.map(\.value).reduce(0, +)) < 1e-6)
        }
    }

    @Test func damagedBytesThrowAndNeverTrap() async {
        await propertyCheck(count: 400, input: Gen.uint64().array(of: 1...120), Gen.int(in: 0...3), Gen.uint64().array(of: 1...8)) {
            words, style, damage in
            var bytes = Chunk.encode(normalized(points(words, style: style)))
            for d in damage {
                let at = Int(d % UInt64(bytes.count))
                if d & 1 == 0 { bytes[at] ^= UInt8(truncatingIfNeeded: d >> 8) | 1 } else { bytes.removeLast(min(bytes.count - 1, Int(d >> 60))) }
            }
            // Either an error or some points; the process survives either way.
            _ = try? Chunk.decode(bytes)
            _ = try? HourBuckets.decode(bytes, dayStart: 0)
        }
    }
}

@Suite struct ChunkSizes {
    /// A day of a 10-second sensor with two decimals: about a byte an observation.
    @Test func aDayOfATwoDecimalSensorTakesAboutAByteAnObservation() {
        var level: Int64 = 2_000
        var state: UInt64 = 0x1234_5678
        let day = (0..<8_640).map { k -> ChunkPoint in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            level += Int64(state >> 59) - 16
            return ChunkPoint(time: 1_780_000_000 + Int64(k) * 10, value: Double(level) / 100, source: "simulator")
        }
        let bytes = Chunk.encode(day)
        #expect(Double(bytes.count) / Double(day.count) < 1.0, "\(bytes.count) bytes for \(day.count) observations")
    }

    @Test func valuesThatAreNotDecimalsFallBackToXOR() throws {
        let day = (0..<1_000).map { k in ChunkPoint(time: Int64(k) * 60, value: 1.0 / 3.0 + Double(k / 10)) }
        let bytes = Chunk.encode(day)
        expectSame(try Chunk.decode(bytes), day)
        #expect(bytes.count < day.count * 8, "XOR stores a held value in a bit")
    }

    @Test func hourlyBucketsRoundTrip() throws {
        let start: Int64 = 86_400 * 3
        var hours: [(hour: Int, aggregate: Aggregate)] = []
        for h in 0..<24 {
            let base = Double(h)
            let last = start + Int64(h) * 3_600 + 3_590
            hours.append((h, Aggregate(count: 360, min: base, max: base + 1.25, sum: base * 360 + 0.1, last: base + 0.5, lastTime: last)))
        }
        let decoded = try HourBuckets.decode(HourBuckets.encode(hours, dayStart: start), dayStart: start)
        #expect(decoded.map { $0.hour } == hours.map { $0.hour })
        #expect(decoded.map { $0.aggregate } == hours.map { $0.aggregate })
    }
}
