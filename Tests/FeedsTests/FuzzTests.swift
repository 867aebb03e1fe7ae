import Foundation
import Feeds
import IndicatorEngine
import TestSupport
import Testing

/// Random and mutated input never crashes the parser or the decoder: every line is accepted
/// with a finite value, or rejected with a reason that names something.
@Suite struct FuzzTests {
    let catalog = Fixtures.catalog()
    let seeds = [
        "agri.salinity.max,region=831,station=HL1 value=3.25 1700000000",
        #"admin.overdue,region=83 value=12i,note="a \"quoted\" note" 1700000000"#,
        #"my\ meas\,x,ta\=g=v\ a value=t"#,
        "agri.water_level,region=83 value=-12.5e1,flag=F -1700000000",
        "indicator,region,time,value",
        #""admin.overdue","83","2025-06-01T07:00:00+07:00","4""#,
    ]
    let alphabet = Array("abz019.,= \\\"#-_=ieu+tTfF".utf8) + [0x00, 0x0A, 0x0D, 0x7F, 0xC3, 0xA1, 0xFF, 0xE1, 0xBA]

    func check(_ bytes: [UInt8], format: InputFormat) {
        var decoder = Decoder(catalog: catalog, options: IngestOptions(format: format))
        let take: Decoder.Emit = { _, result in
            switch result {
            case let .success(d):
                #expect(d.value.isFinite)
                #expect(d.series.raw >= 0 && d.series.raw < catalog.seriesCount)
                #expect(d.nanos >= 0 && d.nanos < 1_000_000_000)
            case let .failure(reason):
                #expect(!reason.description.isEmpty)
            }
        }
        decoder.decode(Array("indicator,region,time,value".utf8)[...], now: 1_750_000_000, take)
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) { decoder.decode(line, now: 1_750_000_000, take) }
        decoder.finish(take)
        if case let .success(point) = Result(catching: { try LineProtocol.parse(bytes) }) {
            #expect(!point.measurement.isEmpty)
            #expect(!point.fields.isEmpty)
        }
    }

    @Test func randomBytes() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<20_000 {
            let count = Int(random.next() % 80)
            let bytes = (0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            check(bytes, format: random.next() % 2 == 0 ? .line : .csv)
        }
    }

    @Test func mutatedValidLines() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<20_000 {
            var bytes = Array(seeds[Int(random.next() % UInt64(seeds.count))].utf8)
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0 where !bytes.isEmpty: bytes.remove(at: position)
                case 1: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
                case 2 where !bytes.isEmpty: bytes[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                default: bytes = Array(bytes.prefix(position))
                }
            }
            check(bytes, format: random.next() % 3 == 0 ? .csv : .line)
        }
    }

    /// The libFuzzer corpus (`tools/fuzz.sh`), crashes found once included, replayed through the
    /// same checks: each input as a whole file, in every precision and as CSV.
    @Test func theFuzzCorpusReplays() throws {
        var replayed = 0
        for target in ["scanner", "line", "csv"] {
            let folder = repositoryRoot.appendingPathComponent("Fuzz/corpus/\(target)")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(!names.isEmpty, "no corpus for \(target)")
            for name in names {
                // A running fuzzer may reduce (delete) an input between the listing and the read.
                guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { continue }
                let bytes = Array(data)
                check(bytes, format: target == "csv" ? .csv : .line)
                replayed += 1
            }
        }
        #expect(replayed > 1_000, "the corpus is replayed: \(replayed) inputs")
    }
}
