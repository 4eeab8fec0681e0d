import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// A young person the authority tracks after Year 11 (issue 17): from a child record Continuum holds, an imported file,
/// or an adviser. Special-category data like a child's record: read and changed only through `Post16Access`, audited.
final class YoungPerson: Model, @unchecked Sendable {
    static let schema = "post16_young_people"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    /// The child record this young person came from, when there is one.
    @OptionalField(key: "child_id") var childID: UUID?
    @OptionalField(key: "upn") var upn: String?
    @OptionalField(key: "uln") var uln: String?
    @Field(key: "forename") var forename: String
    @Field(key: "surname") var surname: String
    @Field(key: "date_of_birth") var dateOfBirth: CalendarDate
    @Field(key: "has_ehc_plan") var hasEHCPlan: Bool
    @Field(key: "sen_support") var senSupport: Bool
    /// The postcode district of the home address (the outward code), for the figures by district.
    @OptionalField(key: "district") var district: String?
    @Field(key: "care_experienced") var careExperienced: Bool
    @Field(key: "young_carer") var youngCarer: Bool
    @Field(key: "young_parent") var youngParent: Bool
    /// NCCIS-5: a Section 19 service in Year 11.
    @Field(key: "s19_in_year_11") var s19InYear11: Bool
    /// Issue 17: an imported row for someone outside the cohort is kept and flagged, never dropped; this says why.
    @OptionalField(key: "flag") var flag: String?
    /// children, import, adviser or demo.
    @Field(key: "source") var source: String
    @Field(key: "search_key") var searchKey: String
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var fullName: String { "\(forename) \(surname)" }

    static func searchKey(forename: String, surname: String, upn: String?, uln: String?) -> String {
        [forename, surname, surname + ", " + forename, upn ?? "", uln ?? ""].joined(separator: " | ").lowercased()
    }

    func refreshSearchKey() { searchKey = Self.searchKey(forename: forename, surname: surname, upn: upn, uln: uln) }
}

/// One activity spell (NCCIS-3). A spell is identified by its young person, code and start: the same file imported again
/// finds the same spells.
final class Post16SpellRecord: Model, @unchecked Sendable {
    static let schema = "post16_spells"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "young_person_id") var youngPerson: YoungPerson
    @Field(key: "code") var code: Int
    @Field(key: "start_on") var startOn: CalendarDate
    @Field(key: "confirmed_on") var confirmedOn: CalendarDate
    @OptionalField(key: "hours") var hours: Int?
    /// The provider's UKPRN (8 digits) or URN (6 digits).
    @OptionalField(key: "provider_ref") var providerRef: String?
    @OptionalField(key: "employer") var employer: String?
    @Field(key: "source") var source: String
    @Field(key: "recorded_by") var recordedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var spell: Post16Spell { Post16Spell(code: code, start: startOn, confirmedOn: confirmedOn, hours: hours) }
}

/// A September Guarantee offer (NCCIS-3, NCCIS-4).
final class Post16Offer: Model, @unchecked Sendable {
    static let schema = "post16_offers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "young_person_id") var youngPerson: YoungPerson
    @Field(key: "guarantee_year") var guaranteeYear: Int
    @Field(key: "cohort") var cohortRaw: String
    @Field(key: "provider") var provider: String
    @Field(key: "course") var course: String
    @Field(key: "level") var level: String
    @Field(key: "status") var statusRaw: String
    @Field(key: "recorded_on") var recordedOn: CalendarDate
    @Field(key: "recorded_by") var recordedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var status: SeptemberGuaranteeOfferStatus { SeptemberGuaranteeOfferStatus(rawValue: statusRaw) ?? .offered }
    var cohort: SeptemberGuaranteeCohort { SeptemberGuaranteeCohort(rawValue: cohortRaw) ?? .year11 }
}

/// A contact with the young person or about them: the adviser's log.
final class Post16Contact: Model, @unchecked Sendable {
    static let schema = "post16_contacts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "young_person_id") var youngPerson: YoungPerson
    @Field(key: "contacted_on") var contactedOn: CalendarDate
    @Field(key: "method") var method: String
    @Field(key: "note") var note: String
    @Field(key: "recorded_by") var recordedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Migration 053: the post-16 tracking tables, with the indexes the cohort's figures and lists read by.
struct CreatePost16: AsyncMigration {
    var name: String { "053_CreatePost16" }

    func prepare(on database: any Database) async throws {
        try await database.schema(YoungPerson.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("child_id", .uuid, .references(Child.schema, .id))
            .field("upn", .string)
            .field("uln", .string)
            .field("forename", .string, .required)
            .field("surname", .string, .required)
            .field("date_of_birth", .string, .required)
            .field("has_ehc_plan", .bool, .required)
            .field("sen_support", .bool, .required)
            .field("district", .string)
            .field("care_experienced", .bool, .required)
            .field("young_carer", .bool, .required)
            .field("young_parent", .bool, .required)
            .field("s19_in_year_11", .bool, .required)
            .field("flag", .string)
            .field("source", .string, .required)
            .field("search_key", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "authority_id", "upn")
            .unique(on: "authority_id", "uln")
            .create()
        try await database.schema(Post16SpellRecord.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("young_person_id", .uuid, .required, .references(YoungPerson.schema, .id))
            .field("code", .int, .required)
            .field("start_on", .string, .required)
            .field("confirmed_on", .string, .required)
            .field("hours", .int)
            .field("provider_ref", .string)
            .field("employer", .string)
            .field("source", .string, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "young_person_id", "code", "start_on")
            .create()
        try await database.schema(Post16Offer.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("young_person_id", .uuid, .required, .references(YoungPerson.schema, .id))
            .field("guarantee_year", .int, .required)
            .field("cohort", .string, .required)
            .field("provider", .string, .required)
            .field("course", .string, .required)
            .field("level", .string, .required)
            .field("status", .string, .required)
            .field("recorded_on", .string, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(Post16Contact.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("young_person_id", .uuid, .required, .references(YoungPerson.schema, .id))
            .field("contacted_on", .string, .required)
            .field("method", .string, .required)
            .field("note", .string, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // The figures read every spell of the authority by person; the lists read people by name.
        try await sql.create(index: "idx_post16_spells_person").on(Post16SpellRecord.schema)
            .column("authority_id").column("young_person_id").column("start_on").column("code").column("confirmed_on").column("hours").run()
        try await sql.create(index: "idx_post16_people_name").on(YoungPerson.schema).column("authority_id").column("surname").column("forename").run()
        try await sql.create(index: "idx_post16_people_child").on(YoungPerson.schema).column("child_id").run()
        try await sql.create(index: "idx_post16_offers_person").on(Post16Offer.schema).column("authority_id").column("guarantee_year").column("young_person_id").run()
        try await sql.create(index: "idx_post16_contacts_person").on(Post16Contact.schema).column("young_person_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Post16Contact.schema).delete()
        try await database.schema(Post16Offer.schema).delete()
        try await database.schema(Post16SpellRecord.schema).delete()
        try await database.schema(YoungPerson.schema).delete()
    }
}

/// Migration 054: an EHC outcome's preparing-for-adulthood area (issue 17).
struct AddOutcomePfAArea: AsyncMigration {
    var name: String { "054_AddOutcomePfAArea" }
    func prepare(on database: any Database) async throws {
        try await database.schema(EHCOutcome.schema).field("pfa_area", .string).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(EHCOutcome.schema).deleteField("pfa_area").update()
    }
}
