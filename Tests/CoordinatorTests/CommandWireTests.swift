import Coordinator
import Foundation
import Testing

/// The leader's wire format, pinned: each typed command as the JSON line a socket (or a
/// PostgreSQL store's action queue) carries, and back. Clients of other versions and scripts
/// speak it, so a change here is a change of protocol.
@Suite struct CommandWireTests {
    static let golden: [(Command, String)] = [
        (.attach, #"{"id":"r1","op":"attach"}"#),
        (.whoami, #"{"id":"r1","op":"whoami"}"#),
        (.ack(alert: 7, note: "đã gọi trạm"), #"{"alert":7,"id":"r1","note":"đã gọi trạm","op":"ack"}"#),
        (.note(alert: 7, text: "pump on"), #"{"alert":7,"id":"r1","note":"pump on","op":"note"}"#),
        (.silence(SilenceOrder(region: "831", seconds: 7_200, note: "works")),
         #"{"id":"r1","note":"works","op":"silence","region":"831","seconds":7200}"#),
        (.silence(SilenceOrder(field: "env", indicator: "env.pm25", seconds: 60)),
         #"{"field":"env","id":"r1","indicator":"env.pm25","note":"","op":"silence","seconds":60}"#),
        (.expire(silence: 4), #"{"id":"r1","op":"expire","silence":4}"#),
        (.ingest(samples: [WireSample(indicator: "a.b", region: "83", time: 1_796_000_000, nanos: 5, value: 1.5)], source: "bench"),
         #"{"id":"r1","op":"ingest","samples":[{"indicator":"a.b","nanos":5,"region":"83","time":1796000000,"value":1.5}],"source":"bench"}"#),
        (.reload, #"{"id":"r1","op":"reload"}"#),
        (.notifyTest(receiver: "zalo-truc"), #"{"id":"r1","op":"notify-test","receiver":"zalo-truc"}"#),
    ]

    @Test func eachCommandIsTheLineItWasAndReadsBack() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(Set(Self.golden.map(\.0.op)) == Set(Command.Op.allCases), "every command has its golden line")
        for (command, line) in Self.golden {
            let request = CommandRequest(id: "r1", command)
            #expect(String(decoding: try encoder.encode(request), as: UTF8.self) == line)
            #expect(try JSONDecoder().decode(CommandRequest.self, from: Data(line.utf8)) == request)
        }
        let claimed = CommandRequest(id: "r2", .whoami, from: "10.0.0.5 50000 10.0.0.1 22")
        #expect(String(decoding: try encoder.encode(claimed), as: UTF8.self) == #"{"from":"10.0.0.5 50000 10.0.0.1 22","id":"r2","op":"whoami"}"#)
    }

    /// What an older client leaves out is read as it meant it; what a command cannot do without
    /// is an error the server says back ("not a request: ...").
    @Test func leftOutFieldsAndBrokenLines() throws {
        let decode = { (line: String) in try JSONDecoder().decode(CommandRequest.self, from: Data(line.utf8)) }
        #expect(try decode(#"{"id":"a","op":"ack","alert":3}"#).command == .ack(alert: 3, note: ""))
        #expect(try decode(#"{"id":"a","op":"silence","region":"83"}"#).command == .silence(SilenceOrder(region: "83", seconds: 0)),
                "no length: the leader refuses it with its reason")
        #expect(try decode(#"{"id":"a","op":"ingest"}"#).command == .ingest(samples: [], source: nil))
        #expect(throws: DecodingError.self) { try decode(#"{"id":"a","op":"ack"}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"id":"a","op":"expire"}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"id":"a","op":"reboot"}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"op":"whoami"}"#) }
    }

    @Test func aResponseSaysItsReplyTyped() {
        #expect(CommandResponse(id: "r", .applied("silence 4")).reply == .applied("silence 4"))
        #expect(CommandResponse(id: "r", ok: false, result: "viewers may not ack").reply == .refused(reason: "viewers may not ack"))
        #expect(CommandRequest(id: "r9", .notifyTest(receiver: "z")).testMessageKey == "test:r9")
    }
}
