import Fluent
import Foundation

/// A parent or carer, or a professional, who is connected to children. A person may also hold a
/// user account (`userID`); that link is what scopes parents, teachers and health professionals.
final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    enum Kind: String, Codable, CaseIterable { case parentCarer = "parent_carer", professional }

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "organisation") var organisation: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "user_id") var userID: UUID?

    init() {}
    init(id: UUID? = nil, authorityID: UUID, name: String, kind: Kind, organisation: String? = nil, email: String? = nil, phone: String? = nil, userID: UUID? = nil) {
        self.id = id; self.$authority.id = authorityID; self.name = name; self.kind = kind.rawValue
        self.organisation = organisation; self.email = email; self.phone = phone; self.userID = userID
    }
}

/// How a person stands to a child, and whether information may be shared with them.
final class ChildRelationship: Model, @unchecked Sendable {
    static let schema = "child_relationships"

    /// What the relationship lets the linked user see: parents their child; MET teachers their pupils;
    /// health professionals the children referred to them, only with consent to share.
    enum Kind: String, Codable, CaseIterable {
        case parentCarer = "parent_carer"
        case metTeacher = "met_teacher"
        case healthProfessional = "health_professional"
        case otherProfessional = "other_professional"

        var label: String {
            switch self {
            case .parentCarer: "Parent or carer"
            case .metTeacher: "Medical Education Team teacher"
            case .healthProfessional: "Health professional"
            case .otherProfessional: "Other professional"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: Child
    @Parent(key: "person_id") var person: Person
    @Field(key: "kind") var kind: String
    @Field(key: "description") var description: String
    @Field(key: "parental_responsibility") var parentalResponsibility: Bool
    @Field(key: "consent_to_share") var consentToShare: Bool

    init() {}
    init(childID: UUID, personID: UUID, kind: Kind, description: String, parentalResponsibility: Bool = false, consentToShare: Bool) {
        self.$child.id = childID; self.$person.id = personID; self.kind = kind.rawValue; self.description = description
        self.parentalResponsibility = parentalResponsibility; self.consentToShare = consentToShare
    }
}

struct CreatePerson: AsyncMigration {
    var name: String { "005_CreatePerson" }
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("organisation", .string)
            .field("email", .string)
            .field("phone", .string)
            .field("user_id", .uuid)
            .create()
        try await database.schema(ChildRelationship.schema)
            .id()
            .field("child_id", .uuid, .required, .references(Child.schema, .id))
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .field("kind", .string, .required)
            .field("description", .string, .required)
            .field("parental_responsibility", .bool, .required)
            .field("consent_to_share", .bool, .required)
            .unique(on: "child_id", "person_id", "kind")
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(ChildRelationship.schema).delete()
        try await database.schema(Person.schema).delete()
    }
}
