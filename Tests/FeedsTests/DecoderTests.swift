import Foundation
import Feeds
import IndicatorEngine
import TestSupport
import Testing

@Suite struct LineProtocolTests {
    func parse(_ line: String) throws -> LineProtocol.Point { try LineProtocol.parse(Array(line.utf8)) }

    @Test func escapesFollowTheGrammar() throws {
        let p = try parse(#"my\ meas\,x,ta\=g=v\ a\,l\=ue value=1.5,note="say \"hi\" \\ ok" 1700000000"#)
        #expect(p.measurement == "my meas,x")
        #expect(p.tags == ["ta=g": "v a,l=ue"])
        #expect(p.fields["value"] == .float(1.5))
        #expect(p.fields["note"] == .string(#"say "hi" \ ok"#))
        #expect(p.timestamp == 1_700_000_000)
    }

    @Test func fieldTypes() throws {
        let p = try parse("m a=1i,b=2u,c=-3.25,d=t,e=FALSE,f=1e3,g=\"x y\"")
        #expect(p.fields["a"] == .integer(1))
        #expect(p.fields["b"] == .unsigned(2))
        #expect(p.fields["c"] == .float(-3.25))
        #expect(p.fields["d"] == .boolean(true))
        #expect(p.fields["e"] == .boolean(false))
        #expect(p.fields["f"] == .float(1000))
        #expect(p.fields["g"] == .string("x y"))
        #expect(p.timestamp == nil)
    }

    @Test func theFastNumberPathAgreesWithTheStandardLibrary() throws {
        for text in ["0", "7", "-0.5", "123.456", "99.99", "0.1", "1234567.891", "-42", "3.14159265358979"] {
            #expect(try parse("m value=\(text)").fields["value"] == .float(Double(text)!), "\(text)")
        }
    }

    @Test func invalidLinesSayWhy() {
        func reason(_ line: String) -> Rejection? {
            do { _ = try LineProtocol.parse(Array(line.utf8)); return nil } catch { return error }
        }
        #expect(reason("m") == .syntax("missing fields"))
        #expect(reason("m,region value=1") == .syntax("missing tag value at column 9"))
        #expect(reason("m value=") == .syntax("missing field value at column 9"))
        #expect(reason("m value=abc") == .badNumber("abc"))
        #expect(reason("m value=1e999") == .badNumber("1e999"))
        #expect(reason("m value=\"open") == .syntax("unbalanced quotes: a string field is not closed"))
        #expect(reason("m value=1 12x") == .badTime("12x"))
        #expect(reason(",t=1 value=1") == .syntax("missing measurement"))
        #expect(reason("m v=1,") == .syntax("a field has no '=' at column 7"))
        #expect(reason("m v=1 2 3") == .syntax("unexpected text after the timestamp at column 9"))
    }
}

@Suite struct DecoderTests {
    let catalog = Fixtures.catalog()

    func decode(_ lines: [String], format: InputFormat = .line, precision: LineProtocol.Precision = .s) -> [Result<Sample, Rejection>?] {
        var options = IngestOptions(format: format)
        options.precision = precision
        var decoder = Decoder(catalog: catalog, options: options)
        return lines.map { line in
            var result: Result<Sample, Rejection>?
            decoder.decode(Array(line.utf8)[...], now: 1_800_000_000) { _, r in result = result ?? r }
            return result
        }
    }

    @Test func lineProtocolResolvesToSeries() throws {
        let results = decode(["# comment", "", "agri.salinity.max,region=831,station=HL1 value=3.2,quality=1i 1700000000123",
                              "admin.overdue,region=83 value=12i"], precision: .ms)
        #expect(results[0] == nil)
        #expect(results[1] == nil)
        let series = catalog.series(indicator: "agri.salinity.max", region: "831")!
        #expect(results[2] == .success(Sample(series: series, time: 1_700_000_000, value: 3.2, nanos: 123_000_000)))
        #expect(results[3] == .success(Sample(series: catalog.series(indicator: "admin.overdue", region: "83")!, time: 1_800_000_000, value: 12)))
    }

