import Fluent
import SQLKit

/// Rulebook EHC-3: each advice request records whether the family missed an appointment, which lifts
/// the adviser's 6-week duty (reg 8). Rulebook EHC-6: an exception keeps its dated evidence, the closure
/// (with the advice request it affected) for reg 10(4)(a)/(b) or the absence for (d).
struct AddEHCMissedAppointmentAndExceptionEvidence: AsyncMigration {
    var name: String { "036_AddEHCMissedAppointmentAndExceptionEvidence" }

    private static let caseColumns: [(String, DatabaseSchema.DataType)] = [
        ("exception_advice_id", .uuid), ("exception_period_start", .string), ("exception_period_end", .string),
    ]

    func prepare(on database: any Database) async throws {
        // Existing requests had no missed appointment recorded: their 6-week duty stands.
        try await database.schema(EHCAdviceRequest.schema)
            .field("family_missed_appointment", .bool, .required, .sql(.default(false))).update()
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        for (name, type) in Self.caseColumns {
            try await database.schema(EHCCase.schema).field(.definition(name: .key(.string(name)), dataType: type, constraints: [])).update()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            struct Count: Decodable { let n: Int }
            let rows = try await sql.raw("""
                SELECT (SELECT COUNT(*) FROM ehc_advice_requests WHERE family_missed_appointment)
                     + (SELECT COUNT(*) FROM ehc_cases WHERE exception_period_start IS NOT NULL) AS n
                """).first(decoding: Count.self)
            if let n = rows?.n, n > 0 {
                throw MigrationRefusal(reason: "036 cannot be reverted: \(n) record(s) (missed appointments or exception evidence) would be lost")
            }
            // Raw DROP COLUMN: Fluent's SQLite schema builder does not drop columns; SQLite (3.35+) and PostgreSQL both do.
            for (name, _) in Self.caseColumns.reversed() {
                try await sql.raw("ALTER TABLE \(ident: EHCCase.schema) DROP COLUMN \(ident: name)").run()
            }
            try await sql.raw("ALTER TABLE \(ident: EHCAdviceRequest.schema) DROP COLUMN \(ident: "family_missed_appointment")").run()
        }
    }
}
