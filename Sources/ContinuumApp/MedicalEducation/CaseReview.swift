import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// A review of a child's provision with health professionals' input (HN-12: LOCAL interval,
/// default every 6 school weeks). Due reviews without a held date are flagged when overdue.
final class CaseReview: Model, @unchecked Sendable {
    static let schema = "case_reviews"
    @ID(key: .id) var id: UUID?
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "due_on") var dueOn: CalendarDate
    @OptionalField(key: "held_on") var heldOn: CalendarDate?
    @OptionalField(key: "health_input") var healthInput: String?
    @OptionalField(key: "outcome") var outcome: String?
    init() {}
}

/// The reintegration plan kept from the start of a case (HN-11).
final class ReintegrationPlan: Model, @unchecked Sendable {
    static let schema = "reintegration_plans"
    @ID(key: .id) var id: UUID?
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "goals") var goals: String
    @Field(key: "steps") var steps: String
    @Field(key: "school_contact") var schoolContact: String
    @Field(key: "target_on") var targetOn: CalendarDate
    init() {}
}

struct CreateCaseReview: AsyncMigration {
    var name: String { "012_CreateCaseReview" }
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseReview.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id))
            .field("due_on", .string, .required)
            .field("held_on", .string)
            .field("health_input", .string)
            .field("outcome", .string)
            .create()
        try await database.schema(ReintegrationPlan.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id))
            .field("goals", .string, .required)
            .field("steps", .string, .required)
            .field("school_contact", .string, .required)
            .field("target_on", .string, .required)
            .unique(on: "referral_id")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_reviews_referral").on(CaseReview.schema).column("referral_id").run()
        }
    }
    func revert(on database: any Database) async throws {
        try await database.schema(ReintegrationPlan.schema).delete()
        try await database.schema(CaseReview.schema).delete()
    }
}

