import Fluent
import SQLKit

/// Issue 4 storage: the session-code blobs and the measures derived from them. Additive only.
struct CreateAttendance: AsyncMigration {
    var name: String { "015_CreateAttendance" }

    func prepare(on database: any Database) async throws {
        // The unique keys double as the conflict targets of the importer's bulk upserts, and
        // their leading `upn` column serves the importer's `upn IN (…)` loads.
        try await database.schema(AttendanceYear.schema)
            .id()
            .field("upn", .string, .required)
            .field("urn", .int, .required)
            .field("academic_year", .int, .required)
            .field("codes", .data, .required)
            .unique(on: "upn", "urn", "academic_year", name: "uq_attendance_years_key")
            .create()
        try await database.schema(StoredIllnessMeasures.schema)
            .id()
            .field("upn", .string, .required)
            .field("academic_year", .int, .required)
            .field("illness_sessions", .int, .required)
            .field("reached_15_on", .string)
            .field("longest_consecutive_days", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "upn", "academic_year", name: "uq_illness_measures_key")
            .create()
        if let sql = database as? any SQLDatabase {
            // The report reads one academic year in UPN order.
            try await sql.create(index: "idx_illness_measures_year").on(StoredIllnessMeasures.schema)
                .column("academic_year").column("upn").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StoredIllnessMeasures.schema).delete()
        try await database.schema(AttendanceYear.schema).delete()
    }
}
