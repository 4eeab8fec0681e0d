import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// A survey (SURV-4): its audience, the stage it follows and after how many days. Its questions live in
/// versions; a published version is never changed, so the answers to it always mean what they meant.
final class Survey: Model, @unchecked Sendable {
    static let schema = "surveys"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    @Field(key: "audience") var audienceRaw: String
    @Field(key: "trigger") var triggerRaw: String
    @Field(key: "delay_days") var delayDays: Int
    @Field(key: "status") var statusRaw: String
    /// The published version new invitations are sent with (nil until one is published).
    @OptionalField(key: "published_version") var publishedVersion: Int?
    @Field(key: "created_by") var createdBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var audience: SurveyAudience { SurveyAudience(rawValue: audienceRaw) ?? .parentCarer }
    var trigger: SurveyTrigger { SurveyTrigger(rawValue: triggerRaw) ?? .manual }
    var status: SurveyStatus { SurveyStatus(rawValue: statusRaw) ?? .draft }
    /// Plain words and the young person's own scale labels for a child's version.
    var plainWords: Bool { audience == .childYoungPerson }
}

/// One version of a survey's questions, as JSON. `publishedOn` set means frozen.
final class SurveyVersion: Model, @unchecked Sendable {
    static let schema = "survey_versions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "survey_id") var survey: Survey
    @Field(key: "version") var version: Int
    @Field(key: "questions") var questionsJSON: String
    @OptionalField(key: "published_on") var publishedOn: CalendarDate?
    init() {}

