import Fluent
import Foundation
import ContinuumDomain

/// A Safety Valve agreement with DfE (issue 15 item 6; SV-1 to SV-9): its total, its payment schedule
/// (instalments by version, SV-4) and its monitoring returns, each rated red, amber or green (SV-8) with the
/// tolerance stored beside the rating so history keeps its colour when the tolerance changes.
final class SafetyValveAgreement: Model, @unchecked Sendable {
    static let schema = "sv_agreements"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "name") var name: String
    @Field(key: "total_pence") var totalPence: Int64
    @Field(key: "first_year") var firstYear: String
    /// SV-5: tri-annual by default; quarterly for an authority on enhanced monitoring (configuration).
    @Field(key: "returns_per_year") var returnsPerYear: Int
    @Field(key: "tolerance_pence") var tolerancePence: Int64
    @Field(key: "tolerance_pct") var tolerancePercent: Int
    init() {}

    var total: Money { Money(pence: totalPence) }
    var tolerance: SafetyValveTolerance { SafetyValveTolerance(amount: Money(pence: tolerancePence), percent: tolerancePercent) }
}

final class SafetyValveInstalment: Model, @unchecked Sendable {
    static let schema = "sv_instalments"
    @ID(key: .id) var id: UUID?
    @Parent(key: "agreement_id") var agreement: SafetyValveAgreement
    @Field(key: "schedule_version") var version: Int
    @Field(key: "financial_year") var financialYear: String
    @Field(key: "number") var number: Int
    @Field(key: "planned_pence") var plannedPence: Int64
    @Field(key: "status") var status: String
    init() {}
}

/// A monitoring return to DfE: its figures frozen when it is made, and its rating with the tolerance used.
final class SafetyValveReturn: Model, @unchecked Sendable {
    static let schema = "sv_returns"
    @ID(key: .id) var id: UUID?
    @Parent(key: "agreement_id") var agreement: SafetyValveAgreement
    @Field(key: "label") var label: String
    @Field(key: "financial_year") var financialYear: String
    @Field(key: "due_on") var dueOn: CalendarDate
    @Field(key: "target_in_year_pence") var targetPence: Int64
    @Field(key: "forecast_in_year_pence") var forecastPence: Int64
    @Field(key: "rag") var rag: String
    @Field(key: "variance_pence") var variancePence: Int64
    @Field(key: "tolerance_pence") var tolerancePence: Int64
    @Field(key: "tolerance_pct") var tolerancePercent: Int
    @Field(key: "narrative") var narrative: String
    @Field(key: "next_step") var nextStep: String
    @OptionalField(key: "dfe_decision") var dfeDecision: String?
    // Migration 046: DfE's decision's date and note, and the instalment it was about.
    @OptionalField(key: "decision_on") var decisionOn: CalendarDate?
    @OptionalField(key: "decision_note") var decisionNote: String?
    @OptionalField(key: "decision_instalment") var decisionInstalment: String?
    init() {}

    var ragValue: RAG { RAG(rawValue: rag) ?? .red }

    /// Rates the return now and freezes the rating and its tolerance on the record (SV-8).
    func rate(tolerance: SafetyValveTolerance, conditionMissed: Bool = false) {
        let rating = SafetyValveRAG.rate(targetInYear: Money(pence: targetPence), forecastInYear: Money(pence: forecastPence), tolerance: tolerance,
                                         conditionMissed: conditionMissed)
        rag = rating.rag.rawValue
        variancePence = rating.variance.pence
        tolerancePence = tolerance.amount.pence
        tolerancePercent = tolerance.percent
    }
}

