import Fluent
import Foundation

/// A signed-in session, held in the database so several stateless app servers can share it.
/// The cookie carries a random token; only its SHA-256 is stored, so a database read can't replay it.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "two_factor_passed") var twoFactorPassed: Bool
    @Field(key: "csrf_token") var csrfToken: String
    @OptionalField(key: "ended_at") var endedAt: Date?
    @Field(key: "socket_address") var socketAddress: String

    init() {}
    init(tokenHash: String, userID: UUID, now: Date, twoFactorPassed: Bool, csrfToken: String, socketAddress: String) {
        self.tokenHash = tokenHash; self.$user.id = userID; self.createdAt = now; self.lastSeenAt = now
        self.twoFactorPassed = twoFactorPassed; self.csrfToken = csrfToken; self.socketAddress = socketAddress
    }
}

/// Every sign-in attempt, so throttling works across app servers and survives restarts.
final class SignInAttempt: Model, @unchecked Sendable {
    static let schema = "sign_in_attempts"
    @ID(key: .id) var id: UUID?
    @Field(key: "email_key") var emailKey: String
    @Field(key: "socket_address") var socketAddress: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "attempted_at") var attemptedAt: Date
    init() {}
    init(emailKey: String, socketAddress: String, succeeded: Bool, at: Date) {
        self.emailKey = emailKey; self.socketAddress = socketAddress; self.succeeded = succeeded; self.attemptedAt = at
    }
}

struct CreateUserSession: AsyncMigration {
    var name: String { "007_CreateUserSession" }
    func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("two_factor_passed", .bool, .required)
            .field("csrf_token", .string, .required)
            .field("ended_at", .datetime)
            .field("socket_address", .string, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema(SignInAttempt.schema)
            .id()
            .field("email_key", .string, .required)
            .field("socket_address", .string, .required)
            .field("succeeded", .bool, .required)
            .field("attempted_at", .datetime, .required)
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(SignInAttempt.schema).delete()
        try await database.schema(UserSession.schema).delete()
    }
}
