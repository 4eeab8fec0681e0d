import Fluent
import SQLKit

/// Reverting an added column: Fluent's SQLite schema builder does not drop columns, so this uses a raw
/// `ALTER TABLE … DROP COLUMN`, which SQLite (3.35+) and PostgreSQL both take. Names are identifiers, bound as such.
enum DropColumns {
    static func run(_ columns: [String], from table: String, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for column in columns {
            try await sql.raw("ALTER TABLE \(ident: table) DROP COLUMN \(ident: column)").run()
        }
    }
}
