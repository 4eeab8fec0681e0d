import Fluent
import Foundation
import ContinuumDomain

/// One funding line of the Section 19 (Medical Education) service's budget for a year (MET-FIN-1).
final class ServiceBudgetLineRecord: Model, @unchecked Sendable {
    static let schema = "met_budget_lines"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "financial_year") var financialYear: String
    @Field(key: "source") var source: String
    @Field(key: "amount_pence") var amountPence: Int64
    /// S251-4: the line finance maps the service to (⚠ local mapping).
    @OptionalField(key: "s251_line") var s251Line: String?
    @Field(key: "basis_note") var basisNote: String
    @Field(key: "added_by") var addedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var line: ServiceBudgetLine {
        ServiceBudgetLine(source: FundingSource(rawValue: source) ?? .other, amount: Money(pence: amountPence), basisNote: basisNote, s251Line: s251Line)
    }
}

/// The year's charging scheme (MET-FIN-2): one per authority and year; setting it again replaces it, and the
/// audit trail keeps each earlier scheme.
final class ChargeSchemeRecord: Model, @unchecked Sendable {
    static let schema = "met_charge_schemes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "financial_year") var financialYear: String
    @Field(key: "basis") var basis: String
    @Field(key: "rate_pence") var ratePence: Int64
    @Field(key: "set_by") var setBy: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    func scheme(_ year: FinancialYear) -> ChargeScheme {
        ChargeScheme(year: year, basis: ChargeBasis(rawValue: basis) ?? .noCharge, rate: Money(pence: ratePence))
    }
}

/// Issue 15 item 7, migration 044: the Section 19 service's budget lines and its charging scheme per year.
struct CreateServiceBudget: AsyncMigration {
    var name: String { "044_CreateServiceBudget" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceBudgetLineRecord.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("financial_year", .string, .required)
            .field("source", .string, .required)
            .field("amount_pence", .int64, .required)
            .field("s251_line", .string)
            .field("basis_note", .string, .required)
            .field("added_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(ChargeSchemeRecord.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("financial_year", .string, .required)
            .field("basis", .string, .required)
            .field("rate_pence", .int64, .required)
            .field("set_by", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "authority_id", "financial_year")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ChargeSchemeRecord.schema).delete()
        try await database.schema(ServiceBudgetLineRecord.schema).delete()
    }
}
