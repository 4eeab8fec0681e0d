import Fluent
import Foundation
import ContinuumDomain

/// A child known to the authority. Special-category data: every read and change is audited, and
/// every query goes through `ChildRepository`, which applies the principal's scope.
final class Child: Model, @unchecked Sendable {
    static let schema = "children"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "legal_forename") var legalForename: String
    @Field(key: "legal_surname") var legalSurname: String
    @OptionalField(key: "preferred_name") var preferredName: String?
    @Field(key: "date_of_birth") var dateOfBirth: CalendarDate
    @OptionalField(key: "upn") var upn: String?
    @Field(key: "sex") var sex: String
    @OptionalField(key: "home_postcode") var homePostcode: String?
    @Field(key: "confidential_address") var confidentialAddress: Bool
    @OptionalParent(key: "home_school_id") var homeSchool: Establishment?
    @Field(key: "sen_provision") var senProvision: String
    @OptionalField(key: "primary_need") var primaryNeed: String?
    @OptionalField(key: "secondary_need") var secondaryNeed: String?
    /// Years the school teaches the child from their chronological NC year (actual − chronological),
    /// from the CTF's `NCyearActual`; nil when they are in their own year (rulebook AGE-3, migration 037).
    @OptionalField(key: "nc_year_offset") var ncYearOffset: Int?
    /// DfE main ethnicity code for the SEN2 return (NOBT is sent when nil; migration 039).
    @OptionalField(key: "ethnicity") var ethnicity: String?
    @Field(key: "search_key") var searchKey: String
    // SECURITY.md: optimistic locking on every editable record.
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, authorityID: UUID, legalForename: String, legalSurname: String, preferredName: String? = nil,
         dateOfBirth: CalendarDate, upn: String?, sex: String, homePostcode: String?, confidentialAddress: Bool = false,
         homeSchoolID: UUID?, senProvision: SENProvision, primaryNeed: SENNeed?, secondaryNeed: SENNeed?) {
        self.id = id; self.$authority.id = authorityID; self.legalForename = legalForename; self.legalSurname = legalSurname
        self.preferredName = preferredName; self.dateOfBirth = dateOfBirth; self.upn = upn; self.sex = sex
        self.homePostcode = homePostcode; self.confidentialAddress = confidentialAddress; self.$homeSchool.id = homeSchoolID
        self.senProvision = senProvision.rawValue; self.primaryNeed = primaryNeed?.rawValue; self.secondaryNeed = secondaryNeed?.rawValue
        self.version = 1
        self.searchKey = Child.searchKey(forename: legalForename, surname: legalSurname, preferred: preferredName, upn: upn)
    }

    static func searchKey(forename: String, surname: String, preferred: String?, upn: String?) -> String {
        [forename, surname, preferred ?? "", surname + ", " + forename, upn ?? ""].joined(separator: " | ").lowercased()
    }

    var fullName: String { "\(legalForename) \(legalSurname)" }
}

struct CreateChild: AsyncMigration {
    var name: String { "004_CreateChild" }
    func prepare(on database: any Database) async throws {
        try await database.schema(Child.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("legal_forename", .string, .required)
            .field("legal_surname", .string, .required)
            .field("preferred_name", .string)
            .field("date_of_birth", .string, .required)
            .field("upn", .string)
            .field("sex", .string, .required)
            .field("home_postcode", .string)
            .field("confidential_address", .bool, .required)
            .field("home_school_id", .uuid, .references(Establishment.schema, .id))
            .field("sen_provision", .string, .required)
            .field("primary_need", .string)
            .field("secondary_need", .string)
            .field("search_key", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "authority_id", "upn")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Child.schema).delete() }
}
