import Fluent
import Foundation
import ContinuumDomain

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "role") var roleRaw: String
    @OptionalParent(key: "school_id") var school: Establishment?
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "totp_secret") var totpSecret: String?
    @OptionalField(key: "pending_totp_secret") var pendingTOTPSecret: String?
    @Field(key: "totp_enabled") var totpEnabled: Bool
    /// The RFC 6238 time step of the last TOTP code accepted: a code is refused unless its step is later (031).
    @OptionalField(key: "totp_last_step") var totpLastStep: Int?
    /// Demo accounts only: lets the demo be explored without an authenticator app. README says so.
    @Field(key: "two_factor_exempt") var twoFactorExempt: Bool
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    /// Made by the demo seeder: `serve` refuses to expose these on a non-loopback address (issue 12).
    @OptionalField(key: "demo") var demo: Bool?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
    init(id: UUID? = nil, authorityID: UUID, email: String, displayName: String, role: Role, schoolID: UUID? = nil,
         passwordHash: String, twoFactorExempt: Bool = false) {
        self.id = id; self.$authority.id = authorityID; self.email = User.normalise(email: email); self.displayName = displayName
        self.roleRaw = role.rawValue; self.$school.id = schoolID; self.passwordHash = passwordHash
        self.totpSecret = nil; self.totpEnabled = false; self.twoFactorExempt = twoFactorExempt; self.version = 1
    }

    var role: Role { Role(rawValue: roleRaw) ?? .parentCarer }
    var isDisabled: Bool { disabledAt != nil }
    var isDemo: Bool { demo == true }

    static func normalise(email: String) -> String { email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
}

/// Single-use codes for when the authenticator is lost; stored only as hashes.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?
    init() {}
    init(userID: UUID, codeHash: String) { self.$user.id = userID; self.codeHash = codeHash }
}

struct CreateUser: AsyncMigration {
    var name: String { "006_CreateUser" }
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("school_id", .uuid, .references(Establishment.schema, .id))
            .field("password_hash", .string, .required)
            .field("totp_secret", .string)
            .field("pending_totp_secret", .string)
            .field("totp_enabled", .bool, .required)
            .field("two_factor_exempt", .bool, .required)
            .field("disabled_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
        try await database.schema(RecoveryCode.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(RecoveryCode.schema).delete()
        try await database.schema(User.schema).delete()
    }
}
