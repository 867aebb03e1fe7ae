import Foundation
import Feeds
import IndicatorEngine
import TestSupport
import Testing

/// Whole inputs as tools write them: byte-order marks, UTF-16, other separators, stray quotes.
@Suite struct InputFileTests {
    let catalog = Fixtures.catalog()
    static let now: Int64 = 1_800_000_000

    /// Every result with its line, decoding `bytes` split at newlines as the line reader does.
    func decode(_ bytes: [UInt8], format: InputFormat) -> (results: [(Int, Result<Sample, Rejection>)], refused: Bool) {
        var decoder = Decoder(catalog: catalog, options: IngestOptions(format: format))
        var results: [(Int, Result<Sample, Rejection>)] = []
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.last == 0x0A { lines.removeLast() }
        for (n, line) in lines.enumerated() where decoder.refusal == nil {
            decoder.decode(line, lineNumber: n + 1, now: Self.now) { results.append(($0, $1)) }
        }
        decoder.finish(now: Self.now) { results.append(($0, $1)) }
        return (results, decoder.refusal != nil)
    }

    func decode(_ text: String, format: InputFormat) -> (results: [(Int, Result<Sample, Rejection>)], refused: Bool) {
        decode(Array(text.utf8), format: format)
    }

    var overdue: SeriesID { catalog.series(indicator: "admin.overdue", region: "83")! }

