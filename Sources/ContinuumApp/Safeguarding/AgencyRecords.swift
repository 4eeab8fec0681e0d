import Fluent
import SQLKit
import Foundation
import ContinuumDomain

/// Another agency working with the child, and who to contact there (issue 3 item 7).
final class Involvement: Model, @unchecked Sendable {
    static let schema = "involvements"
    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: Child
    @Field(key: "agency") var agency: String
    @Field(key: "contact_name") var contactName: String
    @OptionalField(key: "contact_details") var contactDetails: String?
    @Field(key: "since") var since: CalendarDate
    @Field(key: "recorded_by") var recordedBy: String
    init() {}
    var agencyKind: AgencyKind { AgencyKind(rawValue: agency) ?? .other }
}

/// A risk assessment for a child or for a teaching base, with the date it must be looked at again.
final class RiskAssessment: Model, @unchecked Sendable {
    static let schema = "risk_assessments"
    @ID(key: .id) var id: UUID?
    @Field(key: "authority_id") var authorityID: UUID
    @OptionalParent(key: "child_id") var child: Child?
    @OptionalParent(key: "base_id") var base: TeachingBase?
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "assessed_on") var assessedOn: CalendarDate
    @Field(key: "review_on") var reviewOn: CalendarDate
    @Field(key: "assessed_by") var assessedBy: String
    init() {}
}

struct CreateAgencyRecords: AsyncMigration {
    var name: String { "019_CreateAgencyRecords" }
    func prepare(on database: any Database) async throws {
        try await database.schema(Involvement.schema)
            .id()
            .field("child_id", .uuid, .required, .references(Child.schema, .id))
            .field("agency", .string, .required)
            .field("contact_name", .string, .required)
            .field("contact_details", .string)
            .field("since", .string, .required)
            .field("recorded_by", .string, .required)
            .create()
        try await database.schema(RiskAssessment.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("child_id", .uuid, .references(Child.schema, .id))
            .field("base_id", .uuid, .references(TeachingBase.schema, .id))
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("assessed_on", .string, .required)
            .field("review_on", .string, .required)
            .field("assessed_by", .string, .required)
            .create()
        try await database.schema(PanelMeeting.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("held_on", .string, .required)
            .field("members", .string, .required)
            .field("minutes", .string, .required)
            .field("recorded_by", .string, .required)
            .create()
        try await database.schema(PanelReferral.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(PanelMeeting.schema, .id))
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id))
            .unique(on: "meeting_id", "referral_id")
            .create()
        try await database.schema(LongPlacementException.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id))
            .field("reason", .string, .required)
            .field("recorded_on", .string, .required)
            .field("recorded_by", .string, .required)
            .create()
        // Nullable: an authority that never chose keeps the documented default (EvidencePolicy.default).
        try await database.schema(Authority.schema).field("evidence_policy", .string).update()
    }
    func revert(on database: any Database) async throws {
        // Raw DROP COLUMN, as in 022: SQLite (3.35+) and PostgreSQL both take it.
        if let sql = database as? any SQLDatabase { try await sql.raw("ALTER TABLE \(ident: Authority.schema) DROP COLUMN evidence_policy").run() }
        for schema in [LongPlacementException.schema, PanelReferral.schema, PanelMeeting.schema, RiskAssessment.schema, Involvement.schema] {
            try await database.schema(schema).delete()
        }
    }
}
