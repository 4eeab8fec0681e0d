import Fluent
import Foundation
import ContinuumDomain

/// A safeguarding concern logged by staff about a child. Safeguarding notes are field-level
/// restricted: the record page shows them only to roles that act on them.
final class SafeguardingConcern: Model, @unchecked Sendable {
    static let schema = "safeguarding_concerns"
    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: Child
    @Field(key: "raised_by") var raisedBy: UUID
    @Field(key: "raised_by_name") var raisedByName: String
    @Field(key: "raised_on") var raisedOn: CalendarDate
    @Field(key: "concern") var concern: String
    @Field(key: "immediate_risk") var immediateRisk: Bool
    init() {}
}

struct CreateSafeguarding: AsyncMigration {
    var name: String { "017_CreateSafeguarding" }
    func prepare(on database: any Database) async throws {
        try await database.schema(SafeguardingConcern.schema)
            .id()
            .field("child_id", .uuid, .required, .references(Child.schema, .id))
            .field("raised_by", .uuid, .required)
            .field("raised_by_name", .string, .required)
            .field("raised_on", .string, .required)
            .field("concern", .string, .required)
            .field("immediate_risk", .bool, .required)
            .create()
        try await database.schema(OutboxMessage.schema)
            .id()
            .field("to_address", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).delete()
        try await database.schema(SafeguardingConcern.schema).delete()
    }
}