/// Issue 15, migration 042: the Safety Valve agreement, its instalments and its monitoring returns.
struct CreateSafetyValve: AsyncMigration {
    var name: String { "042_CreateSafetyValve" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SafetyValveAgreement.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("name", .string, .required)
            .field("total_pence", .int64, .required)
            .field("first_year", .string, .required)
            .field("returns_per_year", .int, .required)
            .field("tolerance_pence", .int64, .required)
            .field("tolerance_pct", .int, .required)
            .create()
        try await database.schema(SafetyValveInstalment.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(SafetyValveAgreement.schema, .id))
            .field("schedule_version", .int, .required)
            .field("financial_year", .string, .required)
            .field("number", .int, .required)
            .field("planned_pence", .int64, .required)
            .field("status", .string, .required)
            .unique(on: "agreement_id", "schedule_version", "financial_year", "number")
            .create()
        try await database.schema(SafetyValveReturn.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(SafetyValveAgreement.schema, .id))
            .field("label", .string, .required)
            .field("financial_year", .string, .required)
            .field("due_on", .string, .required)
            .field("target_in_year_pence", .int64, .required)
            .field("forecast_in_year_pence", .int64, .required)
            .field("rag", .string, .required)
            .field("variance_pence", .int64, .required)
            .field("tolerance_pence", .int64, .required)
            .field("tolerance_pct", .int, .required)
            .field("narrative", .string, .required)
            .field("next_step", .string, .required)
            .field("dfe_decision", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SafetyValveReturn.schema).delete()
        try await database.schema(SafetyValveInstalment.schema).delete()
        try await database.schema(SafetyValveAgreement.schema).delete()
    }
}

/// A reform condition of the agreement (SV-3, SV-9), with its status now; each return freezes it.
final class SafetyValveCondition: Model, @unchecked Sendable {
    static let schema = "sv_conditions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "agreement_id") var agreement: SafetyValveAgreement
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String
    @Field(key: "description") var details: String
    @Field(key: "status") var status: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var statusValue: SafetyValveConditionStatus { SafetyValveConditionStatus(rawValue: status) ?? .onTrack }
    var reference: String { "Condition \(number): \(title)" }
}

/// A risk on the agreement's register (SV-7). Scores are computed by the domain's `RiskScore`.
final class SafetyValveRiskRecord: Model, @unchecked Sendable {
    static let schema = "sv_risks"
    @ID(key: .id) var id: UUID?
    @Parent(key: "agreement_id") var agreement: SafetyValveAgreement
    @Field(key: "title") var title: String
    @Field(key: "owner") var owner: String
    @Field(key: "controls") var controls: String
    @Field(key: "likelihood") var likelihood: Int
    @Field(key: "impact") var impact: Int
    @Field(key: "residual_likelihood") var residualLikelihood: Int
    @Field(key: "residual_impact") var residualImpact: Int
    @OptionalParent(key: "condition_id") var condition: SafetyValveCondition?
    @OptionalField(key: "workstream") var workstream: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    /// The domain's risk, with its condition named (stored rows always hold scores of 1 to 5).
    func risk(conditions: [UUID: SafetyValveCondition]) -> SafetyValveRisk {
        SafetyValveRisk(title: title, owner: owner, controls: controls,
                        inherent: RiskScore(likelihood: likelihood, impact: impact) ?? RiskScore(likelihood: 5, impact: 5)!,
                        residual: RiskScore(likelihood: residualLikelihood, impact: residualImpact) ?? RiskScore(likelihood: 5, impact: 5)!,
                        condition: $condition.id.flatMap { conditions[$0]?.reference }, workstream: workstream)
    }
}

/// A return's frozen copy of one risk (SV-5): written once when the return is made, never edited.
final class SafetyValveReturnRisk: Model, @unchecked Sendable {
    static let schema = "sv_return_risks"
    @ID(key: .id) var id: UUID?
    @Parent(key: "return_id") var monitoringReturn: SafetyValveReturn
    @Field(key: "risk_id") var riskID: UUID
    @Field(key: "title") var title: String
    @Field(key: "owner") var owner: String
    @Field(key: "controls") var controls: String
    @Field(key: "likelihood") var likelihood: Int
    @Field(key: "impact") var impact: Int
    @Field(key: "inherent_score") var inherentScore: Int
    @Field(key: "residual_likelihood") var residualLikelihood: Int
    @Field(key: "residual_impact") var residualImpact: Int
    @Field(key: "residual_score") var residualScore: Int
    @OptionalField(key: "condition") var condition: String?
    @OptionalField(key: "workstream") var workstream: String?
    init() {}

