import Fluent
import SQLKit

/// The early-identification queue and the school sickness notifications that feed it. Additive only.
struct CreateIdentifications: AsyncMigration {
    var name: String { "016_CreateIdentifications" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SicknessNotification.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("child_id", .uuid, .required, .references(Child.schema, .id))
            .field("school_id", .uuid, .references(Establishment.schema, .id))
            .field("first_day_absent", .string, .required)
            .field("expected_return_on", .string)
            .field("expected_school_days", .int)
            .field("reason", .string, .required)
            .field("notified_by", .string, .required)
            .field("notified_by_user_id", .uuid, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(Identification.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("child_id", .uuid, .references(Child.schema, .id))
            .field("upn", .string)
            .field("kind", .string, .required)
            .field("detail", .string, .required)
            .field("academic_year", .int, .required)
            .field("identified_on", .string, .required)
            .field("dedupe_key", .string, .required)
            .field("sickness_notification_id", .uuid, .references(SicknessNotification.schema, .id))
            .field("reviewed_by", .string)
            .field("reviewed_by_user_id", .uuid)
            .field("reviewed_on", .string)
            .field("decision", .string)
            .field("decision_note", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "dedupe_key", name: "uq_identifications_dedupe_key")
            .create()
        if let sql = database as? any SQLDatabase {
            // The queue lists an authority's entries newest first.
            try await sql.create(index: "idx_identifications_queue").on(Identification.schema)
                .column("authority_id").column("identified_on").run()
            try await sql.create(index: "idx_sickness_notifications_child").on(SicknessNotification.schema).column("child_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Identification.schema).delete()
        try await database.schema(SicknessNotification.schema).delete()
    }
}
