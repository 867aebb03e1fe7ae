import Foundation

/// A formula with its references resolved to indicator ids, for fast evaluation.
indirect enum CompiledExpression: Sendable {
    case number(Double)
    case reference(IndicatorID)
    case negate(CompiledExpression)
    case binary(Character, CompiledExpression, CompiledExpression)
    case call(String, [CompiledExpression])

    init(_ e: Expression, _ index: [String: IndicatorID]) {
        switch e {
        case let .number(v): self = .number(v)
        case let .reference(code): self = .reference(index[code] ?? -1)
        case let .negate(inner): self = .negate(CompiledExpression(inner, index))
        case let .binary(op, a, b): self = .binary(op, CompiledExpression(a, index), CompiledExpression(b, index))
        case let .call(name, args): self = .call(name, args.map { CompiledExpression($0, index) })
        }
    }

    /// The value, or why there is none; `lookup` gives an input's value (NaN: none).
    func evaluate(_ lookup: (IndicatorID) -> Double, names: (IndicatorID) -> String) -> Result<Double, NoValue> {
        var missing: IndicatorID?
        var divisionByZero = false
        func eval(_ e: CompiledExpression) -> Double {
            switch e {
            case let .number(v): return v
            case let .reference(id):
                let v = id >= 0 ? lookup(id) : .nan
                if v.isNaN, missing == nil { missing = id }
                return v
            case let .negate(inner): return -eval(inner)
            case let .binary(op, a, b):
                let x = eval(a), y = eval(b)
                switch op {
                case "+": return x + y
                case "-": return x - y
                case "*": return x * y
                default:
                    if y == 0 { divisionByZero = true }
                    return x / y
                }
            case let .call(name, args):
                let values = args.map(eval)
                switch name {
                case "min": return values.min()!
                case "max": return values.max()!
                case "sum": return values.reduce(0, +)
                case "avg": return values.reduce(0, +) / Double(values.count)
                case "abs": return abs(values[0])
                default:
                    let scale = pow(10, (values.count > 1 ? values[1] : 0).rounded())
                    return (values[0] * scale).rounded() / scale
                }
            }
        }
        let v = eval(self)
        if let missing { return .failure(.missingInput(names(missing))) }
        if divisionByZero { return .failure(.divisionByZero) }
        return v.isFinite ? .success(v) : .failure(.notFinite)
    }
}

/// The dependency structure of a catalog's formulas, checked once at start.
public struct FormulaPlan: Sendable {
    /// Compiled formula per derived indicator.
    let formulas: [IndicatorID: CompiledExpression]
    /// For each indicator, the derived indicators that depend on it (directly or not), in evaluation order.
    let dependents: [[IndicatorID]]
    /// For each indicator, the indicators rolled up with it as their weight.
    let weighted: [[IndicatorID]]
    /// Derived indicators in an order where every input comes before its readers.
    public let evaluationOrder: [IndicatorID]

    /// Evaluates a derived indicator with `value` giving its inputs (nil: none); nil when there is no value.
    public func evaluate(_ i: IndicatorID, _ value: (IndicatorID) -> Double?) -> Double? {
        guard let formula = formulas[i], case let .success(v) = formula.evaluate({ value($0) ?? .nan }, names: { "\($0)" }) else { return nil }
        return v
    }

    /// Problems in a catalog's formulas: parse errors (with columns), unknown references, cycles.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case syntax(indicator: String, FormulaError)
        case unknownReference(indicator: String, reference: String)
        case cycle([String])

        public var indicator: String {
            switch self {
            case let .syntax(code, _), let .unknownReference(code, _): code
            case let .cycle(codes): codes[0]
            }
        }

