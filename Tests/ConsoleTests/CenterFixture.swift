import Canvas
import Console
import Feeds
import Foundation
import IOCConfig
import IndicatorEngine
import Localization
import TestSupport

/// The default Ben Tre center (`config/`: 10 fields, 1,000+ indicators, 9 districts and their
/// communes) after six hours of the simulator on a dry-season morning: the screens operators see.
enum Center {
    /// 2026-03-09 10:00 in Bến Tre: salinity intrusion season, office hours.
    static let now: Int64 = 1_773_025_200
    static let config = try! ConfigLoader.load(directory: repositoryRoot.appendingPathComponent("config").path)
    static let catalog: Catalog = config.catalog
    static let engine: Engine = {
        var engine = Engine(catalog: catalog)
        var simulator = Simulator(catalog: catalog, hints: config.simulatorHints, seed: 7)
        for t in stride(from: now - 6 * 3_600, through: now, by: 300) { engine.apply(resolved: simulator.next(now: t), now: t) }
        return engine
    }()

    static func state(size: Size, capabilities: Capabilities = .full, language: Language = .en) -> ConsoleState {
        var state = ConsoleState(catalog: catalog, table: engine.table, now: now, timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
                                 size: size, capabilities: capabilities, operatorName: "giamsat1", access: .supervisor, language: language)
        state.lastData = now
        state.alerts = engine.alerts.open
        return state
    }

    /// The screens of issue #19's snapshots, each reached by the keys an operator presses.
    static let screens: [(name: String, keys: [Key])] = [
        ("overview", []),
        ("district", [.char(":")] + "chau thanh".map { .char($0) } + [.enter]),
        ("field", [.char("2")]),
        ("indicator", [.char(":")] + "agri.salinity.max".map { .char($0) } + [.enter]),
        ("indicator-no-children", [.char(":")] + "econ.grdp_growth".map { .char($0) } + [.enter]),
        ("alerts", [.char("a")]),
    ]

    static let sizes: [Size] = [Size(width: 80, height: 24), Size(width: 100, height: 30), Size(width: 120, height: 40),
                                Size(width: 160, height: 48), Size(width: 200, height: 60)]

    /// A screen at a size, with a history loaded where the screen asks for one.
    static func screen(_ keys: [Key], size: Size, language: Language = .en) -> ConsoleState {
        var state = Center.state(size: size, language: language)
        var effects: [Effect] = []
        for key in keys {
            let (next, e) = update(state, .key(key))
            state = next
            effects += e
        }
        if case let .loadHistory(series, range)? = effects.last {
            let points = (0..<60).map { k in
                HistoryValue(time: now - range.seconds + Int64(k) * range.seconds / 60, value: 2 + 1.5 * sin(Double(k) / 5))
            }
            state = update(state, .history(HistoryData(series: series, range: range, points: points))).0
        }
        return state
    }
}
