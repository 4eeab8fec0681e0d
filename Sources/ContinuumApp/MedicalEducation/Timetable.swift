import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// One weekly slot in a child's timetable.
final class TimetableSlot: Model, @unchecked Sendable {
    static let schema = "timetable_slots"
    @ID(key: .id) var id: UUID?
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "subject") var subject: String
    @Parent(key: "teacher_id") var teacher: User
    @Field(key: "place") var place: String
    /// ISO weekday, 1 = Monday … 5 = Friday.
    @Field(key: "weekday") var weekday: Int
    @Field(key: "starts_at") var startsAt: String
    @Field(key: "minutes") var minutes: Int
    @Field(key: "active") var active: Bool
    init() {}

    var subjectValue: TeachingSubject { TeachingSubject(rawValue: subject) ?? .mentoring }
}

/// What happened at one slot on one date.
final class TaughtSession: Model, @unchecked Sendable {
    static let schema = "session_records"
    @ID(key: .id) var id: UUID?
    @Parent(key: "slot_id") var slot: TimetableSlot
    @Field(key: "on_date") var onDate: CalendarDate
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    init() {}

    var outcomeValue: SessionOutcome { SessionOutcome(rawValue: outcome) ?? .delivered }
}

struct CreateTimetable: AsyncMigration {
    var name: String { "011_CreateTimetable" }
    func prepare(on database: any Database) async throws {
        try await database.schema(TimetableSlot.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id))
            .field("subject", .string, .required)
            .field("teacher_id", .uuid, .required, .references(User.schema, .id))
            .field("place", .string, .required)
            .field("weekday", .int, .required)
            .field("starts_at", .string, .required)
            .field("minutes", .int, .required)
            .field("active", .bool, .required)
            .create()
        try await database.schema(TaughtSession.schema)
            .id()
            .field("slot_id", .uuid, .required, .references(TimetableSlot.schema, .id))
            .field("on_date", .string, .required)
            .field("outcome", .string, .required)
            .field("reason", .string)
            .field("recorded_by", .uuid, .required)
            .unique(on: "slot_id", "on_date")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_slots_referral").on(TimetableSlot.schema).column("referral_id").run()
            try await sql.create(index: "idx_slots_teacher").on(TimetableSlot.schema).column("teacher_id").run()
        }
    }
    func revert(on database: any Database) async throws {
        try await database.schema(TaughtSession.schema).delete()
        try await database.schema(TimetableSlot.schema).delete()
    }
}
