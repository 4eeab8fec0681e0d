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
    init() {}

    var ragValue: RAG { RAG(rawValue: rag) ?? .red }

    /// Rates the return now and freezes the rating and its tolerance on the record (SV-8).
    func rate(tolerance: SafetyValveTolerance) {
        let rating = SafetyValveRAG.rate(targetInYear: Money(pence: targetPence), forecastInYear: Money(pence: forecastPence), tolerance: tolerance)
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
