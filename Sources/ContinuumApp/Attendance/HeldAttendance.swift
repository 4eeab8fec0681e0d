import Fluent
import Foundation
import ContinuumDomain

/// Marks a school uploaded for pupils not on its roll, kept apart until an officer accepts or
/// rejects them (issue 13 item 5). One row per upload that had any; the marks themselves are
/// stored as a canonical attendance file, so accepting them goes through the same reader and
/// importer as any other file.
final class HeldAttendance: Model, @unchecked Sendable {
    static let schema = "held_attendance"

    enum Status: String, Sendable, CaseIterable {
        case pending, accepted, rejected
        var label: String {
            switch self {
            case .pending: "Waiting for a decision"
            case .accepted: "Accepted"
            case .rejected: "Rejected"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "urn") var urn: Int
    @OptionalField(key: "school_id") var schoolID: UUID?
    @Field(key: "school_name") var schoolName: String
    @Field(key: "uploaded_by_user_id") var uploadedByUserID: UUID
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "row_count") var rowCount: Int
    @Field(key: "upn_count") var upnCount: Int
    /// UPNs in the held rows that belong to a child of this authority (at another school, or none);
    /// the rest match no child record. For the officer only: schools are never told.
    @Field(key: "known_upn_count") var knownUPNCount: Int
    /// The held rows as an attendance file (`AttendanceFile.csv`); emptied when rejected.
    @Field(key: "rows") var rows: Data
    @Field(key: "status") var status: String
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_by_user_id") var decidedByUserID: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    /// What accepting did ("read 4, added 4, …"), or why it was rejected.
    @OptionalField(key: "outcome") var outcome: String?

    init() {}

    var statusValue: Status { Status(rawValue: status) ?? .pending }
}

struct CreateHeldAttendance: AsyncMigration {
    var name: String { "030_CreateHeldAttendance" }

    func prepare(on database: any Database) async throws {
        try await database.schema(HeldAttendance.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("urn", .int, .required)
            .field("school_id", .uuid, .references(Establishment.schema, .id))
            .field("school_name", .string, .required)
            .field("uploaded_by_user_id", .uuid, .required)
            .field("uploaded_by", .string, .required)
            .field("file_name", .string, .required)
            .field("received_at", .datetime, .required)
            .field("row_count", .int, .required)
            .field("upn_count", .int, .required)
            .field("known_upn_count", .int, .required)
            .field("rows", .data, .required)
            .field("status", .string, .required)
            .field("decided_by", .string)
            .field("decided_by_user_id", .uuid)
            .field("decided_at", .datetime)
            .field("outcome", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HeldAttendance.schema).delete()
    }
}