    var questions: [SurveyQuestion] { (try? JSONDecoder().decode([SurveyQuestion].self, from: Data(questionsJSON.utf8))) ?? [] }
    static func encode(_ questions: [SurveyQuestion]) -> String {
        String(decoding: (try? JSONEncoder().encode(questions)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// A single-use link sent to one person. Only the SHA-256 of its token is kept; the case it is about is
/// kept here (to send once per stage, and to link a response whose respondent agreed to be contacted),
/// never on the response itself.
final class SurveyInvitation: Model, @unchecked Sendable {
    static let schema = "survey_invitations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "survey_id") var survey: Survey
    @Field(key: "version") var version: Int
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "stage") var stage: String
    /// What the invitation was sent about, e.g. "ehc_case:<id>:2026-10-01"; with the recipient's hash, unique per survey.
    @Field(key: "source_key") var sourceKey: String
    @Field(key: "recipient_hash") var recipientHash: String
    @OptionalField(key: "case_type") var caseType: String?
    @OptionalField(key: "case_id") var caseID: UUID?
    @Field(key: "sent_on") var sentOn: CalendarDate
    @OptionalField(key: "used_at") var usedAt: Date?
    init() {}
}

/// One set of answers. Nothing here names the respondent; `caseID` is copied only when they agreed to be contacted.
final class SurveyResponse: Model, @unchecked Sendable {
    static let schema = "survey_responses"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "survey_id") var survey: Survey
    @Field(key: "version") var version: Int
    @Field(key: "stage") var stage: String
    @Field(key: "service") var service: String
    @Field(key: "submitted_on") var submittedOn: CalendarDate
    @Field(key: "consent_to_contact") var consentToContact: Bool
    @OptionalField(key: "case_type") var caseType: String?
    @OptionalField(key: "case_id") var caseID: UUID?
    init() {}
}

final class SurveyAnswerRecord: Model, @unchecked Sendable {
    static let schema = "survey_answers"
    @ID(key: .id) var id: UUID?
    @Parent(key: "response_id") var response: SurveyResponse
    @Parent(key: "survey_id") var survey: Survey
    @Field(key: "question") var question: String
    @Field(key: "value") var value: String
    /// The response's stage and submitted month ("YYYY-MM"), copied on so the results' trend and stage comparison read
    /// one covering index with no join (migration 052). Both are fixed once the response is written.
    @Field(key: "stage") var stage: String
    @Field(key: "submitted_month") var submittedMonth: String
    init() {}

    /// Every answer is written with its response's stage and month: the one place they are set.
    func belongs(to response: SurveyResponse) {
        $response.id = response.id!; $survey.id = response.$survey.id
        stage = response.stage; submittedMonth = String(response.submittedOn.description.prefix(7))
    }
}

/// SURV-5's managed list of themes.
final class FeedbackThemeRecord: Model, @unchecked Sendable {
    static let schema = "feedback_themes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "label") var label: String
    @Field(key: "retired") var retired: Bool
    init() {}
}

final class SurveyAnswerTheme: Model, @unchecked Sendable {
    static let schema = "survey_answer_themes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "answer_id") var answer: SurveyAnswerRecord
    @Parent(key: "theme_id") var theme: FeedbackThemeRecord
    @Field(key: "coded_by") var codedBy: String
    init() {}
}

/// SURV-2: "you said, we did", published on the council's public page.
final class YouSaidWeDidRecord: Model, @unchecked Sendable {
    static let schema = "you_said_we_did"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @OptionalParent(key: "theme_id") var theme: FeedbackThemeRecord?
    @Field(key: "you_said") var youSaid: String
    @Field(key: "we_did") var weDid: String
    @Field(key: "status") var statusRaw: String
    @OptionalField(key: "rationale") var rationale: String?
    @OptionalField(key: "evidence") var evidence: String?
    @OptionalField(key: "review_on") var reviewOn: CalendarDate?
    @Field(key: "published_on") var publishedOn: CalendarDate
    @Field(key: "created_by") var createdBy: String
    init() {}
    var status: YouSaidWeDidStatus { YouSaidWeDidStatus(rawValue: statusRaw) ?? .planned }
}

/// SURV-6's co-production log.
final class CoProductionRecord: Model, @unchecked Sendable {
    static let schema = "coproduction_activities"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "held_on") var heldOn: CalendarDate
    @Field(key: "groups") var groupsRaw: String
    @Field(key: "title") var title: String
    @Field(key: "asked") var asked: String
    @OptionalField(key: "changed") var changed: String?
    @OptionalField(key: "milestone") var milestone: String?
    @Field(key: "created_by") var createdBy: String
    init() {}
    var groups: [CoProductionGroup] { groupsRaw.split(separator: ",").compactMap { CoProductionGroup(rawValue: String($0)) } }
}

struct CreateSurveys: AsyncMigration {
    var name: String { "048_CreateSurveys" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Survey.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("slug", .string, .required)
            .field("title", .string, .required)
            .field("audience", .string, .required)
            .field("trigger", .string, .required)
            .field("delay_days", .int, .required)
            .field("status", .string, .required)
            .field("published_version", .int)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "authority_id", "slug")
            .create()
        try await database.schema(SurveyVersion.schema)
            .id()
            .field("survey_id", .uuid, .required, .references(Survey.schema, .id))
            .field("version", .int, .required)
            .field("questions", .string, .required)
            .field("published_on", .string)
            .unique(on: "survey_id", "version")
            .create()
        try await database.schema(SurveyInvitation.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("survey_id", .uuid, .required, .references(Survey.schema, .id))
            .field("version", .int, .required)
            .field("token_hash", .string, .required)
            .field("stage", .string, .required)
            .field("source_key", .string, .required)
            .field("recipient_hash", .string, .required)
            .field("case_type", .string)
            .field("case_id", .uuid)
            .field("sent_on", .string, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .unique(on: "survey_id", "source_key", "recipient_hash")
            .create()
        try await database.schema(SurveyResponse.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("survey_id", .uuid, .required, .references(Survey.schema, .id))
            .field("version", .int, .required)
            .field("stage", .string, .required)
            .field("service", .string, .required)
            .field("submitted_on", .string, .required)
            .field("consent_to_contact", .bool, .required)
            .field("case_type", .string)
            .field("case_id", .uuid)
            .create()
        try await database.schema(SurveyAnswerRecord.schema)
            .id()
            .field("response_id", .uuid, .required, .references(SurveyResponse.schema, .id))
            .field("survey_id", .uuid, .required, .references(Survey.schema, .id))
            .field("question", .string, .required)
            .field("value", .string, .required)
            .create()
        try await database.schema(FeedbackThemeRecord.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("label", .string, .required)
            .field("retired", .bool, .required)
            .unique(on: "authority_id", "label")
            .create()
        try await database.schema(SurveyAnswerTheme.schema)
            .id()
            .field("answer_id", .uuid, .required, .references(SurveyAnswerRecord.schema, .id))
            .field("theme_id", .uuid, .required, .references(FeedbackThemeRecord.schema, .id))
            .field("coded_by", .string, .required)
            .unique(on: "answer_id", "theme_id")
            .create()
        try await database.schema(YouSaidWeDidRecord.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("theme_id", .uuid, .references(FeedbackThemeRecord.schema, .id))
            .field("you_said", .string, .required)
            .field("we_did", .string, .required)
            .field("status", .string, .required)
            .field("rationale", .string)
            .field("evidence", .string)
            .field("review_on", .string)
            .field("published_on", .string, .required)
            .field("created_by", .string, .required)
            .create()
        try await database.schema(CoProductionRecord.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("held_on", .string, .required)
            .field("groups", .string, .required)
            .field("title", .string, .required)
            .field("asked", .string, .required)
            .field("changed", .string)
            .field("milestone", .string)
            .field("created_by", .string, .required)
            .create()
        // The results page aggregates one survey's answers by question and value, and responses by stage and date.
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX survey_answers_by_survey ON survey_answers (survey_id, question, value, response_id)").run()
        try await sql.raw("CREATE INDEX survey_responses_by_survey ON survey_responses (survey_id, stage, submitted_on)").run()
        try await sql.raw("CREATE INDEX survey_invitations_by_survey ON survey_invitations (survey_id, sent_on)").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [CoProductionRecord.schema, YouSaidWeDidRecord.schema, SurveyAnswerTheme.schema, FeedbackThemeRecord.schema,
                       SurveyAnswerRecord.schema, SurveyResponse.schema, SurveyInvitation.schema, SurveyVersion.schema, Survey.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// Issue 16's survey results at 50,000 responses (bench/surveys): the agreement-by-stage-and-month query joined every
/// scale answer to its response by a text key (0.75 s). The stage and month now ride on the answer, backfilled here.
struct AddSurveyAnswerStageMonth: AsyncMigration {
    var name: String { "052_SurveyAnswerStageMonth" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE survey_answers ADD COLUMN stage TEXT NOT NULL DEFAULT ''").run()
        try await sql.raw("ALTER TABLE survey_answers ADD COLUMN submitted_month TEXT NOT NULL DEFAULT ''").run()
        try await sql.raw("""
            UPDATE survey_answers SET
              stage = (SELECT r.stage FROM survey_responses r WHERE r.id = survey_answers.response_id),
              submitted_month = (SELECT SUBSTR(r.submitted_on, 1, 7) FROM survey_responses r WHERE r.id = survey_answers.response_id)
            """).run()
        try await sql.raw("CREATE INDEX survey_answers_by_stage_month ON survey_answers (survey_id, question, stage, submitted_month, value)").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX survey_answers_by_stage_month").run()
        try await sql.raw("ALTER TABLE survey_answers DROP COLUMN submitted_month").run()
        try await sql.raw("ALTER TABLE survey_answers DROP COLUMN stage").run()
    }
}