    convenience init(returnID: UUID, riskID: UUID, _ risk: SafetyValveRisk) {
        self.init()
        $monitoringReturn.id = returnID; self.riskID = riskID
        title = risk.title; owner = risk.owner; controls = risk.controls
        likelihood = risk.inherent.likelihood; impact = risk.inherent.impact; inherentScore = risk.inherent.score
        residualLikelihood = risk.residual.likelihood; residualImpact = risk.residual.impact; residualScore = risk.residual.score
        condition = risk.condition; workstream = risk.workstream
    }
}

/// A return's record of one condition (SV-5): its status and RAG, narrative and evidence, as returned.
final class SafetyValveReturnCondition: Model, @unchecked Sendable {
    static let schema = "sv_return_conditions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "return_id") var monitoringReturn: SafetyValveReturn
    @Field(key: "condition_id") var conditionID: UUID
    @Field(key: "title") var title: String
    @Field(key: "status") var status: String
    @Field(key: "rag") var rag: String
    @Field(key: "narrative") var narrative: String
    @Field(key: "evidence") var evidence: String
    init() {}

    var ragValue: RAG { RAG(rawValue: rag) ?? .red }
    var statusValue: SafetyValveConditionStatus { SafetyValveConditionStatus(rawValue: status) ?? .onTrack }
}

/// Issue 15 item 6, migration 046: conditions, the risk register, and each return's frozen copies of both.
struct AddSafetyValveConditionsAndRisks: AsyncMigration {
    var name: String { "046_AddSafetyValveConditionsAndRisks" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SafetyValveReturn.schema)
            .field("decision_on", .string)
            .update()
        try await database.schema(SafetyValveReturn.schema)
            .field("decision_note", .string)
            .update()
        try await database.schema(SafetyValveReturn.schema)
            .field("decision_instalment", .string)
            .update()
        try await database.schema(SafetyValveCondition.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(SafetyValveAgreement.schema, .id))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "agreement_id", "number")
            .create()
        try await database.schema(SafetyValveRiskRecord.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(SafetyValveAgreement.schema, .id))
            .field("title", .string, .required)
            .field("owner", .string, .required)
            .field("controls", .string, .required)
            .field("likelihood", .int, .required)
            .field("impact", .int, .required)
            .field("residual_likelihood", .int, .required)
            .field("residual_impact", .int, .required)
            .field("condition_id", .uuid, .references(SafetyValveCondition.schema, .id))
            .field("workstream", .string)
            .field("created_at", .datetime)
            .create()
        try await database.schema(SafetyValveReturnRisk.schema)
            .id()
            .field("return_id", .uuid, .required, .references(SafetyValveReturn.schema, .id))
            .field("risk_id", .uuid, .required)
            .field("title", .string, .required)
            .field("owner", .string, .required)
            .field("controls", .string, .required)
            .field("likelihood", .int, .required)
            .field("impact", .int, .required)
            .field("inherent_score", .int, .required)
            .field("residual_likelihood", .int, .required)
            .field("residual_impact", .int, .required)
            .field("residual_score", .int, .required)
            .field("condition", .string)
            .field("workstream", .string)
            .create()
        try await database.schema(SafetyValveReturnCondition.schema)
            .id()
            .field("return_id", .uuid, .required, .references(SafetyValveReturn.schema, .id))
            .field("condition_id", .uuid, .required)
            .field("title", .string, .required)
            .field("status", .string, .required)
            .field("rag", .string, .required)
            .field("narrative", .string, .required)
            .field("evidence", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SafetyValveReturnCondition.schema).delete()
        try await database.schema(SafetyValveReturnRisk.schema).delete()
        try await database.schema(SafetyValveRiskRecord.schema).delete()
        try await database.schema(SafetyValveCondition.schema).delete()
        // Fluent's SQLite builder can't drop columns; DropColumns works on SQLite 3.35+ and PostgreSQL.
        try await DropColumns.run(["decision_on", "decision_note", "decision_instalment"], from: SafetyValveReturn.schema, on: database)
    }
}
