import IndicatorEngine
import PropertyBased
import TestSupport
import Testing

/// Province 83 → districts 831 (communes c1, c2) and 838 (communes c3, c4, c5).
func rollupCatalog(_ indicators: [Indicator]) -> Catalog {
    let regions = [
        Region(code: "83", name: "Bến Tre", level: .province),
        Region(code: "831", name: "Châu Thành", level: .district, parent: "83"),
        Region(code: "838", name: "Mỏ Cày Bắc", level: .district, parent: "83"),
        Region(code: "c1", name: "Tân Thạch", level: .commune, parent: "831"),
        Region(code: "c2", name: "An Khánh", level: .commune, parent: "831"),
        Region(code: "c3", name: "Phước Mỹ Trung", level: .commune, parent: "838"),
        Region(code: "c4", name: "Thanh Tân", level: .commune, parent: "838"),
        Region(code: "c5", name: "Tân Thành Bình", level: .commune, parent: "838"),
    ]
    return try! Catalog(name: "t", regions: regions, fields: [Field(code: "f", name: "F", nameEn: "F", key: "1")],
                        indicators: indicators, root: "83")
}

let allLevels: Set<RegionLevel> = [.province, .district, .commune]

func indicator(_ code: String, _ rollup: RollupRule, formula: String? = nil, preferReported: Bool = false,
               levels: Set<RegionLevel> = allLevels) -> Indicator {
    Indicator(code: code, name: code, field: "f", frequency: Frequency(seconds: 86_400, label: "daily"), levels: levels,
              rollup: rollup, formula: formula, preferReported: preferReported)
}

struct Probe {
    var engine: Engine
    var catalog: Catalog { engine.catalog }

    init(_ indicators: [Indicator]) { engine = Engine(catalog: rollupCatalog(indicators)) }

    @discardableResult
    mutating func put(_ code: String, _ values: [String: Double], at time: Int64 = 100) -> ChangeSet {
        engine.apply(values.map { Observation(indicator: code, region: $0.key, time: time, value: $0.value) }, now: time)
    }

    func value(_ code: String, _ region: String) -> Double? {
        engine.table[catalog.series(indicator: code, region: region)!]?.value
    }

    func reason(_ code: String, _ region: String) -> NoValue? {
        engine.reasons[catalog.series(indicator: code, region: region)!]
    }
}

@Suite struct RollupTests {
    @Test func sumMeanMinMax() {
        var p = Probe([indicator("s", .sum), indicator("m", .mean), indicator("lo", .min), indicator("hi", .max)])
        let communes: [String: Double] = ["c1": 1, "c2": 3, "c3": 10, "c4": 20, "c5": 30]
        for code in ["s", "m", "lo", "hi"] { p.put(code, communes) }
        #expect(p.value("s", "831") == 4)
        #expect(p.value("s", "838") == 60)
        #expect(p.value("s", "83") == 64)
        #expect(p.value("m", "831") == 2)
        #expect(p.value("m", "838") == 20)
        #expect(p.value("m", "83") == 11, "the province averages its districts")
        #expect(p.value("lo", "83") == 1)
        #expect(p.value("hi", "83") == 30)
    }

    @Test func lastTakesTheNewestChild() {
        var p = Probe([indicator("l", .last)])
        p.put("l", ["c1": 5], at: 100)
        p.put("l", ["c2": 7], at: 200)
        p.put("l", ["c3": 9], at: 150)
        #expect(p.value("l", "831") == 7)
        #expect(p.value("l", "83") == 7)
    }

    @Test func weightedMeanUsesTheWeightIndicator() {
        var p = Probe([indicator("pop", .sum), indicator("price", .weightedMean(weight: "pop"))])
        p.put("pop", ["c1": 100, "c2": 300])
        p.put("price", ["c1": 10, "c2": 20])
        #expect(p.value("price", "831") == 17.5)
        // A change in a weight alone moves the weighted mean.
        p.put("pop", ["c1": 300], at: 200)
        #expect(p.value("price", "831") == 15)
    }

    @Test func recomputeDividesSumsRatherThanAveragingRatios() {
        var p = Probe([
            indicator("apps", .sum), indicator("online", .sum),
            indicator("rate", .recompute, formula: "online / apps * 100"),
        ])
        p.put("apps", ["c1": 100, "c2": 900])
        p.put("online", ["c1": 90, "c2": 90])
        #expect(p.value("rate", "c1") == 90)
        #expect(p.value("rate", "c2") == 10)
        #expect(p.value("rate", "831") == 18, "sum(online)/sum(apps) = 180/1000, not mean(90, 10) = 50")
        #expect(p.value("rate", "83") == 18)
    }

