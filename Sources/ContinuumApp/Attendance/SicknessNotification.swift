import Fluent
import Foundation
import ContinuumDomain

/// What a school told the council about a pupil off sick (rulebook HN-3), kept as sent so the
/// identification it raised can always be traced back to the school's own words.
final class SicknessNotification: Model, @unchecked Sendable {
    static let schema = "sickness_notifications"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "child_id") var child: Child
    @OptionalField(key: "school_id") var schoolID: UUID?
    @Field(key: "first_day_absent") var firstDayAbsent: CalendarDate
    /// Nil when the school does not know when the child will be back.
    @OptionalField(key: "expected_return_on") var expectedReturnOn: CalendarDate?
    /// School days from the first day absent to the day before the expected return; nil when not known.
    @OptionalField(key: "expected_school_days") var expectedSchoolDays: Int?
    @Field(key: "reason") var reason: String
    @Field(key: "notified_by") var notifiedBy: String
    @Field(key: "notified_by_user_id") var notifiedByUserID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
