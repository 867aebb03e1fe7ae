import Runtime
import Testing

/// `ioc` as an SSH forced command: what the client asked for decides what runs.
@Suite struct ForcedCommandTests {
    func run(_ request: String) -> [String]? { try? ForcedCommand.arguments(for: request).get() }
    func refusal(_ request: String) -> String? {
        if case let .failure(r) = ForcedCommand.arguments(for: request) { return r.message }
        return nil
    }

    @Test func aLoginIsTheConsoleAndReadOnlyCommandsRun() {
        #expect(run("") == [])
        #expect(run("ioc") == [])
        #expect(run("ioc status --json") == ["status", "--json"])
        #expect(run("/usr/local/bin/ioc alerts") == ["alerts"])
        #expect(run("value agri.salinity.max '831'") == ["value", "agri.salinity.max", "831"])
        #expect(run("ioc whoami \"--json\"") == ["whoami", "--json"])
    }

    @Test func everythingElseIsRefusedWithWhatIsAllowed() {
        #expect(refusal("ls -la")?.contains("not 'ls -la'") == true)
        #expect(refusal("ioc ack 12")?.contains("'ioc status', 'ioc alerts', 'ioc value', 'ioc whoami'") == true)
        #expect(refusal("ioc serve") != nil)
        #expect(refusal("ioc status --config /home/me/evil")?.contains("'--config' is not allowed") == true)
        #expect(refusal("ioc alerts --store=/tmp/x.sqlite")?.contains("is not allowed") == true)
        #expect(refusal("ioc status 'unclosed")?.contains("unclosed quote") == true)
        #expect(refusal("sh -c 'ioc status; rm -rf /'") != nil, "no shell: the words are ioc's arguments or nothing")
    }
}
