import Foundation
import IndicatorEngine
import IndicatorStore
import TestSupport
import Testing

@Suite struct StoreTests {
    @Test func migratesAnEmptyFileAndReopensIt() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("nested/ioc.sqlite")
        do {
            let store = try Store(path: path)
            #expect(try store.sequence() == 0)
            try store.commit(
                observations: [Observation(indicator: "admin.overdue", region: "83", time: 100, value: 12, source: "test")],
                current: [("admin.overdue", "83", CurrentValue(value: 12, time: 100, status: .ok))])
        }
        let reopened = try Store(path: path)
        #expect(try reopened.sequence() == 1)
        let current = try reopened.loadCurrent()
        #expect(current == [StoredCurrent(indicator: "admin.overdue", region: "83",
                                          value: CurrentValue(value: 12, time: 100, status: .ok), sequence: 1)])
    }

    @Test func writingTheSameObservationTwiceStoresItOnce() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        let batch = (0..<50).map { Observation(indicator: "agri.salinity.max", region: "831", time: Int64($0), value: Double($0)) }
        try store.commit(observations: batch, current: [])
        try store.commit(observations: batch, current: [])
        #expect(try store.observationCount() == 50)
        #expect(try store.sequence() == 2)
    }

    @Test func latestValuesAreUpdatedInPlace() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        try store.commit(observations: [], current: [("env.aqi", "83", CurrentValue(value: 80, time: 1, status: .ok))])
        try store.commit(observations: [], current: [("env.aqi", "83", CurrentValue(value: 160, time: 2, status: .critical))])
        let current = try store.loadCurrent()
        #expect(current.count == 1)
        #expect(current.first?.value.status == .critical)
        #expect(current.first?.sequence == 2)
    }

    @Test func anUnopenableFileIsAClearError() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("not-a-db.sqlite")
        try Data("this is not sqlite, just text that fills the header page".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try Store(path: path)
        } throws: { error in
            "\(error)".contains("cannot open the store at \(path)")
        }
    }
}
