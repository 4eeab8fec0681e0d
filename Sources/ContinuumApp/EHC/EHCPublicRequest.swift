import Fluent
import Foundation
import ContinuumDomain

/// A request for an EHC needs assessment made without an account (CFA 2014 s.36(1): any parent may
/// ask), once the family has confirmed their email address by the link emailed to them (until then it
/// is an `EHCUnconfirmedRequest`). It belongs to a case whose clock runs from the day the request
/// arrived, and the same link follows it. A caseworker then matches the case to the child's record.
final class EHCPublicRequest: Model, @unchecked Sendable {
    static let schema = "ehc_public_requests"
    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var ehcCase: EHCCase
    @Field(key: "child_name") var childName: String
    @Field(key: "child_birth_date") var childBirthDate: CalendarDate
    @OptionalField(key: "school") var school: String?
    @Field(key: "parent_name") var parentName: String
    @Field(key: "parent_email") var parentEmail: String
    /// SHA-256 of the follow link's token (EHCRequestLinks): the token itself is never stored.
    @Field(key: "follow_token_hash") var followTokenHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var childForename: String { childName.split(separator: " ").first.map(String.init) ?? childName }
}

struct CreateEHCPublicRequests: AsyncMigration {
    var name: String { "021_CreateEHCPublicRequests" }
    func prepare(on database: any Database) async throws {
        try await database.schema(EHCPublicRequest.schema)
            .id()
            .field("case_id", .uuid, .required, .references(EHCCase.schema, .id))
            .field("child_name", .string, .required)
            .field("child_birth_date", .string, .required)
            .field("school", .string)
            .field("parent_name", .string, .required)
            .field("parent_email", .string, .required)
            .field("follow_token_hash", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "follow_token_hash")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(EHCPublicRequest.schema).delete() }
}