    @Test func aUTF8ByteOrderMarkIsSkipped() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let csv = decode(bom + Array("indicator,region,time,value\nadmin.overdue,83,1700000000,4\n".utf8), format: .csv)
        #expect(csv.results.map(\.1) == [.success(Sample(series: overdue, time: 1_700_000_000, value: 4))])
        let line = decode(bom + Array("admin.overdue,region=83 value=5 1700000000\n".utf8), format: .line)
        #expect(line.results.map(\.1) == [.success(Sample(series: overdue, time: 1_700_000_000, value: 5))])
    }

    @Test func utf16And32AreRefusedWithOneMessage() {
        let text = "indicator,region,time,value\nadmin.overdue,83,1700000000,4\n"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let bare = Array(le.dropFirst(2))
        let utf32: [UInt8] = [0xFF, 0xFE, 0, 0] + text.unicodeScalars.flatMap { [UInt8($0.value & 0xFF), 0, 0, 0] }
        for (bytes, word) in [(le, "UTF-16"), (be, "UTF-16"), (bare, "UTF-16"), (utf32, "UTF-32")] {
            for format in InputFormat.allCases {
                let (results, refused) = decode(bytes, format: format)
                #expect(refused)
                #expect(results.count == 1)
                guard case let .failure(reason)? = results.first?.1 else { Issue.record("not refused"); continue }
                #expect(results.first?.0 == 1)
                #expect(reason.description.contains(word) && reason.description.contains("save it as UTF-8"), "\(reason)")
                #expect(!reason.description.contains("\u{0}"))
            }
        }
    }

    @Test func workbooksAndCompressedFilesAreNamed() {
        let zip = decode([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], format: .csv)
        #expect(zip.refused && zip.results.count == 1 && "\(zip.results[0].1)".contains("Excel workbook"))
        let gzip = decode([0x1F, 0x8B, 0x08, 0x00, 0x00], format: .line)
        #expect(gzip.refused && gzip.results.count == 1 && "\(gzip.results[0].1)".contains("gunzip"))
    }

    @Test func semicolonAndTabSeparatedCSVAreRead() {
        for sep in [";", "\t"] {
            let text = ["time", "indicator", "region", "value"].joined(separator: sep) + "\n"
                + ["1700000000", "admin.overdue", "83", "4.5"].joined(separator: sep) + "\n"
                + ["1700000001", "admin.overdue", "83", "4,5"].joined(separator: sep) + "\n"
            let (results, refused) = decode(text, format: .csv)
            #expect(!refused)
            #expect(results.map(\.0) == [2, 3])
            #expect(results.map(\.1) == [.success(Sample(series: overdue, time: 1_700_000_000, value: 4.5)), .failure(.decimalComma("4,5"))])
        }
        #expect(Rejection.decimalComma("4,5").description == "value '4,5' has a decimal comma; write it with a point (4.5)")
    }

    @Test func aHeaderThatNamesNothingIsOneMessage() {
        let text = "ma;vung;thoigian;giatri\n" + String(repeating: "admin.overdue;83;1700000000;4\n", count: 50)
        let (results, refused) = decode(text, format: .csv)
        #expect(refused)
        #expect(results.count == 1)
        #expect("\(results[0].1)".contains("header naming the columns indicator, region, time and value"))
        #expect("\(results[0].1)".contains("ma;vung;thoigian;giatri"))
    }

    @Test func csvValuesAndTimesFollowTheSameNumberRules() {
        let rows = ["+4", "0x10", "4\u{0}2", "1e3", "-.5", " 7 ", "nan", "inf"].map { "admin.overdue,83,1700000000,\"\($0)\"" }
        let (results, _) = decode("indicator,region,time,value\n" + rows.joined(separator: "\n"), format: .csv)
        #expect(results.map(\.1) == [
            .failure(.badNumber("+4")), .failure(.badNumber("0x10")), .failure(.badNumber("4\u{0}2")),
            .success(Sample(series: overdue, time: 1_700_000_000, value: 1000)), .success(Sample(series: overdue, time: 1_700_000_000, value: -0.5)),
            .success(Sample(series: overdue, time: 1_700_000_000, value: 7)), .failure(.badNumber("nan")), .failure(.badNumber("inf")),
        ])
        let times = ["+1700000000", "-9223372036854775808", "9223372036854775807", "99999999999999999999", "0x10", "2025-06-01T07:00:00.5+07:00"]
        let (timed, _) = decode("indicator,region,time,value\n" + times.map { "admin.overdue,83,\($0),1" }.joined(separator: "\n"), format: .csv)
        #expect(timed.map(\.1) == [
            .failure(.badTime("+1700000000")), .failure(.timeOutOfRange("-9223372036854775808")),
            .failure(.timeOutOfRange("9223372036854775807")), .failure(.timeOutOfRange("99999999999999999999")),
            .failure(.badTime("0x10")), .success(Sample(series: overdue, time: 1_748_736_000, value: 1, nanos: 500_000_000)),
        ])
    }

    @Test func aNewlineInsideAStringFieldIsOnePoint() {
        let text = "admin.overdue,region=83 note=\"first\nsecond \\\"q\\\"\",value=3 1700000000\nadmin.overdue,region=83 value=4 1700000001\n"
        let (results, _) = decode(text, format: .line)
        #expect(results.map(\.0) == [1, 3])
        #expect(results.map(\.1) == [.success(Sample(series: overdue, time: 1_700_000_000, value: 3)),
                                     .success(Sample(series: overdue, time: 1_700_000_001, value: 4))])
    }

    @Test func aStrayQuoteLosesOnlyItsOwnLine() {
        for format in InputFormat.allCases {
            let header = format == .csv ? "indicator,region,time,value,note\n" : ""
            let bad = format == .csv ? "admin.overdue,83,1700000000,1,\"never closed" : "admin.overdue,region=83 value=1,note=\"never closed 1700000000"
            let good = (1...5).map { k in
                format == .csv ? "admin.overdue,83,\(1_700_000_000 + k),\(k),\"ok\"" : "admin.overdue,region=83 value=\(k),note=\"ok\" \(1_700_000_000 + k)"
            }
            let (results, _) = decode(header + ([bad] + good).joined(separator: "\n") + "\n", format: format)
            let offset = format == .csv ? 1 : 0
            #expect(results.map(\.0) == (1...6).map { $0 + offset }, "\(format)")
            guard results.count == 6 else { continue }
            if case .success = results[0].1 { Issue.record("the unclosed line was accepted") }
            #expect(results.dropFirst().map(\.1) == (1...5).map { .success(Sample(series: overdue, time: 1_700_000_000 + Int64($0), value: Double($0))) })
        }
    }

    @Test func aQuoteThatRunsPastTheLimitIsCutThere() {
        var options = IngestOptions(format: .line)
        options.maxLineBytes = 200
        var decoder = Decoder(catalog: catalog, options: options)
        var results: [(Int, Result<Sample, Rejection>)] = []
        decoder.decode(Array("admin.overdue,region=83 value=1,note=\"open".utf8)[...], lineNumber: 1, now: Self.now) { results.append(($0, $1)) }
        for k in 2...20 {
            decoder.decode(Array("admin.overdue,region=83 value=\(k) 1700000000".utf8)[...], lineNumber: k, now: Self.now) { results.append(($0, $1)) }
        }
        decoder.finish(now: Self.now) { results.append(($0, $1)) }
        #expect(results.map(\.0) == Array(1...20))
        #expect(results.first.map { "\($0.1)" }?.contains("not closed within 200 bytes") == true)
        #expect(results.dropFirst().allSatisfy { if case .success = $0.1 { true } else { false } })
    }

    /// The official InfluxDB client (`influxdb-client` from PyPI) writes points with escapes,
    /// Vietnamese text, newlines and quotes in strings, every field type and every precision;
    /// each is accepted with the value and time the client meant.
    @Test func pointsWrittenByTheOfficialClientAreAccepted() throws {
        let dir = TemporaryDirectory()
        let script = """
            import json, sys
            from influxdb_client import Point, WritePrecision
            out = []
            cases = [
                ('s', 1700000000, WritePrecision.S, 1700000000, 0),
                ('ms', 1700000000123, WritePrecision.MS, 1700000000, 123000000),
                ('us', 1700000000123456, WritePrecision.US, 1700000000, 123456000),
                ('ns', 1700000000123456789, WritePrecision.NS, 1700000000, 123456789),
                ('ns', -1, WritePrecision.NS, -1, 999999999),
            ]
            values = [3.25, 7, -12, 0.1, 1e-7, 123456789.125, True, 2**62]
            notes = ['plain', 'dấu cách, phẩy=bằng', 'line one\\nline two', 'quote " and \\\\ backslash', '']
            for p, t, precision, seconds, nanos in cases:
                for k, v in enumerate(values):
                    point = Point('admin.overdue').tag('region', '83').tag('trạm', 'Hàm Luông, bến=1').field('value', v)
                    point = point.field('ghi_chú', notes[k % len(notes)]).field('n', k).time(t, precision)
                    out.append({'precision': p, 'line': point.to_line_protocol(), 'value': float(v), 'seconds': seconds, 'nanos': nanos})
            json.dump(out, open(sys.argv[1], 'w'))
            """
        try script.write(toFile: dir.file("gen.py"), atomically: true, encoding: .utf8)
        let result = try run(["/usr/bin/env", "python3", dir.file("gen.py"), dir.file("points.json")])
        try #require(result.code == 0, "python3 with influxdb-client is needed (pip3 install influxdb-client; .ci/run installs it): \(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: dir.file("points.json")))
        let points = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        #expect(points.count == 40)
        for point in points {
            let line = point["line"] as! String
            var options = IngestOptions(format: .line)
            options.precision = LineProtocol.Precision(rawValue: point["precision"] as! String)!
            var decoder = Decoder(catalog: catalog, options: options)
            var results: [Result<Sample, Rejection>] = []
            for part in line.split(separator: "\n", omittingEmptySubsequences: false) {
                decoder.decode(Array(part.utf8)[...], now: Self.now) { results.append($1) }
            }
            decoder.finish(now: Self.now) { results.append($1) }
            let expected = Sample(series: overdue, time: Int64(point["seconds"] as! Int), value: point["value"] as! Double,
                                   nanos: Int32(point["nanos"] as! Int))
            #expect(results == [.success(expected)], "\(line)")
        }
    }
}
