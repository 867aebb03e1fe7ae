import Foundation

/// A value in a column, as an adapter without Codable records of its own binds and reads it.
public enum ColumnValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case text(String)
    case blob(Data)
}

/// A `TableRow` to and from its columns' values, through its Codable conformance: the one
/// mapping of a table, read by an adapter that binds columns by hand (PostgreSQL).
public enum ColumnCodec {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// The row's values in the order of `R.columns` (a nil is `.null`).
    public static func values<R: TableRow>(_ row: R) throws -> [ColumnValue] {
        let encoder = RowEncoder()
        try row.encode(to: encoder)
        return R.columns.map { encoder.box.values[$0] ?? .null }
    }

    /// The row read from values in the order of `R.columns`.
    public static func row<R: TableRow>(_ type: R.Type, _ values: [ColumnValue]) throws -> R {
        try R(from: RowDecoder(values: Dictionary(uniqueKeysWithValues: zip(R.columns, values))))
    }
}

private final class ValueBox {
    var values: [String: ColumnValue] = [:]
}

private struct RowEncoder: Encoder {
    let box = ValueBox()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { KeyedEncodingContainer(Columns(box: box)) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a table row is keyed by its columns") }
    func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("a table row is keyed by its columns") }

    struct Columns<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: ValueBox
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { box.values[key.stringValue] = .null }
        mutating func encode(_ value: Bool, forKey key: Key) throws { box.values[key.stringValue] = .bool(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { box.values[key.stringValue] = .text(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { box.values[key.stringValue] = .double(value) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { box.values[key.stringValue] = .int32(value) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { box.values[key.stringValue] = .int64(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { box.values[key.stringValue] = .int64(Int64(value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            if let data = value as? Data {
                box.values[key.stringValue] = .blob(data)
            } else {
                throw ColumnCodec.Problem(description: "column \(key.stringValue): \(T.self) is not a column type")
            }
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            fatalError("a column holds one value")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { fatalError("a column holds one value") }
        mutating func superEncoder() -> any Encoder { fatalError("a column holds one value") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { fatalError("a column holds one value") }
    }
}

private struct RowDecoder: Decoder {
    let values: [String: ColumnValue]
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> { KeyedDecodingContainer(Columns(values: values)) }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw ColumnCodec.Problem(description: "a table row is keyed by its columns") }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw ColumnCodec.Problem(description: "a table row is keyed by its columns") }

    struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let values: [String: ColumnValue]
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { values.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { values[key.stringValue] != nil }
        func decodeNil(forKey key: Key) throws -> Bool { (values[key.stringValue] ?? .null) == .null }

        private func value(_ key: Key) throws -> ColumnValue {
            guard let value = values[key.stringValue], value != .null else {
                throw ColumnCodec.Problem(description: "column \(key.stringValue) is empty")
            }
            return value
        }

        private func integer(_ key: Key) throws -> Int64 {
            switch try value(key) {
            case let .int64(v): return v
            case let .int32(v): return Int64(v)
            case let .bool(v): return v ? 1 : 0
            default: throw ColumnCodec.Problem(description: "column \(key.stringValue) is not a whole number")
            }
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            if case let .bool(v) = try value(key) { return v }
            return try integer(key) != 0
        }
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            guard case let .text(v) = try value(key) else { throw ColumnCodec.Problem(description: "column \(key.stringValue) is not text") }
            return v
        }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
            if case let .double(v) = try value(key) { return v }
            return Double(try integer(key))
        }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { Int(try integer(key)) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
            let v = try integer(key)
            guard let narrow = Int32(exactly: v) else { throw ColumnCodec.Problem(description: "column \(key.stringValue): \(v) is out of range") }
            return narrow
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            if T.self == Data.self, case let .blob(v) = try value(key) { return v as! T }
            throw ColumnCodec.Problem(description: "column \(key.stringValue): \(T.self) is not a column type")
        }
        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            throw ColumnCodec.Problem(description: "a column holds one value")
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw ColumnCodec.Problem(description: "a column holds one value") }
        func superDecoder() throws -> any Decoder { throw ColumnCodec.Problem(description: "a column holds one value") }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw ColumnCodec.Problem(description: "a column holds one value") }
    }
}
