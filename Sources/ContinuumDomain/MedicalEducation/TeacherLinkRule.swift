/// How long a Medical Education teacher may see a child they were timetabled to teach (issue 13 item 11).
/// SECURITY.md ("teachers their assigned pupils") and the National Data Guardian's need-to-know standard:
/// the link lasts while the teacher has a current timetable slot for the child (an active weekly slot on a
/// referral still open), and for a short grace period after the placement closes, so the teacher can record
/// the last week's sessions (sessions are recorded after the day, one week at a time, on /teaching).
public enum TeacherLinkRule {
    /// Calendar days after a referral's closure during which its teacher still sees the child: one
    /// teaching week plus a weekend, so a session taught on the last Friday can be recorded the next week.
    public static let graceDays = 10

    /// One of the teacher's timetable slots for the child, and the referral it belongs to.
    public struct Slot: Sendable, Equatable {
        public var active: Bool
        public var referralStatus: ReferralStatus
        public var referralClosedOn: CalendarDate?
        public init(active: Bool, referralStatus: ReferralStatus, referralClosedOn: CalendarDate?) {
            self.active = active; self.referralStatus = referralStatus; self.referralClosedOn = referralClosedOn
        }
    }

    /// Whether this slot still gives its teacher sight of the child on `today`.
    public static func isCurrent(_ slot: Slot, today: CalendarDate) -> Bool {
        guard slot.active else { return false }
        switch slot.referralStatus {
        case .accepted: return true
        case .closed:
            guard let closed = slot.referralClosedOn else { return false }
            return today <= closed.adding(days: graceDays)
        case .received, .awaitingInformation, .atPanel, .declined, .withdrawn:
            // Slots are only made for accepted referrals; any other status gives nothing.
            return false
        }
    }

    /// Whether a teacher linked to a child may see them: a link that came with timetabling ends with the
    /// timetable. A teacher with no slots at all for the child was linked by hand (assigned), and that
    /// assignment stands until someone removes it.
    public static func linkStands(slots: [Slot], today: CalendarDate) -> Bool {
        slots.isEmpty || slots.contains { isCurrent($0, today: today) }
    }
}
