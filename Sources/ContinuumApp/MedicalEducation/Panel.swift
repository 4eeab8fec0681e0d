import Fluent
import Foundation
import ContinuumDomain

/// A multi-agency panel meeting: who sat on it, by agency, its minutes, and the referrals it considered.
final class PanelMeeting: Model, @unchecked Sendable {
    static let schema = "panel_meetings"
    @ID(key: .id) var id: UUID?
    @Field(key: "authority_id") var authorityID: UUID
    @Field(key: "held_on") var heldOn: CalendarDate
    /// One member per line, "Agency: Name, role".
    @Field(key: "members") var members: String
    @Field(key: "minutes") var minutes: String
    @Field(key: "recorded_by") var recordedBy: String
    init() {}
}

final class PanelReferral: Model, @unchecked Sendable {
    static let schema = "panel_referrals"
    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: PanelMeeting
    @Parent(key: "referral_id") var referral: Referral
    init() {}
}
