import IndicatorEngine
import Testing

/// What a state means to a reader that is not the leader (the CLI's `value` and `status`).
@Suite struct ReaderRulesTests {
    @Test func aStoredValueGoesStaleWithTheClockAndNoValueIsNoData() {
        let value = CurrentValue(value: 3.2, time: 1_000, status: .warning)
        #expect(value.status(now: 1_500, staleAfter: 600) == .warning)
        #expect(value.status(now: 1_601, staleAfter: 600) == .stale)
        #expect(CurrentValue(value: .nan, time: 1_000, status: .ok).status(now: 1_000, staleAfter: 600) == .nodata)
    }

    @Test func recoveringCountsAsFiringAndPendingDoesNot() {
        #expect(AlertState.allCases.filter(\.countsAsFiring) == [.firing, .recovering])
    }
}
