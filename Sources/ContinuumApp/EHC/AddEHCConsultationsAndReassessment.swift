import Fluent
import SQLKit
import ContinuumDomain

/// Advice that arrives as a file, reminders to advisers, consultations with the school the family
/// asked for, re-assessments (reg 27) as cases of their own linked to the plan they replace, and
/// the date of an arranged annual review meeting (reg 20).
struct AddEHCConsultationsAndReassessment: AsyncMigration {
    var name: String { "022_AddEHCConsultationsAndReassessment" }

    private static let adviceColumns: [(String, DatabaseSchema.DataType)] = [
        ("file_stored_name", .string), ("file_content_type", .string), ("file_original_name", .string),
        ("file_size", .int), ("last_reminded_on", .string), ("reminders_sent", .int),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        for (name, type) in Self.adviceColumns {
            try await database.schema(EHCAdviceRequest.schema).field(.definition(name: .key(.string(name)), dataType: type, constraints: [])).update()
        }
        try await database.schema(EHCCase.schema).field("kind", .string, .required, .sql(.default(EHCCaseKind.new.rawValue))).update()
        try await database.schema(EHCCase.schema).field("previous_case_id", .uuid).update()
        try await database.schema(EHCCase.schema).field("review_meeting_on", .string).update()
        try await database.schema(EHCConsultation.schema)
            .id()
            .field("case_id", .uuid, .required, .references(EHCCase.schema, .id))
            .field("institution", .string, .required)
            .field("consulted_on", .string, .required)
            .field("responded_on", .string)
            .field("response", .string)
            .field("response_notes", .string)
            .field("recorded_by", .string, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX ehc_consultations_case ON ehc_consultations (case_id)").run()
            try await sql.raw("CREATE INDEX ehc_cases_previous ON ehc_cases (previous_case_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        // Before 022 a re-assessment, a replaced plan or a council-made request can't be represented:
        // reverting over them would silently turn replaced plans back into open requests.
        if let sql = database as? any SQLDatabase {
            struct Count: Decodable { let n: Int }
            let rows = try await sql.raw("""
                SELECT (SELECT COUNT(*) FROM ehc_cases WHERE kind <> 'new' OR stage = 'replaced' OR requester = 'council' OR review_meeting_on IS NOT NULL)
                     + (SELECT COUNT(*) FROM ehc_consultations)
                     + (SELECT COUNT(*) FROM ehc_advice_requests WHERE file_stored_name IS NOT NULL OR last_reminded_on IS NOT NULL) AS n
                """).first(decoding: Count.self)
            if let n = rows?.n, n > 0 {
                throw MigrationRefusal(reason: "022 cannot be reverted: \(n) record(s) (re-assessments, replaced plans, council requests, arranged reviews, consultations, advice documents or reminders) would be lost")
            }
        }
        try await database.schema(EHCConsultation.schema).delete()
        guard let sql = database as? any SQLDatabase else { return }
        // Raw DROP COLUMN: Fluent's SQLite schema builder does not drop columns; SQLite (3.35+) and PostgreSQL both do.
        try await sql.raw("DROP INDEX IF EXISTS ehc_cases_previous").run()
        for column in ["review_meeting_on", "previous_case_id", "kind"] {
            try await sql.raw("ALTER TABLE \(ident: EHCCase.schema) DROP COLUMN \(ident: column)").run()
        }
        for (name, _) in Self.adviceColumns.reversed() {
            try await sql.raw("ALTER TABLE \(ident: EHCAdviceRequest.schema) DROP COLUMN \(ident: name)").run()
        }
    }
}

struct MigrationRefusal: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
