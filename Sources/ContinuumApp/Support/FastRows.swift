import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Large reads (a county's tracking cohort) as plain values. On SQLite the rows come straight from the connection on
/// SQLite's thread, read as SQLite's own values: SQLKit's `all()` hands each row to the event loop one at a time and
/// decodes each value through Codable, which cost two seconds for 24,000 young people and 50,000 spells in a debug
/// build (bench/post16). Other databases (PostgreSQL) take SQLKit's path, so both read the same query.
enum FastRows {
    /// One row: values by column name, nil for SQL NULL.
    struct Row: Sendable {
        fileprivate enum Source: Sendable { case sqlite(SQLiteRow), sql(any SQLRow) }
        fileprivate let source: Source

        func string(_ column: String) throws -> String? {
            switch source {
            case .sqlite(let row):
                guard let data = row.column(column) else { throw FastRowsError.missingColumn(column) }
                return data.isNull ? nil : data.string
            case .sql(let row): return try row.decode(column: column, as: String?.self)
            }
        }

        func int(_ column: String) throws -> Int? {
            switch source {
            case .sqlite(let row):
                guard let data = row.column(column) else { throw FastRowsError.missingColumn(column) }
                return data.isNull ? nil : data.integer.map { Int($0) }
            case .sql(let row): return try row.decode(column: column, as: Int?.self)
            }
        }

        func bool(_ column: String) throws -> Bool {
            switch source {
            case .sqlite(let row):
                guard let data = row.column(column) else { throw FastRowsError.missingColumn(column) }
                return data.bool ?? false
            case .sql(let row): return try row.decode(column: column, as: Bool.self)
            }
        }

        func uuid(_ column: String) throws -> UUID? {
            switch source {
            case .sqlite(let row):
                guard let data = row.column(column) else { throw FastRowsError.missingColumn(column) }
                switch data {
                case .null: return nil
                case .text(let text): return UUID(uuidString: text)
                case .blob(var buffer):
                    guard buffer.readableBytes == 16, let bytes = buffer.readBytes(length: 16) else { return nil }
                    return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                                       bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
                default: return nil
                }
            case .sql(let row): return try row.decode(column: column, as: UUID?.self)
            }
        }
    }

    enum FastRowsError: Error, CustomStringConvertible {
        case missingColumn(String)
        var description: String {
            switch self { case .missingColumn(let c): "the query has no column \(c)" }
        }
    }

    static func all(_ query: SQLSelectBuilder, on db: any Database) async throws -> [Row] {
        if let sqlite = db as? any SQLiteDatabase, let sql = db as? any SQLDatabase {
            let (text, rawBinds) = sql.serialize(query.query)
            let encoder = SQLiteDataEncoder()
            let binds = try rawBinds.map { try encoder.encode($0) }
            let rows = NIOLockedValueBox<[Row]>([])
            try await sqlite.withConnection { (connection: SQLiteConnection) in
                // SQLiteConnection's own async query: each row reaches this closure on SQLite's thread.
                try await connection.query(text, binds) { row in rows.withLockedValue { $0.append(Row(source: .sqlite(row))) } }
            }
            return rows.withLockedValue { $0 }
        }
        return try await query.all().map { Row(source: .sql($0)) }
    }
}