    @Test func rejectionsNameTheProblem() {
        let results = decode([
            "nope,region=83 value=1", "admin.overdue,region=99 value=1", "admin.overdue value=1",
            "admin.overdue,region=83 other=1", "admin.overdue,region=28753 value=1", "admin.overdue,region=83 value=1 1900000000",
            "admin.overdue,region=83 value=\"text\"",
        ])
        #expect(results.map { r -> String in if case let .failure(e)? = r { "\(e)" } else { "ok" } } == [
            "unknown indicator 'nope'", "unknown region '99'", "missing region (a 'region' tag or column)", "missing value",
            "indicator 'admin.overdue' is not reported at commune level (region '28753')", "time is 100000000 s in the future",
            #"bad number '"text"'"#,
        ])
    }

    @Test func csvWithHeaderQuotesAndIsoTimes() throws {
        let results = decode([
            "time,region,indicator,value", #""2025-06-01T07:00:00+07:00",831,"agri.salinity.max","4.5""#,
            "1700000000,83,admin.overdue,", "x,83,admin.overdue,1",
        ], format: .csv)
        #expect(results[0] == nil)
        #expect(results[1] == .success(Sample(series: catalog.series(indicator: "agri.salinity.max", region: "831")!, time: 1_748_736_000, value: 4.5)))
        #expect(results[2] == .failure(.missingValue))
        #expect(results[3] == .failure(.badTime("x")))
        #expect(try CSV.time("2025-06-01T00:00:00Z") == LineProtocol.Timestamp(seconds: 1_748_736_000))
        #expect(try CSV.time("2025-06-01T00:00:00.250Z") == LineProtocol.Timestamp(seconds: 1_748_736_000, nanos: 250_000_000))
        #expect(try CSV.time("2025-13-01T00:00:00Z") == nil)
        #expect(try CSV.time("+1700000000") == nil)
        #expect(throws: Rejection.timeOutOfRange("9999-01-01T00:00:00Z")) { try CSV.time("9999-01-01T00:00:00Z") }
        #expect(throws: Rejection.timeOutOfRange("-9223372036854775808")) { try CSV.time("-9223372036854775808") }
        #expect(throws: Rejection.timeOutOfRange("99999999999999999999999")) { try CSV.time("99999999999999999999999") }
    }

    @Test func overLongLinesAreRejectedBeforeParsing() {
        var options = IngestOptions(format: .line)
        options.maxLineBytes = 10
        var decoder = Decoder(catalog: catalog, options: options)
        var result: Result<Sample, Rejection>?
        decoder.decode(Array("admin.overdue,region=83 value=1".utf8)[...], now: 0) { _, r in result = r }
        #expect(result == .failure(.lineTooLong(10)))
    }
}

@Suite struct InputEdgeTests {
    let catalog = Fixtures.catalog()

    @Test func invalidUTF8IsRejectedByLine() {
        var decoder = Decoder(catalog: catalog, options: IngestOptions(format: .line))
        var bytes = Array("admin.overdue,region=83,note=".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(" value=1".utf8)
        var result: Result<Sample, Rejection>?
        decoder.decode(bytes[...], now: 0) { _, r in result = r }
        #expect(result == .failure(.invalidUTF8))
    }

    @Test func aQuotedCSVFieldMaySpanLines() {
        var decoder = Decoder(catalog: catalog, options: IngestOptions(format: .csv))
        let lines = ["indicator,region,time,value,comment", #"admin.overdue,83,1700000000,4,"first line"#, #"second line""#,
                     "admin.overdue,83,1700000001,5,plain", #"admin.overdue,83,1700000002,6,"never closed"#]
        var results: [(Int, Result<Sample, Rejection>)] = []
        for (n, line) in lines.enumerated() {
            decoder.decode(Array(line.utf8)[...], lineNumber: n + 1, now: 1_800_000_000) { results.append(($0, $1)) }
        }
        decoder.finish { results.append(($0, $1)) }
        let series = catalog.series(indicator: "admin.overdue", region: "83")!
        #expect(results.map(\.0) == [2, 4, 5])
        #expect(results[0].1 == .success(Sample(series: series, time: 1_700_000_000, value: 4)))
        #expect(results[1].1 == .success(Sample(series: series, time: 1_700_000_001, value: 5)))
        #expect(results[2].1 == .failure(.syntax("a quoted field opened on this line is not closed by the end of the input")))
    }

    @Test func theReaderCutsOverLongLinesAndKeepsCounting() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("in.lp")
        let long = String(repeating: "x", count: 5_000)
        try "short one\n\(long)\nafter\nlast without newline".write(toFile: path, atomically: true, encoding: .utf8)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let reader = LineReader(fd: fd, maxLineBytes: 100)
        var lines: [(Int, Int)] = []
        while let line = reader.next() { lines.append((reader.lineNumber, line.count)) }
        #expect(lines.map(\.0) == [1, 2, 3, 4])
        #expect(lines.map(\.1) == [9, 101, 5, 20])
    }
}

@Suite struct LineProtocolGrammarTable {
    struct Case: Sendable, CustomStringConvertible {
        var line: String
        var measurement: String
        var tags: [String: String]
        var fields: [String: LineProtocol.FieldValue]
        var timestamp: Int64?
        var description: String { line }
    }

