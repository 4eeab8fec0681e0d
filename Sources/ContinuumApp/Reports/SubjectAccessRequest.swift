import Fluent
import Foundation
import ContinuumDomain

/// A subject access request logged by an administrator: whose record, when it was received (the
/// deadline runs from that day), who asked, whether the deadline was extended and when it was answered.
final class SubjectAccessRequest: Model, @unchecked Sendable {
    static let schema = "subject_access_requests"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "child_id") var child: Child
    @Field(key: "received_on") var receivedOn: CalendarDate
    @Field(key: "requester_name") var requesterName: String
    @Field(key: "extended") var extended: Bool
    @OptionalField(key: "extension_reason") var extensionReason: String?
    @OptionalField(key: "completed_on") var completedOn: CalendarDate?
    @Field(key: "logged_by_name") var loggedByName: String
    @Field(key: "created_at") var createdAt: Date
    /// Optimistic locking (SECURITY.md "Reliability"): a stale completion form is refused.
    @Field(key: "version") var version: Int

    init() {}
    init(authorityID: UUID, childID: UUID, received: CalendarDate, requesterName: String, extensionReason: String?, loggedByName: String) {
        self.$authority.id = authorityID; self.$child.id = childID; self.receivedOn = received; self.requesterName = requesterName
        self.extended = extensionReason != nil; self.extensionReason = extensionReason; self.completedOn = nil
        self.loggedByName = loggedByName; self.createdAt = Date(); self.version = 1
    }

    var due: CalendarDate { SubjectAccessStatus.due(received: receivedOn, extended: extended) }
    func status(today: CalendarDate = .today()) -> SubjectAccessStatus {
        SubjectAccessStatus.of(received: receivedOn, extended: extended, completedOn: completedOn, today: today)
    }
}

struct CreateSubjectAccessRequests: AsyncMigration {
    var name: String { "028_CreateSubjectAccessRequests" }
    func prepare(on database: any Database) async throws {
        try await database.schema(SubjectAccessRequest.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("child_id", .uuid, .required, .references(Child.schema, .id))
            .field("received_on", .string, .required)
            .field("requester_name", .string, .required)
            .field("extended", .bool, .required)
            .field("extension_reason", .string)
            .field("completed_on", .string)
            .field("logged_by_name", .string, .required)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(SubjectAccessRequest.schema).delete()
    }
}
