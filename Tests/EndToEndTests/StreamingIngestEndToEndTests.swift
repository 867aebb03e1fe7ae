import Foundation
import TestSupport
import Testing

/// `ioc ingest -` on a stream that never ends (a pipe from mosquitto_sub, a polling script):
/// it commits what it has read every second while its input stays open (#20).
@Suite(.serialized) struct StreamingIngestEndToEndTests {
    /// A writer sends one value at a time and keeps the pipe open: each value reaches
    /// `ioc value` through the running leader before the next is written; SIGUSR1 asks for
    /// the counts; the summary comes when the writer closes the pipe.
    @Test func aStreamThatStaysOpenIsCommittedAsItArrives() throws {
        let dir = TemporaryDirectory("ioc-stream")
        let store = dir.file("ioc.sqlite")
        let serve = try Child(ioc(["serve", "--no-simulator"], store: store))
        defer { serve.signal(SIGTERM); serve.wait() }
        #expect(eventually { serve.stderr.contains("leading") }, "\(serve.stderr)")
        let fifo = dir.file("stream")
        #expect(mkfifo(fifo, 0o600) == 0)
        // Held read-write: opening never waits, and the stream ends only when this closes it.
        let writer = open(fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        #expect(writer >= 0)
        let ingest = try Child(["/bin/sh", "-c", #"exec "$0" ingest - --config "$1" --store "$2" < "$3""#, iocBinary, defaultConfig, store, fifo])
        func value() -> String { (try? run(ioc(["value", "agri.salinity.max", "831"], store: store)).stdout) ?? "" }
        for reading in ["1.5", "2.5", "3.5"] {
            let line = Array("agri.salinity.max,region=831 value=\(reading)\n".utf8)
            #expect(write(writer, line, line.count) == line.count)
            // The deadline only bounds a hung test: the value must come while the pipe is open.
            #expect(eventually(seconds: 30) { value().contains(": \(reading) ‰") }, "\(value()) \(ingest.stderr)")
            #expect(ingest.isRunning, "the stream is open: ingest must still be reading")
        }
        ingest.signal(SIGUSR1)
        #expect(eventually { ingest.stderr.contains("ioc ingest: stdin: 3 accepted, 0 rejected so far (still reading)") }, "\(ingest.stderr)")
        #expect(ingest.isRunning, "SIGUSR1 asks for the counts; it does not stop the stream")
        close(writer)
        #expect(ingest.wait() == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("ioc ingest: 3 accepted, 0 rejected"), "\(ingest.stderr)")
    }

    /// An `ioc ingest` that leads itself (nobody else does) leaves its account as the `ingest`
    /// feed, added to the last within the hour; read past ten minutes it is quiet.
    @Test func anIngestThatLedItselfIsAFeedOnRecord() throws {
        let dir = TemporaryDirectory("ioc-ingest-feed")
        let store = dir.file("ioc.sqlite")
        let file = dir.file("batch.lp")
        try "agri.salinity.max,region=831 value=2.5\nagri.salinity.max,region=831 value=oops\nadmin.overdue,region=83 value=4\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        func feeds() throws -> [[String: Any]] {
            let out = try run(ioc(["feeds", "--json"], store: store)).stdout
            return try #require(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]], "\(out)")
        }
        #expect(try run(ioc(["ingest", file], store: store)).code == 65, "one bad line")
        var ingest = try #require(try feeds().first { $0["name"] as? String == "ingest" })
        #expect(ingest["kind"] as? String == "ingest" && ingest["state"] as? String == "running")
        #expect(ingest["accepted_1h"] as? Int == 2 && ingest["rejected_1h"] as? Int == 1, "\(ingest)")
        #expect(try run(ioc(["ingest", file], store: store)).code == 65)
        ingest = try #require(try feeds().first { $0["name"] as? String == "ingest" })
        #expect(ingest["accepted_1h"] as? Int == 4 && ingest["rejected_1h"] as? Int == 2, "the hour's runs add up: \(ingest)")
    }
}
