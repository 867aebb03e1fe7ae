import Foundation
import Feeds
import IndicatorEngine
import TestSupport
import Testing

/// InfluxDB's own parser tests (`models/points_test.go` of InfluxDB 2.x), rewritten onto an
/// indicator and region of the catalog: `cpu` becomes `admin.overdue,region=83`, and a case whose
/// point has no `value` field gets one. Every line InfluxDB accepts is accepted with the same value
/// and time; every line it rejects is rejected. Line protocol has nanosecond timestamps there, so
/// these run at `--precision ns` with no limit on future times.
@Suite struct InfluxDBReferenceTests {
    enum Verdict: Equatable, CustomStringConvertible {
        case accept(Double, seconds: Int64, nanos: Int32 = 0)
        case acceptNow(Double)
        case reject

        var description: String {
            switch self {
            case let .accept(v, s, n): "accept \(v) at \(s).\(n)"
            case let .acceptNow(v): "accept \(v) now"
            case .reject: "reject"
            }
        }
    }

    struct Case: Sendable, CustomStringConvertible {
        var input: String
        var verdicts: [Verdict]
        var precision: LineProtocol.Precision = .ns
        var description: String { input.debugDescription }
    }

    static let now: Int64 = 1_800_000_000
    static let m = "admin.overdue,region=83"
    static let maxFloat = "17976931348623157" + String(repeating: "0", count: 292) + ".0"

    static func accept(_ line: String, _ value: Double, ns: Int64? = nil, _ precision: LineProtocol.Precision = .ns) -> Case {
        guard let ns else { return Case(input: line, verdicts: [.acceptNow(value)], precision: precision) }
        let t = precision.time(ns)!
        return Case(input: line, verdicts: [.accept(value, seconds: t.seconds, nanos: t.nanos)], precision: precision)
    }

    static func reject(_ line: String, _ precision: LineProtocol.Precision = .ns) -> Case {
        Case(input: line, verdicts: [.reject], precision: precision)
    }