    static let valid: [Case] = [
        Case(line: "m v=1", measurement: "m", tags: [:], fields: ["v": .float(1)], timestamp: nil),
        Case(line: "m,a=1,b=2 v=1i,w=2u 3", measurement: "m", tags: ["a": "1", "b": "2"], fields: ["v": .integer(1), "w": .unsigned(2)], timestamp: 3),
        Case(line: #"m\ x v=1"#, measurement: "m x", tags: [:], fields: ["v": .float(1)], timestamp: nil),
        Case(line: #"m\,x v=1"#, measurement: "m,x", tags: [:], fields: ["v": .float(1)], timestamp: nil),
        Case(line: #"m=x v=1"#, measurement: "m=x", tags: [:], fields: ["v": .float(1)], timestamp: nil),
        Case(line: #"m\=x\ y v=1"#, measurement: #"m\=x y"#, tags: [:], fields: ["v": .float(1)], timestamp: nil),
        Case(line: #"m,k\ 1=v\,1,k\=2=v\=2 v=1"#, measurement: "m", tags: ["k 1": "v,1", "k=2": "v=2"], fields: ["v": .float(1)], timestamp: nil),
        Case(line: #"m f\ k\,e\=y=1"#, measurement: "m", tags: [:], fields: ["f k,e=y": .float(1)], timestamp: nil),
        Case(line: #"m s="a,b c=d""#, measurement: "m", tags: [:], fields: ["s": .string("a,b c=d")], timestamp: nil),
        Case(line: #"m s="q\"q\\b\n""#, measurement: "m", tags: [:], fields: ["s": .string(#"q"q\b\n"#)], timestamp: nil),
        Case(line: "m b=true,c=True,d=TRUE,e=t,f=T", measurement: "m", tags: [:],
             fields: ["b": .boolean(true), "c": .boolean(true), "d": .boolean(true), "e": .boolean(true), "f": .boolean(true)], timestamp: nil),
        Case(line: "m b=false,c=False,d=FALSE,e=f,f=F", measurement: "m", tags: [:],
             fields: ["b": .boolean(false), "c": .boolean(false), "d": .boolean(false), "e": .boolean(false), "f": .boolean(false)], timestamp: nil),
        Case(line: "m v=-1.5e-3,w=.5,x=-0i 1700000000000000000", measurement: "m", tags: [:],
             fields: ["v": .float(-0.0015), "w": .float(0.5), "x": .integer(0)], timestamp: 1_700_000_000_000_000_000),
        Case(line: "m v=1 -42", measurement: "m", tags: [:], fields: ["v": .float(1)], timestamp: -42),
        Case(line: "m v=1 7  ", measurement: "m", tags: [:], fields: ["v": .float(1)], timestamp: 7),
        Case(line: "độ_mặn,trạm=Hàm\\ Luông v=1", measurement: "độ_mặn", tags: ["trạm": "Hàm Luông"], fields: ["v": .float(1)], timestamp: nil),
    ]

    @Test(arguments: valid) func validLines(_ c: Case) throws {
        let p = try LineProtocol.parse(Array(c.line.utf8))
        #expect(p.measurement == c.measurement)
        #expect(p.tags == c.tags)
        #expect(p.fields == c.fields)
        #expect(p.timestamp == c.timestamp)
    }

    static let invalid: [(String, Rejection)] = [
        ("m v=9223372036854775808i", .badNumber("9223372036854775808i")),
        ("m v=-1u", .badNumber("-1u")),
        ("m v=1 99999999999999999999", .badTime("99999999999999999999")),
        ("m v=1,", .syntax("a field has no '=' at column 7")),
        ("m,=x v=1", .syntax("missing tag key at column 3")),
        ("m,a= v=1", .syntax("missing tag value at column 5")),
        ("m v", .syntax("a field has no '=' at column 4")),
        ("m v=1 2 3", .syntax("unexpected text after the timestamp at column 9")),
        ("m v=1 12x", .badTime("12x")),
        ("m v=nan", .badNumber("nan")),
        ("m v=inf", .badNumber("inf")),
    ]

    @Test(arguments: invalid) func invalidLines(_ line: String, _ reason: Rejection) {
        do {
            _ = try LineProtocol.parse(Array(line.utf8))
            Issue.record("accepted: \(line)")
        } catch {
            #expect(error == reason, "\(line)")
        }
    }
}
