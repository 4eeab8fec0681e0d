import Foundation
import ContinuumDomain

/// Everything the referral page shows, computed before rendering.
struct ReferralView {
    struct EpisodeRow: Sendable { let type: String; let place: String; let hours: String; let dates: String; let partTime: String }
    /// The read was audited before this view was built: it can't be made otherwise (AuditedRead).
    let audited: AuditedRead
    /// Which sensitive fields this reader sees (health detail, medical evidence); the presenter leaves the rest out.
    let fields: FieldPolicy
    let id: ReferralID
    let childID: ChildID
    let childName: String
    let upn: String
    let yearGroup: String
    let homeSchool: String
    let status: ReferralStatus
    let urgent: Bool
    let reason: String
    let referrer: String
    let healthSummary: String?
    let expectedAbsence: String
    let daysMissed: String
    let ehcStatus: String
    let received: String
    let evidence: String
    let decision: String?
    let decisionClock: String
    let decisionOverdue: Bool
    let breach: String?
    /// HN-1: the duty or power-not-duty route, tested on the date education is needed.
    let eligibility: Section19Eligibility.Assessment
    let fullTimeHours: Double
    let offeredHours: Double
    let episodes: [EpisodeRow]
    let version: Int
    let allowedMoves: [ReferralStatus]
    let canDecide: Bool
    let canPlace: Bool
    let bases: [(id: String, name: String)]
    var timetable: [(subject: String, teacher: String, place: String, when: String)] = []
    var weekSessions: [(date: String, subject: String, outcome: String)] = []
    var deliveredHoursThisWeek: Double = 0
    var timetabledHours: Double = 0
    var teachers: [(id: String, name: String)] = []
    var reviews: [(due: String, held: String, healthInput: String, outcome: String, overdue: Bool)] = []
    var plan: (goals: String, steps: String, contact: String, target: String)?
    var closure: String?
    var evidenceFiles: [(id: UUID, label: String, received: String, name: String)] = []
    var canUpload = false
    var canDownload = false
    /// May change and end provision, and record virtual access and outcomes at closure (Section19Evidence).
    var canRecordEvidence = false
}

enum ReferralPresenter {
    static func referrerLabel(_ raw: String) -> String {
        NewReferralForm.referrers.first { $0.value == raw }?.label ?? raw
    }

