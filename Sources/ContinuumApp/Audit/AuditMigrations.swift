import Fluent
import SQLKit

/// The audit table refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) from anyone but a role that can
/// drop the trigger: a bug or an injected statement in the application can't rewrite history. Nothing
/// in Continuum changes or removes audit rows (no retention job deletes them; restore swaps whole files).
/// On PostgreSQL the app's role should also lack the UPDATE and DELETE grants (README "Database roles").
struct ProtectAuditTable: AsyncMigration {
    var name: String { "033_ProtectAuditTable" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
                CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END
                """).run()
        } else {
            try await sql.raw("""
                CREATE OR REPLACE FUNCTION continuum_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP; END $$
                """).run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events").run()
            try await sql.raw("""
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION continuum_audit_append_only()
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
                FOR EACH STATEMENT EXECUTE FUNCTION continuum_audit_append_only()
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await Self.dropTriggers(sql)
    }

    /// Also used by tests that play an attacker holding the database owner's rights.
    static func dropTriggers(_ sql: any SQLDatabase) async throws {
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_update").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_delete").run()
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events").run()
            try await sql.raw("DROP FUNCTION IF EXISTS continuum_audit_append_only()").run()
        }
    }
}

/// Each row says how its `hash` was made: "hmac-sha256" under the audit key from now on; rows written
/// before this migration keep NULL (plain SHA-256) and still verify, but only ahead of the first keyed row.
struct AddAuditMACScheme: AsyncMigration {
    var name: String { "034_AddAuditMACScheme" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).field("mac_scheme", .string).update()
    }

    func revert(on database: any Database) async throws {
        // Keyed rows can't be told apart from edited plain rows without the column: refuse to lose it.
        if try await AuditEvent.query(on: database).filter(\.$macScheme != nil).count() > 0 {
            throw MigrationRefusal(reason: "034_AddAuditMACScheme cannot be reverted: audit rows are keyed with HMAC and would no longer verify")
        }
        try await database.schema(AuditEvent.schema).deleteField("mac_scheme").update()
    }
}
