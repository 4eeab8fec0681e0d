import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// A Section 19 referral and the case that follows it. The child stays on the home school's roll
/// (HN-9): the home school is kept on the case and nothing here removes a child from a register.
final class Referral: Model, @unchecked Sendable {
    static let schema = "referrals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "child_id") var child: Child
    @OptionalParent(key: "home_school_id") var homeSchool: Establishment?
    @OptionalField(key: "referred_by_user_id") var referredByUserID: UUID?
    /// Who the referral is from: the school, or a caseworker on behalf of a parent, health professional or GP.
    @Field(key: "referrer") var referrer: String
    @Field(key: "reason") var reason: String
    /// Health detail: shown only to roles that need it (SECURITY.md field-level access).
    @Field(key: "health_summary") var healthSummary: String
    @Field(key: "expected_absence_days") var expectedAbsenceDays: Int
    @Field(key: "school_days_missed") var schoolDaysMissed: Int
    @Field(key: "ehc_status") var ehcStatus: String
    @Field(key: "parental_consent") var parentalConsent: Bool
    @Field(key: "urgent") var urgent: Bool
    @Field(key: "status") var status: String
    @Field(key: "received_on") var receivedOn: CalendarDate
    @OptionalField(key: "evidence_requested_on") var evidenceRequestedOn: CalendarDate?
    @OptionalField(key: "evidence_requested_from") var evidenceRequestedFrom: String?
    @OptionalField(key: "evidence_received_on") var evidenceReceivedOn: CalendarDate?
    @OptionalField(key: "decided_on") var decidedOn: CalendarDate?
    @OptionalField(key: "decision_reasons") var decisionReasons: String?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "closed_on") var closedOn: CalendarDate?
    @OptionalField(key: "closure_outcome") var closureOutcome: String?
    /// Where the child went at closure (ClosureDestination raw value; migration 029). Reports read this, not closure_outcome.
    @OptionalField(key: "closure_destination") var closureDestination: String?
    /// HN-1: the date the education is needed, on which eligibility is tested (migration 038); nil on older rows means the day received.
    @OptionalField(key: "education_needed_on") var educationNeededOn: CalendarDate?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var statusValue: ReferralStatus { ReferralStatus(rawValue: status) ?? .received }
    var reasonValue: ReferralReason { ReferralReason(rawValue: reason) ?? .other }
    var neededOn: CalendarDate { educationNeededOn ?? receivedOn }
}

/// One block of provision: a base place, home or hospital tuition, virtual teaching or outreach.
final class ProvisionEpisode: Model, @unchecked Sendable {
    static let schema = "provision_episodes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "type") var type: String
    @OptionalParent(key: "base_id") var base: TeachingBase?
    @Field(key: "hours_per_week") var hoursPerWeek: Double
    @Field(key: "starts_on") var startsOn: CalendarDate
    @OptionalField(key: "ends_on") var endsOn: CalendarDate?
    // HN-5: part-time provision needs an LA determination with reasons linked to health and a review date.
    @OptionalField(key: "part_time_reason") var partTimeReason: String?
    @OptionalField(key: "part_time_review_on") var partTimeReviewOn: CalendarDate?
    /// Optimistic locking for the change and end forms (migration 029); nil on older rows means 0.
    @OptionalField(key: "version") var version: Int?

    init() {}

    var typeValue: ProvisionType { ProvisionType(rawValue: type) ?? .home }
    func covers(_ date: CalendarDate) -> Bool { startsOn <= date && (endsOn.map { date <= $0 } ?? true) }
}

struct CreateMedicalEducation: AsyncMigration {
    var name: String { "010_CreateMedicalEducation" }
    func prepare(on database: any Database) async throws {
        try await database.schema(TeachingBase.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("name", .string, .required)
            .field("address", .string, .required)
            .field("postcode", .string, .required)
            .field("capacity", .int, .required)
            .create()
        try await database.schema(Referral.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("child_id", .uuid, .required, .references(Child.schema, .id))
            .field("home_school_id", .uuid, .references(Establishment.schema, .id))
            .field("referred_by_user_id", .uuid)
            .field("referrer", .string, .required)
            .field("reason", .string, .required)
            .field("health_summary", .string, .required)
            .field("expected_absence_days", .int, .required)
            .field("school_days_missed", .int, .required)
            .field("ehc_status", .string, .required)
            .field("parental_consent", .bool, .required)
            .field("urgent", .bool, .required)
            .field("status", .string, .required)
            .field("received_on", .string, .required)
            .field("evidence_requested_on", .string)
            .field("evidence_requested_from", .string)
            .field("evidence_received_on", .string)
            .field("decided_on", .string)
            .field("decision_reasons", .string)
            .field("decided_by", .string)
            .field("closed_on", .string)
            .field("closure_outcome", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(ProvisionEpisode.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id))
            .field("type", .string, .required)
            .field("base_id", .uuid, .references(TeachingBase.schema, .id))
            .field("hours_per_week", .double, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("part_time_reason", .string)
            .field("part_time_review_on", .string)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_referrals_authority_status").on(Referral.schema).column("authority_id").column("status").run()
            try await sql.create(index: "idx_referrals_child").on(Referral.schema).column("child_id").run()
            try await sql.create(index: "idx_referrals_school").on(Referral.schema).column("home_school_id").run()
            try await sql.create(index: "idx_episodes_referral").on(ProvisionEpisode.schema).column("referral_id").run()
        }
    }
    func revert(on database: any Database) async throws {
        try await database.schema(ProvisionEpisode.schema).delete()
        try await database.schema(Referral.schema).delete()
        try await database.schema(TeachingBase.schema).delete()
    }
}