    static func present(_ referral: Referral, episodes: [ProvisionEpisode], bases: [TeachingBase], calendar: SchoolCalendar,
                        targets: ServiceTargets, principal: Principal, today: CalendarDate, audited: AuditedRead,
                        eligibility: Section19Eligibility.Assessment? = nil) -> ReferralView {
        let eligibility = eligibility ?? Section19Eligibility.assess(dateOfBirth: referral.child.dateOfBirth, neededOn: referral.neededOn)
        // Field-level: one policy for every piece of health detail on the page (issue 13 item 3).
        let fields = FieldPolicy.forReferral(referral, principal: principal)
        let health = fields.shows(.healthDetail)
        let child = referral.child
        let dob = child.dateOfBirth
        let status = referral.statusValue
        let keyStage = AgeAndStage.keyStage(dateOfBirth: dob, on: today, yearOffset: child.ncYearOffset)
        let decidedOrToday = referral.decidedOn ?? today
        // HN-4: school days after the day of receipt, up to and including the decision (or today).
        let elapsed = DecisionClock.schoolDaysElapsed(received: referral.receivedOn, until: decidedOrToday, calendar: calendar)
        let overdue = !status.isDecided && status != .withdrawn && DecisionClock.isOverdue(elapsed: elapsed, targets: targets)
        let active = episodes.filter { $0.covers(today) }
        var breach: String?
        // A breach of the duty needs the duty: on the power-not-duty route (HN-1) there is none to breach.
        if status == .accepted, active.isEmpty, eligibility.route != .power, let decided = referral.decidedOn {
            let waiting = DecisionClock.schoolDaysElapsed(received: decided, until: today, calendar: calendar)
            // HN-1: an accepted child without provision is a breach of the duty whatever the reason, a full base included.
            breach = "Accepted on \(decided.longFormat) with no provision in place: \(waiting) school day\(waiting == 1 ? "" : "s") without education. A full base is not a lawful reason to wait."
        }
        let canDecide = [.administrator, .metCoordinator].contains(principal.role)
        let basesByID = Dictionary(uniqueKeysWithValues: bases.compactMap { b in b.id.map { ($0, b.name) } })
        let evidence: String
        // Who holds the child's records (a named clinic or CAMHS) is itself health detail.
        let source = health ? (referral.evidenceRequestedFrom ?? "a health professional") : "a health professional"
        switch (referral.evidenceRequestedOn, referral.evidenceReceivedOn) {
        case (nil, nil): evidence = "No medical evidence asked for. Evidence never holds up a decision."
        case (let asked?, nil): evidence = "Asked of \(source) on \(asked.longFormat); not yet arrived. The decision does not wait for it."
        case (let asked, let arrived?): evidence = "Asked of \(source)\(asked.map { " on " + $0.longFormat } ?? ""); arrived \(arrived.longFormat)."
        }
        return ReferralView(
            audited: audited, fields: fields,
            id: referral.referralID, childID: child.childID, childName: child.fullName, upn: child.upn ?? "Not known",
            yearGroup: AgeAndStage.yearGroupName(AgeAndStage.yearGroup(dateOfBirth: dob, on: today)),
            homeSchool: referral.homeSchool?.name ?? "None recorded", status: status, urgent: referral.urgent,
            reason: referral.reasonValue.label, referrer: referrerLabel(referral.referrer),
            healthSummary: health ? referral.healthSummary : nil,
            expectedAbsence: "\(referral.expectedAbsenceDays) school days", daysMissed: "\(referral.schoolDaysMissed) school days",
            ehcStatus: NewReferralForm.ehcOptions.first { $0.value == referral.ehcStatus }?.label ?? referral.ehcStatus,
            received: referral.receivedOn.longFormat, evidence: evidence,
            decision: referral.decidedOn.map { "\(status == .declined ? "Declined" : "Accepted") on \($0.longFormat) by \(referral.decidedBy ?? "the panel"): \(referral.decisionReasons ?? "")" },
            decisionClock: "\(elapsed) school day\(elapsed == 1 ? "" : "s") from referral to \(referral.decidedOn == nil ? "today" : "decision") (target \(targets.decisionSchoolDays))",
            decisionOverdue: overdue, breach: breach, eligibility: eligibility,
            fullTimeHours: targets.fullTimeHours(for: keyStage), offeredHours: active.reduce(0) { $0 + $1.hoursPerWeek },
            episodes: episodes.sorted { $0.startsOn < $1.startsOn }.map { e in
                ReferralView.EpisodeRow(type: e.typeValue.label, place: e.$base.id.flatMap { basesByID[$0] } ?? "—",
                                        hours: String(format: "%.1f", e.hoursPerWeek), dates: "\(e.startsOn.longFormat) to \(e.endsOn?.longFormat ?? "now")",
                                        // The reason for part time is the child's health (HN-5), so it is health detail; the fact and the review date are not.
                                        partTime: e.partTimeReason.map { (health ? "Part time: \($0)" : "Part time") + (e.partTimeReviewOn.map { "; review \($0)" } ?? "") } ?? "Full time")
            },
            version: referral.version,
            allowedMoves: canDecide ? ReferralWorkflow.offeredMoves(from: referral.workflowState()) : [],
            canDecide: canDecide && (status.canMove(to: .accepted, urgent: referral.urgent)),
            canPlace: canDecide && status == .accepted,
            // A base closed (or not yet open) today is not offered for new provision; past episodes still name it.
            bases: bases.filter { $0.status(on: today) == .open }.compactMap { b in b.id.map { ($0.uuidString, b.name) } })
    }
}
