import Fluent
import Foundation
import ContinuumDomain

/// A child's placement in a setting, with what it costs (issue 15 item 2; HNB-3, TOPUP): the setting by
/// URN or UKPRN and its type, the funding elements, the band and the annual top-up, and its dates.
/// Money is whole pence; every cost carries its s251 line (S251-3).
final class Placement: Model, @unchecked Sendable {
    static let schema = "placements"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    /// The child, once a UPN matches one the council holds; the UPN is kept either way.
    @OptionalParent(key: "child_id") var child: Child?
    @Field(key: "upn") var upn: String
    @Field(key: "setting") var setting: String
    @Field(key: "setting_type") var settingTypeRaw: String
    @Field(key: "residential") var residential: Bool
    /// HNB-3: place funding comes from the provider LA (or DfE); top-up from the commissioning LA.
    @OptionalField(key: "provider_la") var providerLA: String?
    @OptionalField(key: "commissioning_la") var commissioningLA: String?
    @OptionalField(key: "place_funding_pence") var placeFundingPence: Int64?
    @Field(key: "s251_line") var s251Line: String
    @OptionalField(key: "band") var band: String?
    @OptionalField(key: "band_framework_version") var bandFrameworkVersion: Int?
    @Field(key: "annual_pence") var annualPence: Int64
    @Field(key: "starts_on") var startsOn: CalendarDate
    @OptionalField(key: "ends_on") var endsOn: CalendarDate?
    /// "import" for a placement brought from an old system, "continuum" for one recorded here.
    @Field(key: "source") var source: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    init(authorityID: UUID, row: PlacementImportFile.Row, childID: UUID?, frameworkVersion: Int?) {
        self.$authority.id = authorityID
        self.$child.id = childID
        upn = row.upn.value
        setting = row.setting
        residential = false
        source = "import"
        settingTypeRaw = row.type.rawValue
        s251Line = row.s251Line
        band = row.band
        bandFrameworkVersion = row.band == nil ? nil : frameworkVersion
        annualPence = row.annual.pence
        startsOn = row.start
        endsOn = row.end
        placeFundingPence = row.type.defaultPlaceFunding?.pence
    }

    var settingType: PlacementType? { PlacementType(rawValue: settingTypeRaw) }
    var annual: Money { Money(pence: annualPence) }
    var placeFunding: Money? { placeFundingPence.map(Money.init(pence:)) }

    var commitment: HighNeedsPosition.Commitment {
        HighNeedsPosition.Commitment(s251Line: s251Line, annual: annual, start: startsOn, end: endsOn)
    }
}

/// The year's High Needs Block figures as finance sets them (`continuum finance allocation`): the
/// allocation after deductions, any block transfer in, and the cumulative balance brought forward.
final class HighNeedsAllocation: Model, @unchecked Sendable {
    static let schema = "high_needs_allocations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "financial_year") var financialYear: String
    @Field(key: "high_needs_pence") var highNeedsPence: Int64
    @Field(key: "transfer_in_pence") var transferInPence: Int64
    @Field(key: "opening_balance_pence") var openingBalancePence: Int64
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var allocation: HighNeedsPosition.Allocation {
        .init(highNeeds: Money(pence: highNeedsPence), transferIn: Money(pence: transferInPence), openingCumulative: Money(pence: openingBalancePence))
    }
}

/// Issue 15, migration 040: placements and the High Needs allocation per financial year.
struct CreateFinance: AsyncMigration {
    var name: String { "040_CreateFinance" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Placement.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("child_id", .uuid, .references(Child.schema, .id))
            .field("upn", .string, .required)
            .field("setting", .string, .required)
            .field("setting_type", .string, .required)
            .field("residential", .bool, .required)
            .field("provider_la", .string)
            .field("commissioning_la", .string)
            .field("place_funding_pence", .int64)
            .field("s251_line", .string, .required)
            .field("band", .string)
            .field("band_framework_version", .int)
            .field("annual_pence", .int64, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("source", .string, .required)
            .field("created_at", .datetime)
            // A placement is the child, the setting and the start date: re-importing a file changes nothing.
            .unique(on: "authority_id", "upn", "setting", "starts_on")
            .create()
        try await database.schema(HighNeedsAllocation.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("financial_year", .string, .required)
            .field("high_needs_pence", .int64, .required)
            .field("transfer_in_pence", .int64, .required)
            .field("opening_balance_pence", .int64, .required)
            .field("updated_at", .datetime)
            .unique(on: "authority_id", "financial_year")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HighNeedsAllocation.schema).delete()
        try await database.schema(Placement.schema).delete()
    }
}
