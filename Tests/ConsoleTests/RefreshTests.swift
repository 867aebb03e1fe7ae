import Canvas
@testable import Console
import IndicatorEngine
import Testing

/// The console's own clocks are `update`'s: a tick says when a chart follows new data and when
/// the sparklines are loaded afresh, as effects; the runner only performs them.
@Suite struct RefreshTests {
    func tick(_ s: ConsoleState, at now: Int64) -> (ConsoleState, [Effect]) { update(s, .tick(now: now)) }

    @Test func aChartFollowsEveryHalfMinuteAndSparklinesEveryFiveMinutes() {
        let keys = Center.screens.first { $0.name == "indicator" }!.keys
        var s = Center.screen(keys, size: Size(width: 120, height: 40))
        s.trends = [SeriesID(raw: 0): [1, 2, 3]]
        let t0 = Center.now
        var (next, effects) = tick(s, at: t0 + 1)
        #expect(effects.isEmpty, "the first tick only sets the clocks")
        (next, effects) = tick(next, at: t0 + 20)
        #expect(effects.isEmpty)
        (next, effects) = tick(next, at: t0 + 31)
        guard case .loadHistory? = effects.first, effects.count == 1 else {
            Issue.record("a chart on screen reloads after half a minute, got \(effects)")
            return
        }
        (next, effects) = tick(next, at: t0 + 45)
        #expect(effects.isEmpty, "not again before the next half minute")
        #expect(next.trends.count == 1)
        (next, effects) = tick(next, at: t0 + 301)
        #expect(effects.contains(.loadTrends) && next.trends.isEmpty && next.longHistory.isEmpty, "sparklines loaded afresh: \(effects)")
    }

    @Test func aPastPictureKeepsItsSparklinesAndTheFeedsFollowEachCommit() {
        var s = Center.state(size: Size(width: 120, height: 40))
        s.moment = .past(Center.now - 86_400)
        s.trends = [SeriesID(raw: 0): [1]]
        let (armed, _) = tick(s, at: Center.now + 1)
        let (later, effects) = tick(armed, at: Center.now + 400)
        #expect(!effects.contains(.loadTrends) && later.trends.count == 1, "the past does not move")

        var live = Center.state(size: Size(width: 120, height: 40))
        #expect(update(live, .data(live.table, alerts: [], resolved: [], now: Center.now + 5)).1.isEmpty, "the overview reloads nothing per commit")
        live = update(live, .key(.char("F"))).0
        #expect(live.page.screen == .feeds)
        #expect(update(live, .data(live.table, alerts: [], resolved: [], now: Center.now + 5)).1 == [.loadFeeds])
    }
}
