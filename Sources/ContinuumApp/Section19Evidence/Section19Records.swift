import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// One GCSE result of a child whose case closed: a subject from a fixed list and a grade
/// (9–1, U or legacy A*–G), so reports count results instead of reading free text.
final class GCSEResult: Model, @unchecked Sendable {
    static let schema = "gcse_results"
    @ID(key: .id) var id: UUID?
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "subject") var subject: String
    @Field(key: "grade") var grade: String
    init() {}
    init(referralID: UUID, subject: GCSESubject, grade: GCSEGrade) {
        self.$referral.id = referralID; self.subject = subject.rawValue; self.grade = grade.code
    }
    var subjectLabel: String { GCSESubject(rawValue: subject)?.label ?? subject }
}

/// A child's access to a virtual or e-learning platform (HN-7), with its dates.
final class VirtualAccess: Model, @unchecked Sendable {
    static let schema = "virtual_access"
    @ID(key: .id) var id: UUID?
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "platform") var platform: String
    @Field(key: "platform_name") var platformName: String
    @Field(key: "starts_on") var startsOn: CalendarDate
    @OptionalField(key: "ends_on") var endsOn: CalendarDate?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    var platformLabel: String { VirtualPlatform(rawValue: platform)?.label ?? platform }
}

/// Issue 12 item 7: structured outcomes at closure, virtual access, and a version on provision
/// episodes so they can be changed without overwriting someone else's change. Additive only.
struct AddSection19Evidence: AsyncMigration {
    var name: String { "029_AddSection19Evidence" }
    func prepare(on database: any Database) async throws {
        try await database.schema(GCSEResult.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id))
            .field("subject", .string, .required)
            .field("grade", .string, .required)
            .unique(on: "referral_id", "subject")
            .create()
        try await database.schema(VirtualAccess.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id))
            .field("platform", .string, .required)
            .field("platform_name", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("created_at", .datetime)
            .create()
        // Nullable: episodes written before this migration are version 0 (SQLite can't add a NOT NULL column without a default).
        try await database.schema(ProvisionEpisode.schema).field("version", .int).update()
        try await database.schema(Referral.schema).field("closure_destination", .string).update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_virtual_access_referral").on(VirtualAccess.schema).column("referral_id").run()
        }
    }
    func revert(on database: any Database) async throws {
        // Fluent's SQLite builder can't drop columns; DropColumns works on SQLite 3.35+ and PostgreSQL.
        try await DropColumns.run(["closure_destination"], from: Referral.schema, on: database)
        try await DropColumns.run(["version"], from: ProvisionEpisode.schema, on: database)
        try await database.schema(VirtualAccess.schema).delete()
        try await database.schema(GCSEResult.schema).delete()
    }
}
