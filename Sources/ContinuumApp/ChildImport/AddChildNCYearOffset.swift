import Fluent

/// Issue 14, rulebook AGE-3 and AR-5: the year a school actually teaches a child in (CTF
/// `NCyearActual`) is kept where it differs from the chronological one, as the difference, so it
/// stays right each September. Nullable: a child with no difference recorded is in their own year.
struct AddChildNCYearOffset: AsyncMigration {
    var name: String { "037_AddChildNCYearOffset" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Child.schema).field("nc_year_offset", .int).update()
    }

    func revert(on database: any Database) async throws {
        // Fluent's SQLite builder can't drop columns; DropColumns works on SQLite 3.35+ and PostgreSQL.
        try await DropColumns.run(["nc_year_offset"], from: Child.schema, on: database)
    }
}
