import Fluent
import SQLKit

/// Issue 12 item 3: what the demo seeder used to hard-code, as settings a council's administrator
/// changes. Every column is nullable, so rows made before this migration keep working: nil is the
/// documented default (targets), "no mailbox set", "open" (bases) or "not ended" (staff, caseworkers).
struct AddCouncilSettings: AsyncMigration {
    var name: String { "026_AddCouncilSettings" }

    private static let columns: [(table: String, column: String, type: DatabaseSchema.DataType)] = [
        (Authority.schema, "safeguarding_mailbox", .string), (Authority.schema, "service_targets", .string),
        (TeachingBase.schema, "opens_on", .string), (TeachingBase.schema, "closes_on", .string),
        (StaffMember.schema, "started_on", .string), (StaffMember.schema, "ended_on", .string),
        (CaseworkerProfile.schema, "fte", .double), (CaseworkerProfile.schema, "ended_on", .string),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        for item in Self.columns {
            try await database.schema(item.table).field(.definition(name: .key(.string(item.column)), dataType: item.type, constraints: [])).update()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        // Raw DROP COLUMN: Fluent's SQLite schema builder does not drop columns; SQLite (3.35+) and PostgreSQL both do.
        for item in Self.columns.reversed() {
            try await sql.raw("ALTER TABLE \(ident: item.table) DROP COLUMN \(ident: item.column)").run()
        }
    }
}
