import Fluent
import SQLKit

/// Issue 13 items 7 and 11: the last accepted TOTP time step per user (a code is accepted once), and no
/// plaintext set-up secrets left behind. Confirmed secrets are sealed by `TOTPSecretBox` on first use and by
/// `serve` at start-up, because the key lives outside the database, where a migration can't reach it.
struct AddTwoFactorHardening: AsyncMigration {
    var name: String { "031_AddTwoFactorHardening" }

    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("totp_last_step", .int64).update()
        // Set-up keys are derived per session now, never stored; the old ones were plaintext secrets.
        if let sql = database as? any SQLDatabase {
            try await sql.update(User.schema).set(SQLIdentifier("pending_totp_secret"), to: SQLLiteral.null)
                .where("pending_totp_secret", .isNot, SQLLiteral.null).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await DropColumns.run(["totp_last_step"], from: User.schema, on: database)
    }
}
