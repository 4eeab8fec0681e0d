import Fluent
import SQLKit

/// Delivery state on the email outbox (issue 12 item 5): the council a message belongs to, the
/// attempts made, when the next may start (also the claim's lease), Notify's last error, when it
/// failed for good, and Notify's id once sent. All nullable: rows written before this migration
/// are simply due, with no authority (so no council's /admin/outbox lists them).
struct AddOutboxDelivery: AsyncMigration {
    var name: String { "027_AddOutboxDelivery" }

    private static let columns: [(String, DatabaseSchema.DataType)] = [
        ("authority_id", .uuid), ("attempts", .int), ("next_attempt_at", .datetime),
        ("last_error", .string), ("failed_at", .datetime), ("notify_id", .string),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        for (name, type) in Self.columns {
            try await database.schema(OutboxMessage.schema).field(.definition(name: .key(.string(name)), dataType: type, constraints: [])).update()
        }
        if let sql = database as? any SQLDatabase {
            // The delivery worker's "what is due" query, and the administrators' page.
            try await sql.raw("CREATE INDEX email_outbox_due ON \(ident: OutboxMessage.schema) (sent_at, failed_at, next_attempt_at)").run()
            try await sql.raw("CREATE INDEX email_outbox_authority ON \(ident: OutboxMessage.schema) (authority_id, failed_at)").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        // Raw DROP COLUMN: Fluent's SQLite schema builder does not drop columns; SQLite (3.35+) and PostgreSQL both do.
        // Messages that had failed for good become plain unsent rows again, as before this migration.
        try await sql.raw("DROP INDEX IF EXISTS email_outbox_authority").run()
        try await sql.raw("DROP INDEX IF EXISTS email_outbox_due").run()
        for (name, _) in Self.columns.reversed() {
            try await sql.raw("ALTER TABLE \(ident: OutboxMessage.schema) DROP COLUMN \(ident: name)").run()
        }
    }
}
