import Fluent
import Foundation
import ContinuumDomain

/// A DSG management plan workstream (DSGMP-4): a mitigation with its lead, dates, status and RAG, and the
/// savings it is expected to make in each financial year (`DSGWorkstreamSaving`).
final class DSGWorkstream: Model, @unchecked Sendable {
    static let schema = "dsg_workstreams"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "title") var title: String
    @Field(key: "lead") var lead: String
    @Field(key: "starts_on") var startsOn: CalendarDate
    @OptionalField(key: "ends_on") var endsOn: CalendarDate?
    @Field(key: "status") var statusRaw: String
    @Field(key: "rag") var ragRaw: String
    /// The Safety Valve condition it answers, in words (DSGMP-4's linked_sv_condition).
    @OptionalField(key: "sv_condition") var svCondition: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var status: DSGPlan.WorkstreamStatus { DSGPlan.WorkstreamStatus(rawValue: statusRaw) ?? .planned }
    var rag: RAG { RAG(rawValue: ragRaw) ?? .amber }
}

final class DSGWorkstreamSaving: Model, @unchecked Sendable {
    static let schema = "dsg_workstream_savings"
    @ID(key: .id) var id: UUID?
    @Parent(key: "workstream_id") var workstream: DSGWorkstream
    @Field(key: "financial_year") var financialYear: String
    @Field(key: "saving_pence") var savingPence: Int64
    init() {}
}

/// One entry in the stakeholder engagement record (DSGMP-2 tab 7, DSGMP-4's EngagementEvent): who was engaged
/// (by group, never by name), when, how, what was said and what changed.
final class DSGEngagementEvent: Model, @unchecked Sendable {
    static let schema = "dsg_engagement_events"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "audience") var audienceRaw: String
    @Field(key: "held_on") var heldOn: CalendarDate
    @Field(key: "method") var method: String
    @Field(key: "summary") var summary: String
    @Field(key: "outcome") var outcome: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var audience: DSGPlan.Audience? { DSGPlan.Audience(rawValue: audienceRaw) }
}

/// Issue 15 item 5, migration 043: the DSG management plan's workstream log and engagement record.
struct CreateDSGPlan: AsyncMigration {
    var name: String { "043_CreateDSGPlan" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DSGWorkstream.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("title", .string, .required)
            .field("lead", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("status", .string, .required)
            .field("rag", .string, .required)
            .field("sv_condition", .string)
            .field("created_at", .datetime)
            .create()
        try await database.schema(DSGWorkstreamSaving.schema)
            .id()
            .field("workstream_id", .uuid, .required, .references(DSGWorkstream.schema, .id))
            .field("financial_year", .string, .required)
            .field("saving_pence", .int64, .required)
            .unique(on: "workstream_id", "financial_year")
            .create()
        try await database.schema(DSGEngagementEvent.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("audience", .string, .required)
            .field("held_on", .string, .required)
            .field("method", .string, .required)
            .field("summary", .string, .required)
            .field("outcome", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DSGEngagementEvent.schema).delete()
        try await database.schema(DSGWorkstreamSaving.schema).delete()
        try await database.schema(DSGWorkstream.schema).delete()
    }
}
