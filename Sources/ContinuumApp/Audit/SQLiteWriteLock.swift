import Fluent
import SQLKit

/// SQLite in WAL mode answers SQLITE_BUSY_SNAPSHOT at once, without waiting for the busy timeout, when a
/// transaction that has read tries to write after another connection committed (issue 13, finding 3:
/// two 500s under load). Fluent opens SQLite transactions with a deferred `BEGIN`, and an audited
/// transaction always reads the chain's tail before appending. So its first statement takes the write
/// lock: a write that matches no row of a table kept for this. That makes the transaction behave as
/// `BEGIN IMMEDIATE`: it waits (busy_timeout) for another writer instead of failing, and once it holds
/// the lock no other connection can commit under its snapshot. Single-statement writes outside
/// `AuditLog.transaction` (a session's last-seen time) take the lock as their first step and wait too.
enum SQLiteWriteLock {
    static let table = "write_lock"

    static func take(on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE \(unsafeRaw: table) SET n = n WHERE 0").run()
    }
}

/// The table `SQLiteWriteLock` writes to. It never holds a row; on PostgreSQL it is unused (the
/// advisory lock serialises appends there).
struct CreateSQLiteWriteLock: AsyncMigration {
    var name: String { "035_CreateSQLiteWriteLock" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SQLiteWriteLock.table).field("n", .int).create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SQLiteWriteLock.table).delete()
    }
}
