import Foundation

/// A parsed formula: `+ - * / ( )`, functions `min max sum avg abs round`, numbers and indicator codes.
public indirect enum Expression: Sendable, Hashable {
    case number(Double)
    case reference(String)
    case negate(Expression)
    case binary(Character, Expression, Expression)
    case call(String, [Expression])

    /// Indicator codes the formula reads, in order of first use.
    public var references: [String] {
        var seen: [String] = []
        func walk(_ e: Expression) {
            switch e {
            case .number: break
            case let .reference(code): if !seen.contains(code) { seen.append(code) }
            case let .negate(inner): walk(inner)
            case let .binary(_, a, b): walk(a); walk(b)
            case let .call(_, args): args.forEach(walk)
            }
        }
        walk(self)
        return seen
    }
}

public struct FormulaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based column in the formula text.
    public var position: Int
    public var message: String
    public var description: String { "at column \(position): \(message)" }

    public init(position: Int, message: String) {
        self.position = position
        self.message = message
    }
}

/// Why a formula gave no value.
public enum NoValue: Error, Sendable, Hashable, CustomStringConvertible {
    case missingInput(String)
    case divisionByZero
    case notFinite

    public var description: String {
        switch self {
        case let .missingInput(code): "no value for \(code)"
        case .divisionByZero: "division by zero"
        case .notFinite: "result is not a finite number"
        }
    }
}

public enum Formula {
    public static let functions: Set<String> = ["min", "max", "sum", "avg", "abs", "round"]

    public static func parse(_ text: String) throws(FormulaError) -> Expression {
        var parser = Parser(Array(text.unicodeScalars))
        let expression = try parser.expression()
        parser.skipSpace()
        if parser.index < parser.chars.count {
            throw FormulaError(position: parser.index + 1, message: "unexpected '\(parser.chars[parser.index])'")
        }
        return expression
    }

    /// Evaluates with `lookup` giving each referenced indicator's value (nil: none).
    /// Shares the engine's evaluator, with references numbered locally.
    public static func evaluate(_ e: Expression, _ lookup: (String) -> Double?) -> Result<Double, NoValue> {
        let codes = e.references
        let index = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        let values = codes.map { lookup($0) ?? .nan }
        return CompiledExpression(e, index).evaluate({ values[$0] }, names: { codes[$0] })
    }

    struct Parser {
        let chars: [Unicode.Scalar]
        var index = 0

        init(_ chars: [Unicode.Scalar]) { self.chars = chars }

        mutating func skipSpace() {
            while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
        }

        func error(_ message: String) -> FormulaError { FormulaError(position: index + 1, message: message) }

        mutating func expression() throws(FormulaError) -> Expression {
            var left = try term()
            while true {
                skipSpace()
                guard index < chars.count, chars[index] == "+" || chars[index] == "-" else { return left }
                let op = Character(chars[index])
                index += 1
                left = .binary(op, left, try term())
            }
        }

        mutating func term() throws(FormulaError) -> Expression {
            var left = try factor()
            while true {
                skipSpace()
                guard index < chars.count, chars[index] == "*" || chars[index] == "/" else { return left }
                let op = Character(chars[index])
                index += 1
                left = .binary(op, left, try factor())
            }
        }

        mutating func factor() throws(FormulaError) -> Expression {
            skipSpace()
            guard index < chars.count else { throw error("expected a number, an indicator or '(' but the formula ends") }
            let c = chars[index]
            if c == "-" {
                index += 1
                return .negate(try factor())
            }
            if c == "+" {
                index += 1
                return try factor()
            }
            if c == "(" {
                let open = index
                index += 1
                let inner = try expression()
                skipSpace()
                guard index < chars.count, chars[index] == ")" else {
                    throw FormulaError(position: open + 1, message: "'(' is never closed")
                }
                index += 1
                return inner
            }
            if c.properties.numericType != nil && c.isASCII || c == "." {
                let start = index
                while index < chars.count, chars[index].isASCII, ("0"..."9").contains(chars[index]) || chars[index] == "." || chars[index] == "_" {
                    index += 1
                }
                let text = String(String.UnicodeScalarView(chars[start..<index])).replacingOccurrences(of: "_", with: "")
                guard let v = Double(text) else { throw FormulaError(position: start + 1, message: "bad number '\(text)'") }
                return .number(v)
            }
            if c.isASCII, c.properties.isAlphabetic || c == "_" {
                let start = index
                while index < chars.count, chars[index].isASCII,
                      chars[index].properties.isAlphabetic || ("0"..."9").contains(chars[index]) || chars[index] == "_" || chars[index] == "." {
                    index += 1
                }
                let name = String(String.UnicodeScalarView(chars[start..<index]))
                skipSpace()
                if index < chars.count, chars[index] == "(" {
                    guard Formula.functions.contains(name) else {
                        throw FormulaError(position: start + 1, message: "unknown function '\(name)'; known: \(Formula.functions.sorted().joined(separator: ", "))")
                    }
                    index += 1
                    var args: [Expression] = []
                    skipSpace()
                    if index < chars.count, chars[index] == ")" {
                        index += 1
                    } else {
                        while true {
                            args.append(try expression())
                            skipSpace()
                            guard index < chars.count else { throw FormulaError(position: start + 1, message: "'\(name)(' is never closed") }
                            if chars[index] == "," { index += 1; continue }
                            if chars[index] == ")" { index += 1; break }
                            throw error("expected ',' or ')'")
                        }
                    }
                    let arity: ClosedRange<Int> = switch name {
                    case "abs": 1...1
                    case "round": 1...2
                    default: 1...Int.max
                    }
                    guard arity.contains(args.count) else {
                        let expected = arity.upperBound == Int.max ? "at least \(arity.lowerBound)"
                            : arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)"
                        throw FormulaError(position: start + 1, message: "\(name) takes \(expected) argument(s), got \(args.count)")
                    }
                    return .call(name, args)
                }
                return .reference(name)
            }
            throw error("unexpected '\(c)'")
        }
    }
}
