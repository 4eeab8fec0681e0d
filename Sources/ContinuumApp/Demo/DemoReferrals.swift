import Fluent
import Foundation
import ContinuumDomain

/// The three teaching bases of the demo county and a handful of live referrals for the children
/// linked to the demo users, so every role has something in scope.
enum DemoReferrals {
    static let bases: [(name: String, address: String, postcode: String, capacity: Int)] = [
        ("Kidderminster", "Medical Education Base, Comberton Road, Kidderminster", "DY10 1UA", 24),
        ("Redditch", "Medical Education Base, Ipsley Street, Redditch", "B98 7AR", 16),
        ("Worcester", "Medical Education Base, Tolladine Road, Worcester", "WR4 9NB", 24),
    ]

    @discardableResult
    static func seedBases(authorityID: UUID, on db: any Database) async throws -> [String: UUID] {
        var ids: [String: UUID] = [:]
        for base in bases {
            let model = TeachingBase(id: UUID(), authorityID: authorityID, name: base.name, address: base.address, postcode: base.postcode, capacity: base.capacity)
            try await model.create(on: db)
            ids[base.name] = model.id
        }
        return ids
    }

    static func referral(authorityID: UUID, child: Child, status: ReferralStatus, reason: ReferralReason, received: CalendarDate,
                         decided: CalendarDate?, urgent: Bool = false) -> Referral {
        let r = Referral()
        r.id = UUID()
        r.$authority.id = authorityID
        r.$child.id = child.id!
        r.$homeSchool.id = child.$homeSchool.id
        r.referrer = "school"
        r.reason = reason.rawValue
        r.healthSummary = reason == .anxietyMentalHealth ? "Severe anxiety; under CAMHS; unable to enter the school building since half term." : "Recovering from treatment; advised not to attend by the consultant."
        r.expectedAbsenceDays = 30
        r.schoolDaysMissed = 12
        r.ehcStatus = "none"
        r.parentalConsent = true
        r.urgent = urgent
        r.status = status.rawValue
        r.receivedOn = received
        r.decidedOn = decided
        r.decisionReasons = decided == nil ? nil : (status == .declined ? "The child's school can meet the need with an adjusted timetable." : "Health evidence shows the child cannot attend school; education will be arranged.")
        r.decidedBy = decided == nil ? nil : "Multi-agency panel"
        r.version = 1
        return r
    }

    static func episode(_ referral: Referral, type: ProvisionType, baseID: UUID?, hours: Double, start: CalendarDate) -> ProvisionEpisode {
        let e = ProvisionEpisode()
        e.$referral.id = referral.id!
        e.type = type.rawValue
        e.$base.id = baseID
        e.hoursPerWeek = hours
        e.startsOn = start
        if hours < 21 { e.partTimeReason = "Phased start agreed with CAMHS: anxiety limits the time the child can manage."; e.partTimeReviewOn = start.adding(days: 42) }
        return e
    }

    /// Live cases for the linked children: accepted with a base place, accepted with home tuition,
    /// an urgent new referral, one at panel, one awaiting information, and one accepted with no provision yet.
    static func seedLinked(authorityID: UUID, children: [Child], schoolChild: Child?, baseIDs: [String: UUID], teacherID: UUID?, calendar: SchoolCalendar, on db: any Database) async throws {
        let today = CalendarDate.today()
        let recent = calendar.addingSchoolDays(-25, to: calendar.nextSchoolDay(onOrAfter: today))
        let decided = calendar.addingSchoolDays(4, to: recent)
        var referrals: [Referral] = []
        var episodes: [ProvisionEpisode] = []
        func add(_ child: Child?, _ status: ReferralStatus, _ reason: ReferralReason, received: CalendarDate, decided: CalendarDate?, urgent: Bool = false) -> Referral? {
            guard let child else { return nil }
            let r = referral(authorityID: authorityID, child: child, status: status, reason: reason, received: received, decided: decided, urgent: urgent)
            referrals.append(r)
            return r
        }
        let start = calendar.addingSchoolDays(3, to: decided)
        if let r = add(children.first, .accepted, .anxietyMentalHealth, received: recent, decided: decided) {
            episodes.append(episode(r, type: .base, baseID: baseIDs["Worcester"], hours: 15, start: start))
        }
        if let r = add(children.dropFirst(1).first, .accepted, .hospitalTreatment, received: recent, decided: decided) {
            episodes.append(episode(r, type: .home, baseID: nil, hours: 10, start: start))
        }
        _ = add(children.dropFirst(2).first, .received, .anxietyMentalHealth, received: calendar.previousSchoolDay(onOrBefore: today), decided: nil, urgent: true)
        _ = add(children.dropFirst(9).first, .atPanel, .lowImmunity, received: calendar.addingSchoolDays(-8, to: calendar.nextSchoolDay(onOrAfter: today)), decided: nil)
        _ = add(children.dropFirst(10).first, .accepted, .postOperative, received: calendar.addingSchoolDays(-12, to: calendar.nextSchoolDay(onOrAfter: today)),
                decided: calendar.addingSchoolDays(-7, to: calendar.nextSchoolDay(onOrAfter: today)))
        _ = add(children.dropFirst(14).first, .received, .anxietyMentalHealth, received: calendar.addingSchoolDays(-2, to: calendar.nextSchoolDay(onOrAfter: today)), decided: nil)
        _ = add(schoolChild, .awaitingInformation, .anxietyMentalHealth, received: calendar.addingSchoolDays(-3, to: calendar.nextSchoolDay(onOrAfter: today)), decided: nil)
        try await referrals.create(on: db)
        try await episodes.create(on: db)
        guard let teacherID else { return }
        // A weekly timetable for the two accepted cases the demo teacher teaches.
        var slots: [TimetableSlot] = []
        for (referral, place) in zip(referrals.prefix(2), ["Worcester base", "Home"]) {
            for (weekday, subject, time) in [(1, TeachingSubject.maths, "09:30"), (2, .english, "10:00"), (4, .science, "13:30"), (5, .mentoring, "11:00")] {
                let slot = TimetableSlot()
                slot.id = UUID()
                slot.$referral.id = referral.id!
                slot.subject = subject.rawValue
                slot.$teacher.id = teacherID
                slot.place = place
                slot.weekday = weekday
                slot.startsAt = time
                slot.minutes = 90
                slot.active = true
                slots.append(slot)
            }
        }
        try await slots.create(on: db)
    }
}
