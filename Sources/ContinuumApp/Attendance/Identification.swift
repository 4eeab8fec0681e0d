import Fluent
import Foundation
import ContinuumDomain

/// A child for whom the council should now consider the Section 19 duty, and what was decided.
///
/// Rulebook HN-2/HN-3: act "as soon as it is clear" a child will miss 15 school days. An entry is
/// never deleted and stays "not reviewed" until someone records a decision, so nothing is dropped.
/// Illness entries carry the UPN rather than needing a child record: marks can arrive before the
/// child is added, and the queue matches children by UPN when it is read.
final class Identification: Model, @unchecked Sendable {
    static let schema = "identifications"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    /// Set when the child was known at the time; otherwise the UPN is matched at read time.
    @OptionalField(key: "child_id") var childID: UUID?
    @OptionalField(key: "upn") var upn: String?
    @Field(key: "kind") var kind: String
    @Field(key: "detail") var detail: String
    @Field(key: "academic_year") var academicYear: Int
    @Field(key: "identified_on") var identifiedOn: CalendarDate
    /// Unique: "once per child per academic year" for illness, once per notification for schools,
    /// enforced by the database so concurrent imports cannot duplicate an entry.
    @Field(key: "dedupe_key") var dedupeKey: String
    @OptionalField(key: "sickness_notification_id") var sicknessNotificationID: UUID?
    @OptionalField(key: "reviewed_by") var reviewedBy: String?
    @OptionalField(key: "reviewed_by_user_id") var reviewedByUserID: UUID?
    @OptionalField(key: "reviewed_on") var reviewedOn: CalendarDate?
    @OptionalField(key: "decision") var decision: String?
    @OptionalField(key: "decision_note") var decisionNote: String?
    // SECURITY.md: optimistic locking on every editable record.
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, authorityID: UUID, childID: UUID?, upn: String?, kind: IdentificationKind, detail: String,
         academicYear: Int, identifiedOn: CalendarDate, dedupeKey: String, sicknessNotificationID: UUID? = nil) {
        self.id = id; self.$authority.id = authorityID; self.childID = childID; self.upn = upn; self.kind = kind.rawValue
        self.detail = detail; self.academicYear = academicYear; self.identifiedOn = identifiedOn
        self.dedupeKey = dedupeKey; self.sicknessNotificationID = sicknessNotificationID; self.version = 1
    }

    var kindValue: IdentificationKind { IdentificationKind(rawValue: kind) ?? .illness15Days }
    var decisionValue: IdentificationDecision? { decision.flatMap(IdentificationDecision.init(rawValue:)) }

    /// The illness trigger fires once per child (by UPN) per academic year in an authority.
    static func illnessKey(authorityID: UUID, upn: String, academicYear: Int) -> String {
        "\(IdentificationKind.illness15Days.rawValue)/\(authorityID.uuidString)/\(upn)/\(academicYear)"
    }

    static func notificationKey(_ notificationID: UUID) -> String {
        "\(IdentificationKind.sicknessNotification.rawValue)/\(notificationID.uuidString)"
    }
}
