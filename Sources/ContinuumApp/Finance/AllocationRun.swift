import Fluent
import Foundation
import ContinuumDomain

/// A census-based allocation run (TOPUP-2, Medway's £490,000): the pot, the census day, who counts and how the pot
/// is shared, and one row per school with its frozen counts, so the run reads back exactly as it was made however
/// the children Continuum holds change afterwards.
final class AllocationRun: Model, @unchecked Sendable {
    static let schema = "allocation_runs"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "title") var title: String
    @Field(key: "pot_pence") var potPence: Int64
    @Field(key: "census_date") var censusDate: CalendarDate
    @Field(key: "eligibility") var eligibilityRaw: String
    @Field(key: "formula") var formulaRaw: String
    @OptionalField(key: "rate_pence") var ratePence: Int64?
    @OptionalField(key: "cap_pence") var capPence: Int64?
    @OptionalField(key: "floor_pence") var floorPence: Int64?
    @Field(key: "s251_line") var s251Line: String
    @Field(key: "total_pence") var totalPence: Int64
    /// TOPUP-2: "Store the Schools Forum dates".
    @OptionalField(key: "schools_forum_on") var schoolsForumOn: CalendarDate?
    @Field(key: "made_by") var madeBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var eligibility: AllocationRunRules.Eligibility? { .init(rawValue: eligibilityRaw) }
    var formula: AllocationRunRules.Formula? { .init(rawValue: formulaRaw) }
    var pot: Money { Money(pence: potPence) }
    var total: Money { Money(pence: totalPence) }
}

/// One school's line of a run: the census snapshot (its K and E counts on the day) and its amount.
final class AllocationRunSchool: Model, @unchecked Sendable {
    static let schema = "allocation_run_schools"
    @ID(key: .id) var id: UUID?
    @Parent(key: "run_id") var run: AllocationRun
    @Field(key: "school_urn") var schoolURN: String
    @Field(key: "school_name") var schoolName: String
    @Field(key: "sen_support_count") var senSupportCount: Int
    @Field(key: "ehc_plan_count") var ehcPlanCount: Int
    @Field(key: "eligible_count") var eligibleCount: Int
    @Field(key: "amount_pence") var amountPence: Int64
    init() {}
}

/// Issue 15, migration 047: census-based allocation runs and their frozen per-school snapshot.
struct CreateAllocationRuns: AsyncMigration {
    var name: String { "047_CreateAllocationRuns" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AllocationRun.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("title", .string, .required)
            .field("pot_pence", .int64, .required)
            .field("census_date", .string, .required)
            .field("eligibility", .string, .required)
            .field("formula", .string, .required)
            .field("rate_pence", .int64)
            .field("cap_pence", .int64)
            .field("floor_pence", .int64)
            .field("s251_line", .string, .required)
            .field("total_pence", .int64, .required)
            .field("schools_forum_on", .string)
            .field("made_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(AllocationRunSchool.schema)
            .id()
            .field("run_id", .uuid, .required, .references(AllocationRun.schema, .id))
            .field("school_urn", .string, .required)
            .field("school_name", .string, .required)
            .field("sen_support_count", .int, .required)
            .field("ehc_plan_count", .int, .required)
            .field("eligible_count", .int, .required)
            .field("amount_pence", .int64, .required)
            .unique(on: "run_id", "school_urn")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AllocationRunSchool.schema).delete()
        try await database.schema(AllocationRun.schema).delete()
    }
}

/// The census snapshot from the children Continuum holds: per home school, the pupils recorded on SEN support (K)
/// and with an EHC plan (E) — the school census's own SEN provision field (rulebook SEN-1). Special schools, PRUs
/// and alternative provision are left out: the notional SEN budget is for mainstream schools (TOPUP-1).
enum AllocationCensusQuery {
    static func snapshot(authorityID: UUID, on db: any Database) async throws -> [AllocationRunRules.School] {
        let children = try await Child.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$homeSchool.$id != nil)
            .field(\.$id).field(\.$homeSchool.$id).field(\.$senProvision).all()
        var counts: [UUID: (k: Int, e: Int)] = [:]
        for child in children {
            guard let school = child.$homeSchool.id else { continue }
            var current = counts[school] ?? (0, 0)
            switch SENProvision(rawValue: child.senProvision) {
            case .senSupport: current.k += 1
            case .ehcPlan: current.e += 1
            default: break
            }
            counts[school] = current
        }
        guard !counts.isEmpty else { return [] }
        let schools = try await Establishment.query(on: db).filter(\.$id ~~ Array(counts.keys)).all()
        return schools.filter(isMainstream).sorted { $0.urn < $1.urn }.compactMap { school in
            guard let id = school.id, let count = counts[id] else { return nil }
            return AllocationRunRules.School(urn: String(school.urn), name: school.name, senSupport: count.k, ehcPlans: count.e)
        }
    }

    static func isMainstream(_ school: Establishment) -> Bool {
        let type = school.typeName.lowercased()
        return !["special", "pupil referral", "alternative provision", "further education", "independent"].contains { type.contains($0) }
    }
}
