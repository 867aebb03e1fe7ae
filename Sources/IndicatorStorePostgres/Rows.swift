import Foundation
import PostgresNIO
import StoreContract

/// The contract's table rows on PostgreSQL: each table's columns and mapping come from its
/// `TableRow` (through `ColumnCodec`); here they are only bound and read.
extension PostgresSession {
    /// Inserts `rows`, leaving out the columns the database numbers (`omitting`, when empty), with
    /// `conflict` after (an `ON CONFLICT` clause: `upsert` updates every other column).
    func insert<R: TableRow>(_ rows: [R], omitting generated: Set<String> = [], conflict: String = "") throws(PostgresProblem) {
        for row in rows {
            let values: [ColumnValue]
            do { values = try ColumnCodec.values(row) } catch { throw PostgresProblem(.failed, "\(R.table): \(error)") }
            let kept = zip(R.columns, values).filter { !(generated.contains($0.0) && $0.1 == .null) }
            let names = kept.map { "\"\($0.0)\"" }.joined(separator: ", ")
            let places = (1...max(1, kept.count)).map { "$\($0)" }.joined(separator: ", ")
            try query("INSERT INTO \(R.table) (\(names)) VALUES (\(places)) \(conflict)", kept.map { Self.bind($0.1) })
        }
    }

    /// Inserts `rows`, or replaces every column of the row with the same `key`.
    func upsert<R: TableRow>(_ rows: [R], key: String) throws(PostgresProblem) {
        let updates = R.columns.filter { $0 != key }.map { "\"\($0)\" = excluded.\"\($0)\"" }.joined(separator: ", ")
        try insert(rows, conflict: "ON CONFLICT (\"\(key)\") DO UPDATE SET \(updates)")
    }

    /// Rows of `R`'s table, `tail` after `FROM table` (a filter, an order, a limit) with its values.
    func select<R: TableRow>(_ type: R.Type, _ tail: String = "", _ values: [(any PostgresThrowingDynamicTypeEncodable)?] = []) throws(PostgresProblem) -> [R] {
        let names = R.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return try query("SELECT \(names) FROM \(R.table) \(tail)", values).map { row throws(PostgresProblem) -> R in
            var cells: [ColumnValue] = []
            for index in 0..<R.columns.count { cells.append(try Self.read(row, index)) }
            do { return try ColumnCodec.row(R.self, cells) } catch { throw PostgresProblem(.failed, "a row of \(R.table): \(error)") }
        }
    }

    static func bind(_ value: ColumnValue) -> (any PostgresThrowingDynamicTypeEncodable)? {
        switch value {
        case .null: nil
        case let .bool(v): v
        case let .int32(v): v
        case let .int64(v): v
        case let .double(v): v
        case let .text(v): v
        case let .blob(v): v
        }
    }

    static func read(_ row: PostgresRandomAccessRow, _ index: Int) throws(PostgresProblem) -> ColumnValue {
        let cell = row[index]
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .bool: return .bool(try row.value(index, as: Bool.self))
        case .int2, .int4: return .int32(Int32(try row.value(index, as: Int32.self)))
        case .int8: return .int64(try row.value(index, as: Int64.self))
        case .float4, .float8, .numeric: return .double(try row.value(index, as: Double.self))
        case .bytea: return .blob(try row.value(index, as: Data.self))
        default: return .text(try row.value(index, as: String.self))
        }
    }
}