    @Test func preferReportedLetsAReportedParentWin() {
        var p = Probe([indicator("a", .sum, preferReported: true), indicator("b", .sum)])
        p.put("a", ["c1": 1, "c2": 2, "831": 10])
        p.put("b", ["c1": 1, "c2": 2, "831": 10])
        #expect(p.value("a", "831") == 10)
        #expect(p.value("b", "831") == 3, "without prefer_reported the roll-up wins")
        // A parent with no child values falls back to what was reported for it.
        p.put("b", ["838": 42])
        #expect(p.value("b", "838") == 42)
    }

    @Test func rollupsStopAtLevelsTheIndicatorIsNotReportedAt() {
        var p = Probe([indicator("d", .sum, levels: [.district, .commune])])
        p.put("d", ["c1": 1, "c2": 2])
        #expect(p.value("d", "831") == 3)
        #expect(p.value("d", "83") == nil)
    }

    @Test func divisionByZeroAndMissingInputGiveNoValueWithAReason() {
        var p = Probe([indicator("x", .sum), indicator("y", .sum), indicator("r", .recompute, formula: "x / y")])
        p.put("x", ["c1": 5])
        #expect(p.value("r", "c1") == nil)
        #expect(p.reason("r", "c1") == .missingInput("y"))
        p.put("y", ["c1": 0])
        #expect(p.value("r", "c1") == nil)
        #expect(p.reason("r", "c1") == .divisionByZero)
        p.put("y", ["c1": 2], at: 200)
        #expect(p.value("r", "c1") == 2.5)
        #expect(p.reason("r", "c1") == nil)
    }

    @Test func chainedFormulasEvaluateInDependencyOrder() {
        var p = Probe([
            indicator("c", .none, formula: "b * 2"),
            indicator("b", .none, formula: "a + 1"),
            indicator("a", .sum),
        ])
        p.put("a", ["c1": 1])
        #expect(p.value("b", "c1") == 2)
        #expect(p.value("c", "c1") == 4)
        p.put("a", ["c1": 10], at: 200)
        #expect(p.value("c", "c1") == 22)
    }

    @Test func onlyWhatDependsOnTheBatchIsRecomputed() {
        var p = Probe([indicator("s", .sum), indicator("t", .sum)])
        p.put("s", ["c1": 1, "c3": 1])
        p.put("t", ["c1": 1])
        let changes = p.put("s", ["c3": 5], at: 200)
        let touched = Set(changes.values.map { p.catalog.regions[p.catalog.region(of: $0)].code })
        #expect(touched == ["c3", "838", "83"], "831 and the t series are untouched")
        #expect(changes.values.allSatisfy { p.catalog.indicators[p.catalog.indicator(of: $0)].code == "s" })
    }
}

@Suite struct RollupProperties {
    @Test func sumMaxAndMinAgreeAcrossLevels() async {
        await propertyCheck(count: 200, input: Gen.int(in: -10_000...10_000).array(of: 5)) { values in
            var p = Probe([indicator("s", .sum), indicator("hi", .max), indicator("lo", .min)])
            let communes = Dictionary(uniqueKeysWithValues: zip(["c1", "c2", "c3", "c4", "c5"], values.map(Double.init)))
            for code in ["s", "hi", "lo"] { p.put(code, communes) }
            let districts = ["831", "838"]
            #expect(p.value("s", "83") == districts.compactMap { p.value("s", $0) }.reduce(0, +))
            #expect(p.value("s", "83") == communes.values.reduce(0, +))
            #expect(p.value("hi", "83") == districts.compactMap { p.value("hi", $0) }.max())
            #expect(p.value("hi", "83") == communes.values.max())
            #expect(p.value("lo", "83") == districts.compactMap { p.value("lo", $0) }.min())
            #expect(p.value("lo", "83") == communes.values.min())
        }
    }
}

@Suite struct FormulaTests {
    func eval(_ text: String, _ values: [String: Double] = [:]) throws -> Result<Double, NoValue> {
        Formula.evaluate(try Formula.parse(text)) { values[$0] }
    }

    @Test func precedenceAndParentheses() throws {
        #expect(try eval("1 + 2 * 3") == .success(7))
        #expect(try eval("(1 + 2) * 3") == .success(9))
        #expect(try eval("10 - 4 - 3") == .success(3))
        #expect(try eval("8 / 4 / 2") == .success(1))
        #expect(try eval("-2 * -3") == .success(6))
    }

