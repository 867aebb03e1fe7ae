import Coordinator
import Foundation
import IndicatorEngine
import Localization
import Runtime
import TestSupport
import Testing

/// The leader's refusals reach each client as phrases (#31): said in the client's language,
/// their words translated and their names kept, while the response's `result` stays English.
@Suite struct SpeechTests {
    let catalog = Fixtures.catalog()

    func grant(_ role: Role, _ scope: [String] = []) -> OperatorGrant {
        OperatorGrant(identity: Identity(user: "lan", uid: 1000), role: role, scope: scope)
    }

    @Test func aRefusalInEitherLanguage() throws {
        let district = try #require(catalog.regionIndex["831"])
        let reason = try #require(Authorization.refusal(.ack, by: grant(.viewer), regions: [district], catalog: catalog))
        let response = CommandResponse(id: "r", .refused(reason: reason))
        #expect(!response.ok && response.result == "lan is a viewer; acknowledging an alert takes an operator or above")
        #expect(Messages.shipped(.vi).refusal(response) == "bị từ chối: lan là người xem; xác nhận cảnh báo cần quyền cán bộ trực trở lên")
        #expect(Messages.english.refusal(response) == "refused: lan is a viewer; acknowledging an alert takes an operator or above")
        // Through the wire and back: the phrase travels with the answer.
        let back = try JSONDecoder().decode(CommandResponse.self, from: JSONEncoder().encode(response))
        #expect(back == response && back.reply == .refused(reason: reason))
        // An older leader's answer has no phrase: its English is said as it is.
        #expect(Messages.shipped(.vi).refusal(CommandResponse(id: "r", ok: false, result: "something new")) == "bị từ chối: something new")
        let closed = Phrase("alert {id} is {state}, not open", ["id": "5", "state": "resolved"], words: ["state": "alert state"])
        #expect(Messages.shipped(.vi).text(closed) == "cảnh báo #5 đã kết thúc, không còn mở")
    }
}
