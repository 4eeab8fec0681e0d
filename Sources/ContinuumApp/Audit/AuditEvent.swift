import Fluent
import Foundation

/// One append-only audit row. `hash` covers every field and the previous row's hash, so an edited
/// or deleted row breaks the chain that `continuum audit verify` walks. Since migration 034 it is an
/// HMAC-SHA256 under the audit key (`mac_scheme` "hmac-sha256"); rows from before have no scheme and
/// a plain SHA-256, and verify accepts them only before the first keyed row.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "seq") var seq: Int
    @Field(key: "occurred_at") var occurredAt: String
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "actor") var actor: String
    @Field(key: "role") var role: String
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @OptionalField(key: "entity_id") var entityID: String?
    @OptionalField(key: "child_id") var childID: UUID?
    @Field(key: "detail") var detail: String
    @Field(key: "socket_address") var socketAddress: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String
    /// nil: a plain SHA-256 row written before the audit key existed (AuditLog.legacyHash).
    @OptionalField(key: "mac_scheme") var macScheme: String?

    init() {}
}

struct CreateAuditEvent: AsyncMigration {
    var name: String { "008_CreateAuditEvent" }
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .id()
            .field("seq", .int, .required)
            .field("occurred_at", .string, .required)
            .field("user_id", .uuid)
            .field("actor", .string, .required)
            .field("role", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string)
            .field("child_id", .uuid)
            .field("detail", .string, .required)
            .field("socket_address", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(AuditEvent.schema).delete() }
}
