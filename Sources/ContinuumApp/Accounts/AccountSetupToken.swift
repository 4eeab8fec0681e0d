import Fluent
import Foundation

/// A one-time link through which a new user chooses a password (and, for staff, sets up two-factor):
/// how a council's first administrator and everyone they invite get in without a shared password.
/// Only the token's SHA-256 is stored, so a database read cannot be turned into a sign-in.
final class AccountSetupToken: Model, @unchecked Sendable {
    static let schema = "account_setup_tokens"
    /// Issue 12 item 2: valid 72 hours, single use.
    static let lifetime: TimeInterval = 72 * 3600

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
    init(userID: UUID, tokenHash: String, now: Date) {
        self.$user.id = userID; self.tokenHash = tokenHash; self.createdAt = now; self.expiresAt = now.addingTimeInterval(Self.lifetime)
    }

    enum State: Equatable { case usable, used, expired }
    func state(at now: Date) -> State { usedAt != nil ? .used : (now >= expiresAt ? .expired : .usable) }

    /// A new link for `userID`; earlier unused links for the same person stop working, so only the
    /// newest email or printout can be used.
    static func issue(for userID: UUID, now: Date = Date(), on db: any Database) async throws -> String {
        try await AccountSetupToken.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
        let token = SessionToken.random()
        try await AccountSetupToken(userID: userID, tokenHash: SessionToken.hash(token), now: now).create(on: db)
        return token
    }
}

/// A password hash no password matches: accounts waiting for their set-up link. Sign-in checks the
/// prefix and verifies against the dummy hash instead, so such an account costs the same as any other.
enum PendingPassword {
    static let marker = "!setup-pending"
    static func isPending(_ hash: String) -> Bool { !hash.hasPrefix("$2") }
}

struct AddAccountSetup: AsyncMigration {
    var name: String { "024_AddAccountSetup" }
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountSetupToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        // Demo accounts and demo authorities are marked, so `serve` can refuse to expose them.
        try await database.schema(User.schema).field("demo", .bool).update()
        try await database.schema(Authority.schema).field("demo", .bool).update()
        // A database seeded before this migration: its demo accounts are the exempt ones at the demo domain.
        try await User.query(on: database).filter(\.$twoFactorExempt == true).filter(\.$email ~= "@demo.continuum.test").set(\.$demo, to: true).update()
        try await Authority.query(on: database).filter(\.$laCode == DemoSeeder.laCode).filter(\.$name == DemoSeeder.authorityName).set(\.$demo, to: true).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(AccountSetupToken.schema).delete()
        try await DropColumns.run(["demo"], from: User.schema, on: database)
        try await DropColumns.run(["demo"], from: Authority.schema, on: database)
    }
}