        public var description: String {
            switch self {
            case let .syntax(_, error): "formula \(error)"
            case let .unknownReference(_, reference): "formula refers to unknown indicator '\(reference)'"
            case let .cycle(codes): "formulas form a cycle: \(codes.joined(separator: " → "))"
            }
        }
    }

    /// Checks formulas by indicator code; returns every problem found.
    public static func problems(formulas: [(code: String, formula: String)], known: Set<String>) -> [Problem] {
        var problems: [Problem] = []
        var graph: [String: [String]] = [:]
        for (code, text) in formulas {
            do {
                let e = try Formula.parse(text)
                for ref in e.references where !known.contains(ref) {
                    problems.append(.unknownReference(indicator: code, reference: ref))
                }
                graph[code] = e.references.filter(known.contains)
            } catch {
                problems.append(.syntax(indicator: code, error))
            }
        }
        if let cycle = findCycle(graph, order: formulas.map(\.code)) { problems.append(.cycle(cycle)) }
        return problems
    }

    /// The first cycle found by depth-first search, closed (first code repeated at the end).
    static func findCycle(_ graph: [String: [String]], order: [String]) -> [String]? {
        var state: [String: Int] = [:] // 1 visiting, 2 done
        var stack: [String] = []
        func visit(_ node: String) -> [String]? {
            if state[node] == 2 { return nil }
            if state[node] == 1 {
                let start = stack.firstIndex(of: node)!
                return Array(stack[start...]) + [node]
            }
            state[node] = 1
            stack.append(node)
            for next in graph[node] ?? [] {
                if let cycle = visit(next) { return cycle }
            }
            stack.removeLast()
            state[node] = 2
            return nil
        }
        for node in order {
            if let cycle = visit(node) { return cycle }
        }
        return nil
    }

    init(indicators: [Indicator], index: [String: IndicatorID]) throws(CatalogError) {
        let count = indicators.count
        var formulas: [IndicatorID: CompiledExpression] = [:]
        var direct = [[IndicatorID]](repeating: [], count: count) // input -> derived readers
        var inputs = [[IndicatorID]](repeating: [], count: count)
        for (i, indicator) in indicators.enumerated() {
            guard let text = indicator.formula else { continue }
            let e: Expression
            do { e = try Formula.parse(text) } catch { throw .formula(indicator.code, "\(error)") }
            for ref in e.references {
                guard let r = index[ref] else { throw .formula(indicator.code, "unknown indicator '\(ref)'") }
                direct[r].append(i)
                inputs[i].append(r)
            }
            formulas[i] = CompiledExpression(e, index)
        }
        // Topological order of derived indicators (Kahn); anything left over is on a cycle.
        var pending = inputs.map { $0.filter { formulas[$0] != nil }.count }
        var order: [IndicatorID] = formulas.keys.filter { pending[$0] == 0 }.sorted()
        var position = 0
        while position < order.count {
            let d = order[position]
            position += 1
            for reader in direct[d] {
                pending[reader] -= 1
                if pending[reader] == 0 { order.append(reader) }
            }
        }
        guard order.count == formulas.count else {
            let graph = Dictionary(uniqueKeysWithValues: formulas.keys.map { i in
                (indicators[i].code, inputs[i].map { indicators[$0].code })
            })
            let cycle = Self.findCycle(graph, order: formulas.keys.sorted().map { indicators[$0].code }) ?? []
            throw .formula(cycle.first ?? "?", "formulas form a cycle: \(cycle.joined(separator: " → "))")
        }
        var rank = [Int](repeating: 0, count: count)
        for (n, d) in order.enumerated() { rank[d] = n }
        var dependents = [[IndicatorID]](repeating: [], count: count)
        for i in 0..<count where !direct[i].isEmpty {
            var seen = Set<IndicatorID>()
            var frontier = direct[i]
            while let next = frontier.popLast() {
                if seen.insert(next).inserted { frontier += direct[next] }
            }
            dependents[i] = seen.sorted { rank[$0] < rank[$1] }
        }
        var weighted = [[IndicatorID]](repeating: [], count: count)
        for (i, indicator) in indicators.enumerated() {
            if case let .weightedMean(w) = indicator.rollup, let wi = index[w] { weighted[wi].append(i) }
        }
        self.formulas = formulas
        self.dependents = dependents
        self.weighted = weighted
        evaluationOrder = order
    }
}
