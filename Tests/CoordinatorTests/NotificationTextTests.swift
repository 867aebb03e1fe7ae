@testable import Coordinator
import Foundation
import IndicatorEngine
import Localization
import TestSupport
import Testing

/// What people read of a notification (#31): a title and a line per alert in the center's
/// language, numbers written its way; the keys programs read do not change.
@Suite struct NotificationTextTests {
    let catalog = Fixtures.catalog()

    func alert(_ id: Int64, value: Double, state: AlertState = .firing, ackedBy: String? = nil) -> Alert {
        var alert = Alert(id: id, rule: "threshold", kind: .threshold, series: catalog.series(indicator: "agri.salinity.max", region: "83")!,
                          indicator: "agri.salinity.max", region: "83", severity: .critical, state: state, activeAt: 0, since: 0, firedAt: 0, value: value)
        if let ackedBy { alert.acknowledged = Acknowledgement(by: ackedBy, at: 10, note: "") }
        return alert
    }

    func message(_ alerts: [Alert], status: PlannedNotification.Status = .firing, escalation: Bool = false, _ language: Language) -> NotificationMessage {
        NotificationMessage(PlannedNotification(key: "k", receiver: "duty", status: status, group: [:], alerts: alerts, escalation: escalation),
                            catalog: catalog, language: language)
    }

    @Test func firingInBothLanguages() throws {
        let name = catalog.indicators[catalog.indicatorIndex["agri.salinity.max"]!].name
        let vi = message([alert(7, value: 1_234.5), alert(8, value: 9.25, ackedBy: "lan")], .vi)
        #expect(vi.title == "[\(catalog.name)] 2 cảnh báo đang xảy ra: \(name)")
        #expect(vi.text == "#7 nghiêm trọng · \(name) · Bến Tre: 1.235 ‰ (đang xảy ra)\n#8 nghiêm trọng · \(name) · Bến Tre: 9,25 ‰ (đang xảy ra); lan đã xác nhận")
        let en = message([alert(7, value: 1_234.5)], .en)
        #expect(en.title == "[\(catalog.name)] 1 alert firing: \(name)")
        #expect(en.text == "#7 critical · \(name) · Bến Tre: 1,235 ‰ (firing)")
        // The JSON keeps every key it had, with the two for people beside them.
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(vi.json.utf8)) as? [String: Any]).keys.sorted()
        #expect(keys == ["alerts", "center", "escalation", "group", "key", "receiver", "status", "test", "text", "title"])
    }

    @Test func resolvedEscalationsAndTests() {
        let resolved = message([alert(7, value: 2, state: .resolved)], status: .resolved, .vi)
        #expect(resolved.title.hasPrefix("[\(catalog.name)] 1 cảnh báo đã kết thúc: ") && resolved.text.hasSuffix("(đã kết thúc)"))
        let escalation = message([alert(7, value: 9)], escalation: true, .vi)
        #expect(escalation.title.hasPrefix("[\(catalog.name)] Chưa được xác nhận kịp thời: 1 cảnh báo: "))
        #expect(escalation.text.hasSuffix("Chưa được xác nhận kịp thời: cảnh báo được chuyển lên duty."))
        let test = NotificationMessage.test(receiver: "duty", key: "t", by: "giamsat1", catalog: catalog, language: .vi, now: 0)
        #expect(test.body.contains(#""title":"[\#(catalog.name)] Thông báo thử""#) && test.body.contains("do giamsat1 gửi"), "\(test.body)")
    }
}
