import Fluent

/// Issue 14, rulebook HN-1: eligibility is tested on the date the education is needed, so the
/// referral keeps that date. Nullable: referrals made before this migration were tested on the
/// day they were received, and `Referral.neededOn` reads a missing date as that day.
struct AddReferralEducationNeededOn: AsyncMigration {
    var name: String { "038_AddReferralEducationNeededOn" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Referral.schema).field("education_needed_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        // Fluent's SQLite builder can't drop columns; DropColumns works on SQLite 3.35+ and PostgreSQL.
        try await DropColumns.run(["education_needed_on"], from: Referral.schema, on: database)
    }
}
