import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// A course of the council's training programme for schools, or the annual conference (TRAIN-1, TRAIN-4).
final class TrainingCourse: Model, @unchecked Sendable {
    static let schema = "training_courses"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "academic_year") var academicYear: Int
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "kind") var kindRaw: String
    @Field(key: "target_area") var areaRaw: String
    /// Audience slugs separated by ";".
    @Field(key: "audience") var audienceRaw: String
    @Field(key: "length_minutes") var lengthMinutes: Int
    @Field(key: "price_pence") var pricePence: Int64
    @OptionalField(key: "academy_price_pence") var academyPricePence: Int64?
    @Field(key: "provider") var provider: String
    @OptionalField(key: "outcomes") var outcomes: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var kind: TrainingCourseKind { TrainingCourseKind(rawValue: kindRaw) ?? .course }
    var area: TrainingArea { TrainingArea(rawValue: areaRaw) ?? .sencoInduction }
    var audience: [TrainingAudience] { audienceRaw.split(separator: ";").compactMap { TrainingAudience(rawValue: String($0)) } }
    var price: TrainingPrice { TrainingPrice(price: Money(pence: pricePence), academyPrice: academyPricePence.map(Money.init(pence:))) }
}

/// A session of a course: for the conference, one of its parallel keynotes or workshops, each with its own capacity (TRAIN-4).
final class TrainingSession: Model, @unchecked Sendable {
    static let schema = "training_sessions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "course_id") var course: TrainingCourse
    /// A conference session's own title ("Workshop B: ..."); nil for a course's session.
    @OptionalField(key: "title") var title: String?
    @Field(key: "session_date") var date: CalendarDate
    @Field(key: "starts_at") var startsAt: Int
    @Field(key: "ends_at") var endsAt: Int
    @OptionalField(key: "venue") var venue: String?
    @OptionalField(key: "online_link") var onlineLink: String?
    @OptionalField(key: "facilitator") var facilitator: String?
    @Field(key: "capacity") var capacity: Int
    @Field(key: "booking_deadline") var bookingDeadline: CalendarDate
    /// "scheduled", or "cancelled" by the council.
    @Field(key: "status") var status: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var isCancelled: Bool { status == "cancelled" }
    var facts: TrainingSessionFacts { TrainingSessionFacts(date: date, bookingDeadline: bookingDeadline, capacity: capacity, cancelled: isCancelled) }
    var timeLabel: String { "\(TrainingTime.label(startsAt)) to \(TrainingTime.label(endsAt))" }
    var whereLabel: String { [venue, onlineLink.map { _ in "Online" }].compactMap { $0 }.joined(separator: " and ") }
    func label(course: TrainingCourse) -> String { title.map { "\(course.title): \($0)" } ?? course.title }
}

/// A place booked by a school for a named member of staff (TRAIN-2). The surveys part reads this table: a row with
/// status "attended" and its session's `session_date` is a session attended (issue 16 part 1's "after each session attended").
final class TrainingBooking: Model, @unchecked Sendable {
    static let schema = "training_bookings"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "session_id") var session: TrainingSession
    @Parent(key: "school_id") var school: Establishment
    @Field(key: "school_urn") var schoolURN: Int
    @Field(key: "delegate_name") var delegateName: String
    /// `TrainingBookingRules.delegateKey`: how a person is matched and counted.
    @Field(key: "delegate_key") var delegateKey: String
    @Field(key: "delegate_role") var delegateRole: String
    @OptionalField(key: "delegate_email") var delegateEmail: String?
    @Field(key: "booked_by_user_id") var bookedByUserID: UUID
    @Field(key: "booked_by_email") var bookedByEmail: String
    @Field(key: "booked_on") var bookedOn: CalendarDate
    @Field(key: "status") var statusRaw: String
    @OptionalField(key: "waitlist_position") var waitlistPosition: Int?
    /// The day a waiting booking was offered a freed place.
    @OptionalField(key: "offered_on") var offeredOn: CalendarDate?
    @Field(key: "buyer") var buyerRaw: String
    @OptionalField(key: "cancelled_on") var cancelledOn: CalendarDate?
    @OptionalField(key: "cancellation_reason") var cancellationReason: String?
    /// The charge in pence as last worked out (TRAIN-3), kept with the policy it used.
    @Field(key: "charge_pence") var chargePence: Int64
    @OptionalField(key: "charge_policy") var chargePolicy: String?
    @OptionalField(key: "invoice_ref") var invoiceRef: String?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var status: TrainingBookingStatus { TrainingBookingStatus(rawValue: statusRaw) ?? .requested }
    var buyer: TrainingBuyer { TrainingBuyer(rawValue: buyerRaw) ?? .maintained }
    var role: TrainingAudience? { TrainingAudience(rawValue: delegateRole) }
}

