import Canvas
@testable import Console
import Foundation
import IndicatorEngine
import TestSupport
import Testing

/// A district center's console: Châu Thành's operator sees Châu Thành as their center.
@Suite struct DistrictCenterConsoleTests {
    static func chauThanh(size: Size = Size(width: 80, height: 24), access: Role = .operator) -> ConsoleState {
        let catalog = Center.catalog
        let scope = RegionScope(codes: ["831"], catalog: catalog)
        var state = ConsoleState(catalog: catalog, table: Center.engine.table, now: Center.now, timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
                                 size: size, capabilities: .full, operatorName: "chauthanh1", access: access, scope: scope,
                                 title: IndicatorEngine.Center.of(scope, catalog: catalog, centers: Center.config.centers).title)
        state = update(state, .data(Center.engine.table, alerts: Center.engine.alerts.open, now: Center.now)).0
        return state
    }

    @Test func theConsoleOpensOnTheDistrictAndKeepsToIt() throws {
        let state = Self.chauThanh()
        let catalog = state.catalog
        let lines = view(state).lines()
        #expect(lines[0].hasPrefix(" IOC Châu Thành") && lines[0].contains("operator chauthanh1"), "\(lines[0])")
        #expect(lines[1].trimmingCharacters(in: .whitespaces) == "Châu Thành")
        #expect(!Center.engine.alerts.open.allSatisfy { $0.region.hasPrefix("831") }, "the fixture has alerts elsewhere to leave out")
        #expect(!state.alerts.isEmpty && state.alerts.allSatisfy { catalog.isWithin(catalog.regionIndex[$0.region]!, catalog.regionIndex["831"]!) })
        let mismatch = goldenMismatch(view(state).text, file: "center-chauthanh-overview-80x24.txt", directory: goldenDirectory)
        #expect(mismatch == nil, "\(mismatch ?? "")")

        // Back at home stays home; a jump outside is refused; one inside goes.
        let back = press(state, [.escape]).0
        #expect(back.page.screen == .overview(region: catalog.regionIndex["831"]!))
        let far = press(state, [.char(":")] + type("mo cay bac") + [.enter]).0
        #expect(far.notice == "Mỏ Cày Bắc is outside your scope" && far.stack.count == 1)
        let near = press(state, [.char(":")] + type("tan thach") + [.enter]).0
        guard case let .overview(region) = near.page.screen else { Issue.record("no commune page"); return }
        #expect(catalog.regions[region].parent == "831")
        let alerts = press(state, [.char("a")]).0
        let screen = view(alerts).text
        #expect(screen.contains("Châu Thành › Alerts") && !screen.contains("Mỏ Cày Bắc") && !screen.contains("· Bến Tre"), "\(screen)")
    }

    @Test func theAuditScreenIsForSupervisors() throws {
        let (refused, none) = press(Self.chauThanh(), [.char("u")])
        #expect(none.isEmpty && refused.notice?.contains("the audit is for supervisors") == true)
        let (opened, effects) = press(Self.chauThanh(size: Size(width: 120, height: 30), access: .supervisor), [.char("u")])
        #expect(effects == [.loadAudit] && opened.page.screen == .audit)
        let rows = [
            AuditEntry(time: Center.now - 60, user: "chauthanh1", role: "operator", action: "ack", target: "alert 12", result: "applied",
                     detail: "đã báo trạm", origin: "203.0.113.7:50022 (claimed)"),
            AuditEntry(time: Center.now - 30, user: "khach1", role: "", action: "ack", target: "", result: "refused",
                     detail: "user khach1 is not an operator of IOC Bến Tre (config/operators.yaml)", origin: ""),
        ]
        let loaded = update(opened, .audit(rows)).0
        let text = view(loaded).text
        #expect(text.contains("2 entries") && text.contains("chauthanh1") && text.contains("203.0.113.7:50022 (claimed)"), "\(text)")
        let filtered = press(loaded, [.char("/")] + type("refused") + [.enter]).0
        let shown = view(filtered).text
        #expect(shown.contains("1 entry") && shown.contains("khach1") && !shown.contains("alert 12"), "\(shown)")
    }
}
