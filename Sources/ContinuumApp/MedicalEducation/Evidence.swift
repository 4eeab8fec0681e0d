import Fluent
import Foundation
import ContinuumDomain

/// Medical evidence for a referral (HN-4). The file lives outside any public path and is served
/// only through the referral's access check; the type is decided by the file's content.
final class Evidence: Model, @unchecked Sendable {
    static let schema = "evidence"
    @ID(key: .id) var id: UUID?
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "evidence_type") var evidenceType: String
    @Field(key: "original_name") var originalName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size_bytes") var sizeBytes: Int
    @Field(key: "stored_name") var storedName: String
    @Field(key: "received_on") var receivedOn: CalendarDate
    @Field(key: "uploaded_by") var uploadedBy: UUID
    init() {}
}

struct CreateEvidence: AsyncMigration {
    var name: String { "014_CreateEvidence" }
    func prepare(on database: any Database) async throws {
        try await database.schema(Evidence.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id))
            .field("evidence_type", .string, .required)
            .field("original_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size_bytes", .int, .required)
            .field("stored_name", .string, .required)
            .field("received_on", .string, .required)
            .field("uploaded_by", .uuid, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Evidence.schema).delete() }
}
