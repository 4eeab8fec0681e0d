import Fluent
import Foundation
import ContinuumDomain
import SQLKit

/// A request for an EHC needs assessment made without an account whose email address is not yet confirmed
/// (issue 13 item 8). It is kept apart from `ehc_cases` on purpose: no caseworker list, backlog count,
/// statutory clock or SEN2 return reads this table, so a request anyone can send from any address costs
/// the council nothing until the family opens the link emailed to them. Confirming moves it into a case
/// (EHCPublicController.confirm) and deletes this row.
final class EHCUnconfirmedRequest: Model, @unchecked Sendable {
    static let schema = "ehc_unconfirmed_requests"
    /// Unconfirmed requests older than this are deleted (with the personal data in them) at the next request.
    static let keptForDays = 28

    @ID(key: .id) var id: UUID?
    @Field(key: "authority_id") var authorityID: UUID
    @Field(key: "child_name") var childName: String
    @Field(key: "child_birth_date") var childBirthDate: CalendarDate
    @OptionalField(key: "school") var school: String?
    @Field(key: "parent_name") var parentName: String
    @Field(key: "parent_email") var parentEmail: String
    @Field(key: "summary") var summary: String
    /// The day the request arrived: the statutory clock starts on it once the request is confirmed.
    @Field(key: "received_on") var receivedOn: CalendarDate
    /// SHA-256 of the emailed link's token (EHCRequestLinks): the token itself is never stored.
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// One POST of the public request form from one socket address: the rate limit's memory, in the database
/// so it holds across several app servers (PublicRequestLimiter). Rows live an hour.
final class PublicRequestAttempt: Model, @unchecked Sendable {
    static let schema = "public_request_attempts"
    @ID(key: .id) var id: UUID?
    @Field(key: "socket_address") var socketAddress: String
    @Field(key: "attempted_at") var attemptedAt: Date
    init() {}
    init(socketAddress: String, attemptedAt: Date) { self.socketAddress = socketAddress; self.attemptedAt = attemptedAt }
}

struct CreatePublicRequestLimits: AsyncMigration {
    var name: String { "032_CreatePublicRequestLimits" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PublicRequestAttempt.schema)
            .id()
            .field("socket_address", .string, .required)
            .field("attempted_at", .datetime, .required)
            .create()
        try await database.schema(EHCUnconfirmedRequest.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("child_name", .string, .required)
            .field("child_birth_date", .string, .required)
            .field("school", .string)
            .field("parent_name", .string, .required)
            .field("parent_email", .string, .required)
            .field("summary", .string, .required)
            .field("received_on", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        if let sql = database as? any SQLDatabase {
            // The limiter's count (one address, the last hour) and its clean-up (everything older than an hour).
            try await sql.create(index: "public_request_attempts_address").on(PublicRequestAttempt.schema).column("socket_address").column("attempted_at").run()
            try await sql.create(index: "public_request_attempts_time").on(PublicRequestAttempt.schema).column("attempted_at").run()
            try await sql.create(index: "ehc_unconfirmed_requests_created").on(EHCUnconfirmedRequest.schema).column("created_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EHCUnconfirmedRequest.schema).delete()
        try await database.schema(PublicRequestAttempt.schema).delete()
    }
}
