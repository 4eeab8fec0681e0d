import Fluent
import SQLKit

struct CreateEHC: AsyncMigration {
    var name: String { "018_CreateEHC" }
    func prepare(on database: any Database) async throws {
        try await createCases(on: database)
        try await createCaseDetails(on: database)
        try await createIndexes(on: database)
    }

    /// The case itself: one row per request, its stage and statutory dates.
    private func createCases(on database: any Database) async throws {
        try await database.schema(EHCCase.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("child_id", .uuid, .references(Child.schema, .id))
            .field("upn", .string)
            .field("requested_on", .string, .required)
            .field("requester", .string, .required)
            .field("requester_name", .string)
            .field("request_summary", .string)
            .field("stage", .string, .required)
            .field("decision_on", .string)
            .field("decision_reasons", .string)
            .field("draft_served_on", .string)
            .field("family_comments", .string)
            .field("preferred_school", .string)
            .field("school_consulted_on", .string)
            .field("final_issued_on", .string)
            .field("placement", .string)
            .field("exception", .string)
            .field("exception_reason", .string)
            .field("assessment_closed_on", .string)
            .field("mediation_on", .string)
            .field("tribunal_registered_on", .string)
            .field("last_review_on", .string)
            .field("ceased_on", .string)
            .field("cease_reason", .int)
            .field("caseworker_id", .uuid)
            .field("source", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    /// What hangs off a case (advice, plan sections and outcomes, history), and the caseworkers.
    private func createCaseDetails(on database: any Database) async throws {
        try await database.schema(EHCAdviceRequest.schema)
            .id()
            .field("case_id", .uuid, .required, .references(EHCCase.schema, .id))
            .field("kind", .string, .required)
            .field("adviser_user_id", .uuid)
            .field("adviser_name", .string, .required)
            .field("requested_on", .string, .required)
            .field("received_on", .string)
            .field("advice", .string)
            .create()
        try await database.schema(EHCPlanSection.schema)
            .id()
            .field("case_id", .uuid, .required, .references(EHCCase.schema, .id))
            .field("section", .string, .required)
            .field("content", .string, .required)
            .unique(on: "case_id", "section")
            .create()
        try await database.schema(EHCOutcome.schema)
            .id()
            .field("case_id", .uuid, .required, .references(EHCCase.schema, .id))
            .field("position", .int, .required)
            .field("need", .string, .required)
            .field("outcome", .string, .required)
            .field("provision", .string, .required)
            .create()
        try await database.schema(EHCCaseEvent.schema)
            .id()
            .field("case_id", .uuid, .required, .references(EHCCase.schema, .id))
            .field("happened_on", .string, .required)
            .field("summary", .string, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(CaseworkerProfile.schema)
            .id()
            .field("user_id", .uuid, .required)
            .field("authority_id", .uuid, .required)
            .field("name", .string, .required)
            .field("is_agency", .bool, .required)
            .field("is_trainee", .bool, .required)
            .field("started_on", .string, .required)
            .unique(on: "user_id")
            .create()
    }

    private func createIndexes(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            // Imports upsert by (authority, UPN, request date); dashboards filter by stage and dates.
            try await sql.raw("CREATE UNIQUE INDEX ehc_cases_import_key ON ehc_cases (authority_id, upn, requested_on) WHERE upn IS NOT NULL").run()
            try await sql.raw("CREATE INDEX ehc_cases_stage ON ehc_cases (authority_id, stage)").run()
            try await sql.raw("CREATE INDEX ehc_cases_final ON ehc_cases (authority_id, final_issued_on)").run()
            try await sql.raw("CREATE INDEX ehc_cases_child ON ehc_cases (child_id)").run()
            try await sql.raw("CREATE INDEX ehc_advice_case ON ehc_advice_requests (case_id)").run()
            try await sql.raw("CREATE INDEX ehc_advice_adviser ON ehc_advice_requests (adviser_user_id)").run()
            try await sql.raw("CREATE INDEX ehc_events_case ON ehc_case_events (case_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [CaseworkerProfile.schema, EHCCaseEvent.schema, EHCOutcome.schema, EHCPlanSection.schema, EHCAdviceRequest.schema, EHCCase.schema] {
            try await database.schema(schema).delete()
        }
    }
}
