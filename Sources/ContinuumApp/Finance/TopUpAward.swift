import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// One version of a council's band framework (TOPUP-4). A version is never edited: a changed table is a new version.
final class BandFrameworkRecord: Model, @unchecked Sendable {
    static let schema = "band_frameworks"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "name") var name: String
    @Field(key: "version") var version: Int
    @Field(key: "effective_from") var effectiveFrom: CalendarDate
    @OptionalField(key: "effective_to") var effectiveTo: CalendarDate?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// A band of a framework version: its code, descriptor, annual amount and the settings it is for.
final class BandRecord: Model, @unchecked Sendable {
    static let schema = "bands"
    @ID(key: .id) var id: UUID?
    @Parent(key: "framework_id") var framework: BandFrameworkRecord
    @Field(key: "code") var code: String
    @Field(key: "descriptor") var descriptor: String
    @Field(key: "annual_pence") var annualPence: Int64
    /// Placement type slugs separated by ";"; empty for any setting.
    @Field(key: "setting_types") var settingTypes: String
    init() {}

    var band: BandFramework.Band {
        .init(code: code, descriptor: descriptor, annual: Money(pence: annualPence),
              settingTypes: Set(settingTypes.split(separator: ";").compactMap { PlacementType(rawValue: String($0)) }))
    }
}

/// A child's top-up award (TOPUP-3, TOPUP-4): its basis, the framework version it was made under, the
/// panel's decision, the amounts, the dates and the SEN K review task's due date.
final class TopUpAward: Model, @unchecked Sendable {
    static let schema = "top_up_awards"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "child_id") var child: Child
    @Field(key: "basis") var basisRaw: String
    @OptionalField(key: "framework_version") var frameworkVersion: Int?
    @OptionalField(key: "framework_name") var frameworkName: String?
    @OptionalField(key: "requested_band") var requestedBand: String?
    @OptionalField(key: "awarded_band") var awardedBand: String?
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "annual_pence") var annualPence: Int64
    @OptionalField(key: "provision_map_pence") var provisionMapPence: Int64?
    @Field(key: "starts_on") var startsOn: CalendarDate
    @OptionalField(key: "ends_on") var endsOn: CalendarDate?
    @OptionalField(key: "review_due_on") var reviewDueOn: CalendarDate?
    /// "active" when recorded; "reviewed" once the review task is done.
    @Field(key: "status") var status: String
    @Field(key: "recorded_by") var recordedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var basis: TopUpBasis { TopUpBasis(rawValue: basisRaw) ?? .other }
    var annual: Money { Money(pence: annualPence) }
}

/// Issue 15, migration 045: versioned band frameworks and their bands, and children's top-up awards.
struct CreateTopUpAwards: AsyncMigration {
    var name: String { "045_CreateTopUpAwards" }

    func prepare(on database: any Database) async throws {
        try await database.schema(BandFrameworkRecord.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("name", .string, .required)
            .field("version", .int, .required)
            .field("effective_from", .string, .required)
            .field("effective_to", .string)
            .field("created_at", .datetime)
            .unique(on: "authority_id", "name", "version")
            .create()
        try await database.schema(BandRecord.schema)
            .id()
            .field("framework_id", .uuid, .required, .references(BandFrameworkRecord.schema, .id))
            .field("code", .string, .required)
            .field("descriptor", .string, .required)
            .field("annual_pence", .int64, .required)
            .field("setting_types", .string, .required)
            .unique(on: "framework_id", "code")
            .create()
        try await database.schema(TopUpAward.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("child_id", .uuid, .required, .references(Child.schema, .id))
            .field("basis", .string, .required)
            .field("framework_version", .int)
            .field("framework_name", .string)
            .field("requested_band", .string)
            .field("awarded_band", .string)
            .field("reason", .string)
            .field("annual_pence", .int64, .required)
            .field("provision_map_pence", .int64)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("review_due_on", .string)
            .field("status", .string, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(Authority.schema).field("senk_award_months", .int).update()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("ALTER TABLE \(ident: Authority.schema) DROP COLUMN \(ident: "senk_award_months")").run()
        }
        try await database.schema(TopUpAward.schema).delete()
        try await database.schema(BandRecord.schema).delete()
        try await database.schema(BandFrameworkRecord.schema).delete()
    }
}

/// Loads an authority's band frameworks as the domain's values (two queries).
enum BandFrameworkQuery {
    static func all(authorityID: UUID, on db: any Database) async throws -> [BandFramework] {
        let records = try await BandFrameworkRecord.query(on: db).filter(\.$authority.$id == authorityID).all()
        guard !records.isEmpty else { return [] }
        let bands = try await BandRecord.query(on: db).filter(\.$framework.$id ~~ records.compactMap(\.id)).sort(\.$code).all()
        let byFramework = Dictionary(grouping: bands, by: { $0.$framework.id })
        return records.map { r in
            BandFramework(name: r.name, version: r.version, effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo,
                          bands: (byFramework[r.id!] ?? []).map(\.band))
        }
    }

    static func current(authorityID: UUID, on date: CalendarDate, db: any Database) async throws -> BandFramework? {
        BandFrameworks.current(try await all(authorityID: authorityID, on: db), on: date)
    }
}