    static let cases: [Case] = [
        // TestParsePointNoTimestamp, TestPoint_Tags
        accept("\(m) value=1", 1),
        accept("\(m),tag0=v0 value=1", 1),
        accept(#"\#(m),tag0=v\ 0 value=1"#, 1),
        accept(#"\#(m),tag0=v\ 0\ 1,tag1=v2 value=1"#, 1),
        accept(#"\#(m),tag0=\, value=1"#, 1),
        accept(#"\#(m),ta\ g0=\, value=1"#, 1),
        accept(#"\#(m),tag0=\,1 value=1"#, 1),
        accept(#"\#(m),tag0=1\"\",t=k value=1"#, 1),
        reject("\(m),_measurement=v0,tag0=v0 value=1"),
        reject("\(m),tag0=v0,_measurement=v0 value=1"),
        reject("\(m),tag0=v0,_field=v0 value=1"),
        reject("\(m),tag0=v0,time=v0 value=1"),
        // TestPoint_Nulls
        accept("\(m),tag\u{0}1=v0 value=1", 1),
        accept("\(m),tag0=\u{0},tag1=v0 value=1", 1),
        accept("\(m),tag0=v0 val\u{0}ue=1,value=2", 2),
        reject("\(m),tag0=v0,tag1=v0 value=\u{0}"),
        reject("\u{0},tag0=v0,tag1=v0 value=1"),
        // TestParsePointWhitespace
        accept("\(m)    value=1.0 1257894000000000000", 1, ns: 1_257_894_000_000_000_000),
        accept("\(m) value=1.0     1257894000000000000", 1, ns: 1_257_894_000_000_000_000),
        accept("\(m)      value=1.0     1257894000000000000", 1, ns: 1_257_894_000_000_000_000),
        accept("\(m) value=1.0 1257894000000000000   ", 1, ns: 1_257_894_000_000_000_000),
        accept("\(m) value=1.0 1257894000000000000\n", 1, ns: 1_257_894_000_000_000_000),
        accept("\(m)   value=1.0 1257894000000000000\n", 1, ns: 1_257_894_000_000_000_000),
        accept("\(m) value=1.0   ", 1),
        // TestParsePointNoFields, TestParsePointMissingQuote
        reject("\(m)"), reject("\(m),host==x"), reject("="),
        reject(#"\#(m),host=serverA value="test"#), reject(#"\#(m),host=serverA value=1,s="test"""#),
        // TestParsePointMissingTagKey
        reject("\(m), value=1"), reject("\(m),"), reject("\(m),,,"), reject("\(m),host=serverA,=us-east value=1i"),
        reject(#"\#(m),host=serverAa\,,=us-east value=1i"#), reject(#"\#(m),host=serverA\,,=us-east value=1i"#),
        reject("\(m), =serverA value=1i"),
        accept(#"\#(m),host=serverA,\ =us-east value=1i"#, 1),
        // TestParsePointMissingTagValue, TestParsePointInvalidTagFormat
        reject("\(m),host"), reject("\(m),host,"), reject("\(m),host="), reject("\(m),host value=1i"),
        reject("\(m),host=serverA,zone value=1i"), reject("\(m),host=serverA,zone= value=1i"),
        reject("\(m),host=serverA,zone=,rack=us-west value=1i"),
        reject("\(m),host=f=o,"), reject(#"\#(m),host=f\==o,"#), reject("\(m),note=a=b value=1"),
        // TestParsePointMissingFieldName, TestParsePointMissingFieldValue
        reject("\(m) ="), reject("\(m) =123i"), reject("\(m) value=123i,=456i"),
        accept(#"\#(m) a\ =123i,value=1"#, 1),
        reject("\(m) value="), reject("\(m) value= 1000000000i"), reject("\(m) value=,value2=1i"),
        reject("\(m) 1434055562000000000i"), reject("\(m) value=1i,b"), reject(#"\#(m) f="blah"=123,r 1531703600000000000"#),
        // TestParsePointBadNumber, and the junk of the issue: NUL inside a number, hex, a leading plus
        reject("\(m) value=- "), reject("\(m) value=-i "), reject("\(m) value=-. "), reject("\(m) value=. "),
        reject("\(m) value=1.0i "), reject("\(m) value=1ii "), reject("\(m) value=1a "), reject("\(m) value=-e-e-e "),
        reject("\(m) value=42+3 "), reject("\(m) value= "), reject("\(m) value=-123u"),
        reject("\(m) value=2\u{0}22"), reject("\(m) value=0x10"), reject("\(m) value=+1"), reject("\(m) value=1_000"),
        // TestParsePointMaxInt64 … TestParsePointMinUint64
        reject("\(m) value=9223372036854775808i"),
        accept("\(m) value=9223372036854775807i", 9_223_372_036_854_775_807),
        accept("\(m) value=0009223372036854775807i", 9_223_372_036_854_775_807),
        reject("\(m) value=-9223372036854775809i"),
        accept("\(m) value=-9223372036854775808i", -9_223_372_036_854_775_808),
        accept("\(m) value=-0009223372036854775808i", -9_223_372_036_854_775_808),
        reject("\(m) value=1\(maxFloat)"),
        accept("\(m) value=\(maxFloat)", .greatestFiniteMagnitude),
        accept("\(m) value=0000\(maxFloat)", .greatestFiniteMagnitude),
        reject("\(m) value=-1\(maxFloat)"),
        accept("\(m) value=-\(maxFloat)", -.greatestFiniteMagnitude),
        reject("\(m) value=18446744073709551616u"),
        accept("\(m) value=18446744073709551615u", 18_446_744_073_709_551_615),
        accept("\(m) value=00018446744073709551615u", 18_446_744_073_709_551_615),
        reject("\(m) value=--1u"), accept("\(m) value=0u", 0), accept("\(m) value=0000u", 0),
        // Numbers: TestParsePointNumberNonNumeric … TestParsePointScientificIntInvalid
        reject("\(m) value=.1a"), reject("\(m) value=0.-1"), reject("\(m) value=-"), reject("\(m) value=1.1.1"),
        accept("\(m) value=1i", 1), accept("\(m) value=-1i", -1), accept("\(m) value=-1.0", -1), accept("\(m) value=.1", 0.1),
        accept("\(m) value=1.0e4", 1e4), accept("\(m) value=1e4", 1e4), accept("\(m) value=1.0E4", 1e4), accept("\(m) value=1E4", 1e4),
        accept("\(m) value=1.0e-4", 1e-4), accept("\(m) value=-1.0e-4", -1e-4), accept("\(m) value=6.632243e+06 1000000000", 6_632_243, ns: 1_000_000_000),
        accept("\(m) value=1. 1000000000", 1, ns: 1_000_000_000), accept("\(m) value=-0.64 1000000000", -0.64, ns: 1_000_000_000),
        reject("\(m) value=a"), reject("\(m) value=9ie10"), reject("\(m) value=9e10i"), reject("\(m) value=1e"),
        reject("\(m) value=NaN 1000000000"), reject("\(m) value=nAn 1000000000"), reject("\(m) value=NaN"), reject("\(m) value=inf"),
        // Malformed fields other than value are malformed lines
        reject("\(m) value=1,note=Happy"), reject("\(m) value=1,other=1.1.1"), reject("\(m) value=1,b=tru"),
        // TestParsePointUnescape (tags and field keys; the measurement must name an indicator)
        accept(#"\#(m),regions=east\,west value=1.0"#, 1), accept(#"\#(m),regions=\\ east value=1.0"#, 1),
        accept(#"\#(m),regions=eas\\ t value=1.0"#, 1), accept(#"\#(m),regions=east\\  value=1.0"#, 1),
        accept(#"\#(m),regions=east\ west value=1.0"#, 1), accept(#"\#(m),region\ zone=east value=1.0"#, 1),
        accept(#"\#(m),reg\\=ion=east value=1.0"#, 1), accept(#"\#(m),\ =east value=1.0"#, 1),
        accept(#"\#(m),regions=eas\t value=1.0"#, 1), accept(#"\#(m),regions=\\,\,\=east value=1.0"#, 1),
        accept(#"\#(m) value\,ms=1.0,value=2"#, 2), accept(#"\#(m) \a=1i,value=3"#, 3),
        accept(#"\#(m),equals\=foo=tag\=value value=1i"#, 1),
        // TestParsePointWithDuplicateTags
        reject("\(m),host=serverA,host=serverB value=1i 1000000000"), reject("\(m),b=2,b=1,c=3 value=1i 1000000000"),
        reject("\(m),b=2,c=3,b=1 value=1i 1000000000"), reject("\(m),region=83 value=1"),
        // Strings: TestParsePointWithStringField … TestParsePointWithStringWithBackslash
        accept(#"\#(m) value=1.0,str="foo",str2="bar" 1000000000"#, 1, ns: 1_000_000_000),
        accept(#"\#(m) str="foo \" bar",value=2 1000000000"#, 2, ns: 1_000_000_000),
        accept(#"\#(m) value=1.0,str="foo bar" 1000000000"#, 1, ns: 1_000_000_000),
        accept("\(m) value=1.0,str=\"foo\nbar\" 1000000000", 1, ns: 1_000_000_000),
        accept(#"\#(m) value=1.0,str="foo\,bar" 1000000000"#, 1, ns: 1_000_000_000),
        accept(#"\#(m) value=1.0,str="foo,bar" 1000000000"#, 1, ns: 1_000_000_000),
        accept(#"\#(m) str="foo\\",str2="bar",value=4 1000000000"#, 4, ns: 1_000_000_000),
        accept(#"\#(m) note="{Hello\"{,}\" World}",value=5 1000000000"#, 5, ns: 1_000_000_000),
        accept(#"\#(m) str="foo=bar",value=1.0 1000000000"#, 1, ns: 1_000_000_000),
        accept(#"\#(m) s="test\\\"",value=6 1000000000"#, 6, ns: 1_000_000_000),
        accept(#"\#(m) s="wè",value=7 1000000000"#, 7, ns: 1_000_000_000),
        accept(#"\#(m),"host"="serverA" value=1.0 1000000000"#, 1, ns: 1_000_000_000),
        reject(#"\#(m) value="text""#),
        // TestParsePoint_TrailingSlash, TestParsePointWithBoolField
        reject(#"\#(m) value=1 0\"#),
        accept("\(m) value=1,true=true,t=t,T=T,TRUE=TRUE,True=True,false=false,f=f,F=F,FALSE=FALSE,False=False 1000000000", 1, ns: 1_000_000_000),
        accept("\(m) value=t", 1), accept("\(m) value=False", 0),
        // Timestamps: TestParsePointNegativeTimestamp … TestParsePointInvalidTimestamp
        accept("\(m) value=1 -1", 1, ns: -1),
        accept("\(m) value=1 9223372036854775806", 1, ns: LineProtocol.maxNanos),
        accept("\(m) value=1 -9223372036854775806", 1, ns: LineProtocol.minNanos),
        reject("\(m) value=1 9223372036854775807"), reject("\(m) value=1 -9223372036854775807"),
        reject("\(m) value=1 -9223372036854775808"),
        reject("\(m) value=1 9223372036854775808"), reject("\(m) value=1 -92233720368547758078"), reject("\(m) value=1 -"),
        reject("\(m) value=1 -/"), reject("\(m) value=1 -1?"), reject("\(m) value=1 1-"), reject("\(m) value=1 9223372036854775807 12"),
        reject("\(m) value=1 123\t"),
        // TestParsePointsWithPrecision: every precision, and the ends of the range in each
        accept("\(m) value=1.0 946730096789012345", 1, ns: 946_730_096_789_012_345),
        accept("\(m) value=1.0 946730096789012", 1, ns: 946_730_096_789_012, .us),
        accept("\(m) value=1.0 946730096789", 1, ns: 946_730_096_789, .ms),
        accept("\(m) value=1.0 946730096", 1, ns: 946_730_096, .s),
        accept("\(m) value=1 9223372036", 1, ns: 9_223_372_036, .s), reject("\(m) value=1 9223372037", .s),
        accept("\(m) value=1 -9223372036", 1, ns: -9_223_372_036, .s), reject("\(m) value=1 -9223372037", .s),
        reject("\(m) value=1 9223372036855", .ms), reject("\(m) value=1 9223372036854776", .us),
        reject("\(m) value=1 -9223372036854775807", .s), reject("\(m) value=1 -9223372036854775807", .ms),
        reject("\(m) value=1 9223372036854775807", .us),
        // TestNewPointLargeNumberOfTags, TestParsePointIntsFloats, TestPoint_FieldIterator_FieldMap
        accept("\(m)" + (0..<255).map { ",tag\($0)=value\($0)" }.joined() + " value=1", 1),
        accept("\(m) int=10i,float=11.0,float2=12.1,value=8 1000000000", 8, ns: 1_000_000_000),
        accept("\(m) v=42i,f=42,g=42.314,u=123u,value=9", 9),
        accept("\(m) a=2i,b=3i,c=true,d=\"stuff\",e=-0.23,f=123.456,value=10", 10),
        // Comments, blank and white lines (TestParsePointsWithPrecisionComments, TestParsePointsBlankLine)
        Case(input: "# comment only", verdicts: []),
        Case(input: "# a point is below\n\(m) value=1.0 946730096789012345",
             verdicts: [.accept(1, seconds: 946_730_096, nanos: 789_012_345)]),
        Case(input: "\t# a point is below\n\(m) value=1.0 946730096789012345",
             verdicts: [.accept(1, seconds: 946_730_096, nanos: 789_012_345)]),
        Case(input: "\(m) value=1i 1000000000\n\n\(m) value=2i 2000000000", verdicts: [.accept(1, seconds: 1), .accept(2, seconds: 2)]),
        Case(input: " ", verdicts: []),
        // TestParsePointsQuotesInFieldKey, TestParsePointsQuotesInTags, TestParsePointsUnbalancedQuotedTags
        Case(input: "\(m) \"a=1,value=5\n\(m) value=2 1", verdicts: [.acceptNow(5), .accept(2, seconds: 0, nanos: 1)]),
        reject(#"\#(m) "\, '= "\ v=1.0"#),
        Case(input: "\(m),label=hey\\ \"ya a=1i,value=0i\n\(m),label=another a=2i,value=1i 1",
             verdicts: [.acceptNow(0), .accept(1, seconds: 0, nanos: 1)]),
        Case(input: "\(m),mytag=\"a value=1 1441103862125\n\(m),mytag=a value=2 1441103862126",
             verdicts: [.accept(1, seconds: 1441, nanos: 103_862_125), .accept(2, seconds: 1441, nanos: 103_862_126)]),
    ]

    static func run(_ c: Case, maxFuture: Int64 = .max) -> [Verdict] {
        var options = IngestOptions(format: .line)
        options.precision = c.precision
        options.maxFuture = maxFuture
        var decoder = Decoder(catalog: Fixtures.catalog(), options: options)
        var verdicts: [Verdict] = []
        func take(_ line: Int, _ result: Result<Sample, Rejection>) {
            switch result {
            case let .success(d) where d.time == now && d.nanos == 0: verdicts.append(.acceptNow(d.value))
            case let .success(d): verdicts.append(.accept(d.value, seconds: d.time, nanos: d.nanos))
            case let .failure(reason):
                #expect(!reason.description.isEmpty)
                verdicts.append(.reject)
            }
        }
        var lines = c.input.split(separator: "\n", omittingEmptySubsequences: false)
        if c.input.hasSuffix("\n") { lines.removeLast() }
        for (n, line) in lines.enumerated() { decoder.decode(Array(line.utf8)[...], lineNumber: n + 1, now: now, take) }
        decoder.finish(now: now, take)
        return verdicts
    }

    @Test(arguments: cases) func agreesWithInfluxDB(_ c: Case) {
        #expect(Self.run(c) == c.verdicts)
    }

    @Test func theLargestTimesAreStillTooFarInTheFutureByDefault() {
        var c = Self.accept("\(Self.m) value=1 9223372036854775806", 1, ns: LineProtocol.maxNanos)
        c.verdicts = [.reject]
        #expect(Self.run(c, maxFuture: 300) == [.reject])
    }

    @Test func reasonsSayWhatIsWrong() {
        func reason(_ line: String, _ precision: LineProtocol.Precision = .s) -> String {
            var options = IngestOptions(format: .line)
            options.precision = precision
            var decoder = Decoder(catalog: Fixtures.catalog(), options: options)
            var text = "accepted"
            let take: Decoder.Emit = { _, r in if case let .failure(e) = r { text = e.description } }
            decoder.decode(Array(line.utf8)[...], lineNumber: 1, now: Self.now, take)
            decoder.finish(now: Self.now, take)
            return text
        }
        let m = Self.m
        #expect(reason("\(m) value=1 -9223372036854775807") == "time '-9223372036854775807 (s)' is outside the range line protocol allows (1677-09-21 to 2262-04-11)")
        #expect(reason("\(m),note=a=b value=1") == "syntax: '=' in a tag value at column 31 (write it as \\=)")
        #expect(reason("\(m) value=1,note=Happy") == "bad number 'Happy'")
        #expect(reason("\(m) value=0x10") == "bad number '0x10'")
        #expect(reason("\(m) value=+1") == "bad number '+1'")
        #expect(reason("\(m),a=1,a=2 value=1") == "syntax: duplicate tag 'a'")
        #expect(reason("\(m),time=1 value=1") == "syntax: reserved tag key 'time'")
        #expect(reason("\(m) value=\"x") == "syntax: a string field opened on this line is not closed by the end of the input")
    }
}