    @Test func functionsAndReferences() throws {
        let v: [String: Double] = ["a.x": 4, "b_y": -9]
        #expect(try eval("min(a.x, b_y, 2)", v) == .success(-9))
        #expect(try eval("max(a.x, 2)", v) == .success(4))
        #expect(try eval("sum(1, 2, a.x)", v) == .success(7))
        #expect(try eval("avg(2, a.x)", v) == .success(3))
        #expect(try eval("abs(b_y)", v) == .success(9))
        #expect(try eval("round(2.345, 2)", v) == .success(2.35))
        #expect(try eval("round(a.x / 3)", v) == .success(1))
        #expect(try Formula.parse("admin.online / admin.apps * 100").references == ["admin.online", "admin.apps"])
    }

    @Test func evaluationErrors() throws {
        #expect(try eval("1 / 0") == .failure(.divisionByZero))
        #expect(try eval("x + 1") == .failure(.missingInput("x")))
    }

    @Test func parseErrorsCarryPositions() {
        func error(_ text: String) -> FormulaError? {
            do { _ = try Formula.parse(text); return nil } catch { return error }
        }
        #expect(error("1 +") == FormulaError(position: 4, message: "expected a number, an indicator or '(' but the formula ends"))
        #expect(error("(a + b") == FormulaError(position: 1, message: "'(' is never closed"))
        #expect(error("a $ b")?.position == 3)
        #expect(error("median(a)")?.message.hasPrefix("unknown function 'median'") == true)
        #expect(error("abs(a, b)")?.message == "abs takes 1 argument(s), got 2")
        #expect(error("a b")?.position == 3)
    }

    @Test func cyclesAreFoundAndNamed() {
        let problems = FormulaPlan.problems(
            formulas: [("a", "b + 1"), ("b", "c * 2"), ("c", "a - 1"), ("d", "a")], known: ["a", "b", "c", "d"])
        #expect(problems == [.cycle(["a", "b", "c", "a"])])
        #expect(problems.first?.description == "formulas form a cycle: a → b → c → a")
        let unknown = FormulaPlan.problems(formulas: [("a", "zz + 1")], known: ["a"])
        #expect(unknown == [.unknownReference(indicator: "a", reference: "zz")])
    }

    @Test func aCatalogWithACycleIsRejected() {
        #expect(throws: CatalogError.self) {
            _ = try Catalog(name: "t", regions: [Region(code: "83", name: "B", level: .province)],
                            fields: [Field(code: "f", name: "F", nameEn: "F", key: "1")],
                            indicators: [indicator("a", .none, formula: "b"), indicator("b", .none, formula: "a")], root: "83")
        }
    }
}

@Suite struct LevelRuleTests {
    @Test func derivedIndicatorsAreComputedOnlyWhereTheyAreReported() {
        var p = Probe([indicator("x", .sum), indicator("y", .sum), indicator("r", .recompute, formula: "x / y", levels: [.province, .district])])
        p.put("x", ["c1": 1, "c2": 3])
        p.put("y", ["c1": 2, "c2": 2])
        #expect(p.value("r", "c1") == nil, "not reported at communes")
        #expect(p.reason("r", "c1") == nil)
        #expect(p.value("r", "831") == 1)
        #expect(p.value("r", "83") == 1)
    }

    @Test func thresholdsAreJudgedOnlyAtTheirAlertLevels() {
        let summed = Indicator(code: "teams", name: "teams", field: "f", direction: .higherIsBetter, levels: [.province, .district, .commune],
                               rollup: .sum, thresholds: Thresholds(warning: Bounds(below: 4), critical: Bounds(below: 2)),
                               alertLevels: [.province])
        var engine = Engine(catalog: rollupCatalog([summed]))
        let c = engine.catalog
        engine.apply([Observation(indicator: "teams", region: "c1", time: 1, value: 1), Observation(indicator: "teams", region: "c3", time: 1, value: 1)], now: 1)
        #expect(engine.table.status(c.series(indicator: "teams", region: "c1")!) == .ok, "one commune's share is not judged")
        #expect(engine.table.status(c.series(indicator: "teams", region: "831")!) == .ok)
        #expect(engine.table.status(c.series(indicator: "teams", region: "83")!) == .warning, "the province's 2 is below its line of 4")
        #expect(engine.alerts.open.map(\.region) == ["83"])
    }
}
