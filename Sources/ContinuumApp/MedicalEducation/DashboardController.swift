import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The MET coordinator's dashboard: referrals by status, overdue decisions, breaches, base
/// occupancy, hours offered, long placements. Everything is computed from one snapshot.
struct DashboardController {
    static let roles: Set<Role> = [.administrator, .caseworker, .metCoordinator]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .medicalEducation, roles: Self.roles, use: show)
    }

    struct Figures {
        var byStatus: [ReferralStatus: Int] = [:]
        var overdue: [(Referral, Int)] = []
        var breaches: [(Referral, Int)] = []
        /// Accepted under the council's power (outside compulsory school age on the date needed, HN-1): no duty, so no breach.
        var powerWithoutProvision: [(Referral, Int)] = []
        var occupancy: [(name: String, used: Int, capacity: Int)] = []
        var hoursOffered: Double = 0
        var hoursFullTime: Double = 0
        var longPlacements: [(Referral, CalendarDate)] = []
    }

    static func figures(_ snapshot: ServiceSnapshot, calendar: SchoolCalendar, targets: ServiceTargets, today: CalendarDate) -> Figures {
        var f = Figures()
        var baseUse: [UUID: Int] = [:]
        // The start of the term `longPlacementTerms` (default four) terms before this one: placements older than that are long.
        let termStarts = calendar.terms.map(\.start).filter { $0 <= today }.sorted()
        let longSince = termStarts.count >= targets.longPlacementTerms ? termStarts[termStarts.count - targets.longPlacementTerms] : nil
        for r in snapshot.referrals {
            let status = r.statusValue
            f.byStatus[status, default: 0] += 1
            let episodes = snapshot.episodesByReferral[r.id!] ?? []
            let active = episodes.filter { $0.covers(today) }
            if status.isOpen && !status.isDecided {
                // HN-4: the domain's decision clock, as on the referral list and page.
                let elapsed = DecisionClock.schoolDaysElapsed(received: r.receivedOn, until: today, calendar: calendar)
                if DecisionClock.isOverdue(elapsed: elapsed, targets: targets) { f.overdue.append((r, elapsed)) }
            }
            if status == .accepted && active.isEmpty, let decided = r.decidedOn {
                let waiting = (r, DecisionClock.schoolDaysElapsed(received: decided, until: today, calendar: calendar))
                // Rulebook HN-1: the duty covers children of compulsory school age on the date the education is needed.
                if Section19Eligibility.assess(dateOfBirth: r.child.dateOfBirth, neededOn: r.neededOn).route == .power { f.powerWithoutProvision.append(waiting) }
                else { f.breaches.append(waiting) }
            }
            for e in active {
                f.hoursOffered += e.hoursPerWeek
                if let base = e.$base.id { baseUse[base, default: 0] += 1 }
            }
            if !active.isEmpty {
                f.hoursFullTime += targets.fullTimeHours(for: AgeAndStage.keyStage(dateOfBirth: r.child.dateOfBirth, on: today, yearOffset: r.child.ncYearOffset))
            }
            if status == .accepted, let first = episodes.map(\.startsOn).min(), let longSince, first < longSince, !active.isEmpty {
                f.longPlacements.append((r, first))
            }
        }
        f.occupancy = snapshot.bases.map { ($0.name, baseUse[$0.id!] ?? 0, $0.capacity) }
        f.overdue.sort { $0.1 > $1.1 }
        f.breaches.sort { $0.1 > $1.1 }
        f.powerWithoutProvision.sort { $0.1 > $1.1 }
        f.longPlacements.sort { $0.1 < $1.1 }
        return f
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let snapshot = try await ServiceSnapshot.load(authorityID: principal.authorityID, on: req.db)
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        let today = CalendarDate.today()
        let targets = try await req.serviceTargets(for: principal.authorityID)
        let f = Self.figures(snapshot, calendar: calendar, targets: targets, today: today)
        try await AuditLog.record(AuditEntry(action: "dashboard.view", entityType: "report", detail: "overdue=\(f.overdue.count) breaches=\(f.breaches.count)"), by: principal.auditActor, on: req.db)
        func childLink(_ r: Referral) -> TableCell { TableCell(link(r.child.fullName, href: SiteURL.referral(.value(r.referralID)).path)) }
        var content: [HTMLNode] = [
            h1("Medical Education Team", caption: today.longFormatWithWeekday),
            p([link("Census", href: SiteURL.medicalEducationPart(.census).path), txt(" · "), link("All referrals", href: SiteURL.referrals.path), txt(" · "), link("Staff", href: SiteURL.medicalEducationPart(.staff).path)]),
        ]
        if !f.breaches.isEmpty {
            content.append(warningText("\(f.breaches.count) accepted \(f.breaches.count == 1 ? "child has" : "children have") no education in place. This is a breach of the Section 19 duty; a full base is not a lawful reason to wait."))
        }
        content.append(el("div", [.cls("app-card-grid")], [
            card(String(f.byStatus.filter { !$0.key.isDecided && $0.key.isOpen }.values.reduce(0, +)), "referrals awaiting a decision"),
            card(String(f.overdue.count), "decisions overdue (target \(targets.decisionSchoolDays) school days)"),
            card(String(f.breaches.count), "accepted without provision"),
            card(String(snapshot.overdueReviews.count), "reviews overdue"),
            card(String(format: "%.0f of %.0f", f.hoursOffered, f.hoursFullTime), "hours a week offered against full time"),
        ]))
        content.append(table(caption: "Referrals by status", headers: ["Status", "Referrals"], numericColumns: [1],
                             rows: ReferralStatus.allCases.map { [TableCell(ReferralPages.statusTag($0)), TableCell(text: String(f.byStatus[$0] ?? 0), numeric: true)] }))
        content.append(f.breaches.isEmpty ? group([h2("Accepted without provision"), p("Every accepted child has provision in place.")]) :
            table(caption: "Accepted without provision (breaches)", headers: ["Child", "School days without provision"], numericColumns: [1],
                  rows: f.breaches.map { [childLink($0.0), TableCell(tag("\($0.1) school days", .red))] }))
        if !f.powerWithoutProvision.isEmpty {
            content.append(table(caption: "Accepted under the council's power, without provision", headers: ["Child", "School days without provision"], numericColumns: [1],
                                 rows: f.powerWithoutProvision.map { [childLink($0.0), TableCell(tag("\($0.1) school days", .yellow))] }))
            content.append(p("These children are outside compulsory school age on the date their education is needed, so the Section 19 duty does not apply and they are not counted as breaches. The council chose to help (a power, not a duty)."))
        }
        content.append(f.overdue.isEmpty ? group([h2("Overdue decisions"), p("No decisions are overdue.")]) :
            table(caption: "Overdue decisions", headers: ["Child", "Received", "School days waiting"], numericColumns: [2],
                  rows: f.overdue.map { [childLink($0.0), TableCell(text: $0.0.receivedOn.longFormat), TableCell(tag("\($0.1) school days", .red))] }))
        let byID = Dictionary(uniqueKeysWithValues: snapshot.referrals.map { ($0.id!, $0) })
        content.append(snapshot.overdueReviews.isEmpty ? group([h2("Overdue reviews"), p("No reviews are overdue.")]) :
            table(caption: "Overdue reviews", headers: ["Child", "Review was due"],
                  rows: snapshot.overdueReviews.sorted { $0.dueOn < $1.dueOn }.compactMap { review in
                      byID[review.$referral.id].map { [childLink($0), TableCell(tag("Due " + review.dueOn.longFormat, .red))] }
                  }))
        content.append(table(caption: "Teaching base occupancy today", headers: ["Base", "Children placed", "Capacity"], numericColumns: [1, 2],
                             rows: f.occupancy.map { [TableCell(text: $0.name), TableCell(text: String($0.used)), TableCell(text: String($0.capacity))] }))
        content.append(f.longPlacements.isEmpty ? group([h2("Long placements"), p("No child has had provision for \(targets.longPlacementTerms) terms or more.")]) :
            table(caption: "Placements of \(targets.longPlacementTerms) terms or more", headers: ["Child", "Provision since", "Reason"],
                  rows: f.longPlacements.map { [childLink($0.0), TableCell(text: $0.1.longFormat), TableCell(text: $0.0.reasonValue.label)] }))
        var more: [HTMLNode] = [link("Section 19 evidence: hours offered and delivered, part-time reviews", href: SiteURL.medicalEducationPart(.evidenceHours).path),
                                link("Long placements by need, with exceptions", href: SiteURL.medicalEducationPart(.longPlacements).path),
                                link("Risk assessments for children and bases", href: SiteURL.medicalEducationPart(.riskAssessments).path),
                                link("Site planning: where to put teaching bases and hubs", href: SiteURL.planning.path)]
        if PanelController.readers.contains(principal.role) { more.append(link("Multi-agency panel meetings", href: SiteURL.medicalEducationPart(.panels).path)) }
        content.append(contentsOf: [h2("Records and reports"), list(more, bullet: true)])
        return .html(HTMLPage(title: "Medical Education Team", chrome: try await req.chrome(for: principal, current: .medicalEducation), content: content))
    }

    private func card(_ value: String, _ label: String) -> HTMLNode {
        el("div", [.cls("app-card")], [el("span", [.cls("app-card__value")], text: value), el("span", [.cls("app-card__label")], text: label)])
    }
}
