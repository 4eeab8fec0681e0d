import Fluent
import Foundation
import ContinuumDomain

/// A termly or monthly top-up payment run (issue 15 item 2): its period, and one line per placement with
/// the amount due and any backdated adjustment. A run is made once; its period can never be paid again.
final class PaymentRun: Model, @unchecked Sendable {
    static let schema = "payment_runs"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "label") var label: String
    @Field(key: "period_from") var from: CalendarDate
    @Field(key: "period_to") var to: CalendarDate
    @Field(key: "financial_year") var financialYear: String
    @Field(key: "total_pence") var totalPence: Int64
    @Field(key: "made_by") var madeBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

final class PaymentLine: Model, @unchecked Sendable {
    static let schema = "payment_lines"
    @ID(key: .id) var id: UUID?
    @Parent(key: "run_id") var run: PaymentRun
    @Parent(key: "placement_id") var placement: Placement
    @Field(key: "setting") var setting: String
    @Field(key: "upn") var upn: String
    @Field(key: "s251_line") var s251Line: String
    @Field(key: "days") var days: Int
    @Field(key: "due_pence") var duePence: Int64
    @Field(key: "adjustment_pence") var adjustmentPence: Int64
    init() {}
}

/// Issue 15, migration 041: payment runs and their lines.
struct CreatePaymentRuns: AsyncMigration {
    var name: String { "041_CreatePaymentRuns" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PaymentRun.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("label", .string, .required)
            .field("period_from", .string, .required)
            .field("period_to", .string, .required)
            .field("financial_year", .string, .required)
            .field("total_pence", .int64, .required)
            .field("made_by", .string, .required)
            .field("created_at", .datetime)
            // Belt and braces for "never paid twice": the domain refuses any overlap; the database the exact repeat.
            .unique(on: "authority_id", "period_from", "period_to")
            .create()
        try await database.schema(PaymentLine.schema)
            .id()
            .field("run_id", .uuid, .required, .references(PaymentRun.schema, .id))
            .field("placement_id", .uuid, .required, .references(Placement.schema, .id))
            .field("setting", .string, .required)
            .field("upn", .string, .required)
            .field("s251_line", .string, .required)
            .field("days", .int, .required)
            .field("due_pence", .int64, .required)
            .field("adjustment_pence", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PaymentLine.schema).delete()
        try await database.schema(PaymentRun.schema).delete()
    }
}