/// Issue 16 part 2, migration 049: the training programme's courses, sessions and bookings, and the council's cancellation policy.
struct Migration049TrainingProgramme: AsyncMigration {
    var name: String { "049_TrainingProgramme" }

    func prepare(on database: any Database) async throws {
        try await database.schema(TrainingCourse.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("academic_year", .int, .required)
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("target_area", .string, .required)
            .field("audience", .string, .required)
            .field("length_minutes", .int, .required)
            .field("price_pence", .int64, .required)
            .field("academy_price_pence", .int64)
            .field("provider", .string, .required)
            .field("outcomes", .string)
            .field("created_at", .datetime)
            .unique(on: "authority_id", "code")
            .create()
        try await database.schema(TrainingSession.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("course_id", .uuid, .required, .references(TrainingCourse.schema, .id))
            .field("title", .string)
            .field("session_date", .string, .required)
            .field("starts_at", .int, .required)
            .field("ends_at", .int, .required)
            .field("venue", .string)
            .field("online_link", .string)
            .field("facilitator", .string)
            .field("capacity", .int, .required)
            .field("booking_deadline", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(TrainingBooking.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("session_id", .uuid, .required, .references(TrainingSession.schema, .id))
            .field("school_id", .uuid, .required, .references(Establishment.schema, .id))
            .field("school_urn", .int, .required)
            .field("delegate_name", .string, .required)
            .field("delegate_key", .string, .required)
            .field("delegate_role", .string, .required)
            .field("delegate_email", .string)
            .field("booked_by_user_id", .uuid, .required)
            .field("booked_by_email", .string, .required)
            .field("booked_on", .string, .required)
            .field("status", .string, .required)
            .field("waitlist_position", .int)
            .field("offered_on", .string)
            .field("buyer", .string, .required)
            .field("cancelled_on", .string)
            .field("cancellation_reason", .string)
            .field("charge_pence", .int64, .required)
            .field("charge_policy", .string)
            .field("invoice_ref", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(TrainingSettings.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("cancellation_policy", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "authority_id")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "training_sessions_course").on(TrainingSession.schema).column("course_id").run()
            try await sql.create(index: "training_bookings_session_status").on(TrainingBooking.schema).column("session_id").column("status").run()
            try await sql.create(index: "training_bookings_school").on(TrainingBooking.schema).column("school_id").column("status").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TrainingSettings.schema).delete()
        try await database.schema(TrainingBooking.schema).delete()
        try await database.schema(TrainingSession.schema).delete()
        try await database.schema(TrainingCourse.schema).delete()
    }
}

/// A council's training settings: its cancellation tiers (TRAIN-3). No row means the LOCAL default, 5 working days.
final class TrainingSettings: Model, @unchecked Sendable {
    static let schema = "training_settings"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "cancellation_policy") var cancellationPolicyRaw: String
    @Field(key: "updated_by") var updatedBy: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    static func policy(authorityID: UUID, on db: any Database) async throws -> TrainingCancellationPolicy {
        guard let row = try await TrainingSettings.query(on: db).filter(\.$authority.$id == authorityID).first() else { return .standard }
        return (try? TrainingCancellationPolicy.parse(row.cancellationPolicyRaw).get()) ?? .standard
    }
}

/// Issue 16's uptake report at a large county's size (bench/training): the cohort count reads the children by school,
/// SEN provision and primary need from this index alone, instead of fetching each child's row.
struct AddTrainingUptakeIndex: AsyncMigration {
    var name: String { "050_TrainingUptakeIndex" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX children_school_sen ON children (authority_id, home_school_id, sen_provision, primary_need)").run()
        try await sql.raw("CREATE INDEX training_bookings_status ON training_bookings (authority_id, status, school_id)").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX children_school_sen").run()
        try await sql.raw("DROP INDEX training_bookings_status").run()
    }
}
