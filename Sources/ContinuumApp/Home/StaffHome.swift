import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Home pages for the council's own staff: the MET coordinator, the EHC caseworker and the MET teacher.
/// Each loads in a fixed number of queries, whatever the caseload.
enum StaffHome {
    /// Coordinator: decisions due and overdue, accepted without provision, reviews due, base occupancy.
    static func coordinator(_ req: Request, _ principal: Principal, today: CalendarDate) async throws -> HomeView {
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        let targets = try await req.serviceTargets(for: principal.authorityID)
        let snapshot = try await ServiceSnapshot.load(authorityID: principal.authorityID, on: req.db)
        let figures = DashboardController.figures(snapshot, calendar: calendar, targets: targets, today: today)
        let soon = today.adding(days: 14)
        let dueReviews = try await CaseReview.query(on: req.db).join(Referral.self, on: \CaseReview.$referral.$id == \Referral.$id)
            .filter(Referral.self, \.$authority.$id == principal.authorityID).filter(Referral.self, \.$status == ReferralStatus.accepted.rawValue)
            .filter(\.$heldOn == nil).filter(\.$dueOn <= soon).sort(\.$dueOn).all()
        let byID = Dictionary(snapshot.referrals.compactMap { r in r.id.map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        let undecided = snapshot.referrals.filter { $0.statusValue.isOpen && !$0.statusValue.isDecided }
        let overdueIDs = Set(figures.overdue.compactMap { $0.0.id })
        let dueDecisions = undecided.filter { !overdueIDs.contains($0.id!) }
            .map { ($0, DecisionClock.due(received: $0.receivedOn, targets: targets, calendar: calendar)) }.sorted { $0.1 < $1.1 }

        var view = HomeView(lead: "Referrals and cases that need a decision or action, with the targets your council set (decision within \(targets.decisionSchoolDays) school days).")
        view.figures = [
            .init(label: "Decisions overdue", value: String(figures.overdue.count), href: .medicalEducation),
            .init(label: "Decisions due within target", value: String(dueDecisions.count), href: .referrals),
            .init(label: "Accepted without provision", value: String(figures.breaches.count), href: .medicalEducation),
            .init(label: "Reviews due in 14 days or overdue", value: String(dueReviews.count)),
        ]
        view.sections.append(HomeView.Section(
            heading: "Decisions overdue", caption: "Referrals past the decision target, longest first", empty: "No decision is past its target.",
            items: figures.overdue.prefix(HomeView.listLimit).map { referral, days in
                HomeView.Item(title: referral.child.fullName, href: .referral(.value(referral.referralID)), detail: "Received \(referral.receivedOn.longFormat)",
                              when: "\(days) school days", status: ("Overdue", .red), childID: referral.$child.id)
            }, more: (max(0, figures.overdue.count - HomeView.listLimit), SiteURL.medicalEducation)))
        view.sections.append(HomeView.Section(
            heading: "Decisions due", caption: "Referrals waiting for a decision, soonest first", empty: "No referral is waiting for a decision.",
            items: dueDecisions.prefix(HomeView.listLimit).map { referral, due in
                let d = HomeView.due(due, today: today)
                return HomeView.Item(title: referral.child.fullName, href: .referral(.value(referral.referralID)), detail: referral.statusValue.label, when: d.when, status: d.status, childID: referral.$child.id)
            }, more: (max(0, dueDecisions.count - HomeView.listLimit), SiteURL.referrals)))
        view.sections.append(HomeView.Section(
            heading: "Accepted without provision", caption: "Accepted referrals with no provision in place today (first provision target \(targets.firstProvisionSchoolDays) school days)", empty: "Every accepted child has provision in place.",
            items: figures.breaches.prefix(HomeView.listLimit).map { referral, days in
                // The council's first-provision target (LOCAL) says how long arranging provision may take;
                // past it the child is flagged, within it the target date is shown.
                let target = targets.firstProvisionSchoolDays
                return HomeView.Item(title: referral.child.fullName, href: .referral(.value(referral.referralID)), detail: "Accepted \(referral.decidedOn?.longFormat ?? "")",
                              when: "\(days) school days without provision",
                              status: days > target ? ("Past the \(target)-day target", .red) : ("Within the \(target)-day target", .orange), childID: referral.$child.id)
            }))
        view.sections.append(HomeView.Section(
            heading: "Reviews due", caption: "Case reviews not yet held, due within 14 days or overdue", empty: "No review is due in the next 14 days.",
            items: dueReviews.prefix(HomeView.listLimit).map { review in
                let d = HomeView.due(review.dueOn, today: today)
                let referral = byID[review.$referral.id]
                return HomeView.Item(title: referral?.child.fullName ?? "Case review", href: .referral(.value(ReferralID(review.$referral.id))),
                                     detail: "Six-weekly review", when: d.when, status: d.status, childID: referral?.$child.id)
            }))
        view.notes.append(table(caption: "Teaching base occupancy today", captionSize: "s", headers: ["Base", "Children", "Places"], numericColumns: [1, 2],
                                rows: figures.occupancy.map { [TableCell(text: $0.name), TableCell(text: String($0.used), numeric: true), TableCell(text: String($0.capacity), numeric: true)] }))
        return view
    }

    /// Caseworker: my EHC cases by next statutory date, overdue first; then the unallocated cases.
    static func caseworker(_ req: Request, _ principal: Principal, today: CalendarDate) async throws -> HomeView {
        let open = (EHCCase.openAssessmentStages + [.underReview, .amendmentProposed]).map(\.rawValue)
        let mine = try await EHCCase.query(on: req.db).filter(\.$authority.$id == principal.authorityID).filter(\.$caseworkerID == principal.userID)
            .filter(\.$stageRaw ~~ open).with(\.$child).all()
        let unallocated = try await EHCCase.query(on: req.db).filter(\.$authority.$id == principal.authorityID).filter(\.$caseworkerID == nil)
            .filter(\.$stageRaw ~~ EHCCase.openAssessmentStages.map(\.rawValue)).sort(\.$requestedOn).with(\.$child).all()
        let steps = try await nextSteps(mine + unallocated.prefix(HomeView.listLimit), on: req.db)
        let ordered = mine.map { ($0, steps[$0.id!]) }.sorted { a, b in
            switch (a.1?.due, b.1?.due) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.0.requestedOn < b.0.requestedOn
            }
        }
        let overdue = ordered.filter { $0.1?.isOverdue(on: today) == true }.count
        var view = HomeView(lead: "Your EHC cases by their next statutory date, overdue first, and the requests no one has picked up yet.")
        view.figures = [
            .init(label: "Your open cases", value: String(mine.count), href: .ehc),
            .init(label: "Yours overdue", value: String(overdue), href: .ehc),
            .init(label: "Unallocated requests", value: String(unallocated.count), href: .ehc),
        ]
        view.sections.append(HomeView.Section(
            heading: "Your cases", caption: "Your open EHC cases by next statutory date", empty: "You have no open EHC cases.",
            items: ordered.prefix(HomeView.listLimit * 2).map { item, step in caseItem(item, step: step, today: today) },
            more: (max(0, ordered.count - HomeView.listLimit * 2), SiteURL.ehc)))
        view.sections.append(HomeView.Section(
            heading: "Unallocated requests", caption: "Open requests and assessments with no caseworker, oldest first", empty: "Every open request has a caseworker.",
            items: unallocated.prefix(HomeView.listLimit).map { caseItem($0, step: steps[$0.id!], today: today) },
            more: (max(0, unallocated.count - HomeView.listLimit), SiteURL.ehc)))
        // Issue 17: a young person with a plan who becomes NEET needs the plan reviewed.
        view.sections.append(try await Post16Home.planReviewSection(authorityID: principal.authorityID, today: today, db: req.db))
        return view
    }

    static func caseItem(_ item: EHCCase, step: EHCNextStep?, today: CalendarDate) -> HomeView.Item {
        let d = HomeView.due(step?.due, today: today)
        return HomeView.Item(title: item.child?.fullName ?? "Request received \(item.requestedOn.longFormat)", href: .ehcCase(.value(item.caseID)),
                             detail: step.map { "\(item.stage.description): \($0.what)" } ?? item.stage.description, when: d.when, status: d.status, childID: item.$child.id)
    }

    /// The next statutory step of each case, with the advice dates it depends on: one query for all.
    static func nextSteps(_ cases: [EHCCase], on db: any Database) async throws -> [UUID: EHCNextStep] {
        let ids = cases.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let advice = try await EHCAdviceRequest.query(on: db).filter(\.$ehcCase.$id ~~ ids).all()
        var first: [UUID: CalendarDate] = [:]
        var outstanding = Set<UUID>()
        for a in advice {
            first[a.$ehcCase.id] = min(first[a.$ehcCase.id] ?? a.requestedOn, a.requestedOn)
            if a.receivedOn == nil { outstanding.insert(a.$ehcCase.id) }
        }
        var result: [UUID: EHCNextStep] = [:]
        for item in cases {
            guard let id = item.id else { continue }
            result[id] = EHCNextStep.compute(stage: item.stage, dates: item.dates(adviceRequested: first[id]), adviceOutstanding: outstanding.contains(id))
        }
        return result
    }

    /// Teacher: today's timetable and the sessions this week not yet recorded.
    static func teacher(_ req: Request, _ principal: Principal, today: CalendarDate) async throws -> HomeView {
        let slots = try await TimetableSlot.query(on: req.db).filter(\.$active == true).filter(\.$teacher.$id == principal.userID)
            .join(Referral.self, on: \TimetableSlot.$referral.$id == \Referral.$id)
            .filter(Referral.self, \.$authority.$id == principal.authorityID)
            .with(\.$referral) { $0.with(\.$child) }.all()
            // Only the slots that still give the teacher sight of the child (TeacherLinkRule).
            .filter { TeacherLinkRule.isCurrent($0.teacherLinkSlot($0.referral), today: today) }
        let week = TeachingWeek.days(containing: today).filter { $0 <= today }
        let recorded = slots.isEmpty || week.isEmpty ? [] : try await TaughtSession.query(on: req.db).filter(\.$slot.$id ~~ slots.compactMap(\.id))
            .filter(\.$onDate >= week.first!).filter(\.$onDate <= today).all()
        let done = Set(recorded.map { "\($0.$slot.id)|\($0.onDate)" })
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        let todays = slots.filter { $0.weekday == today.weekday.rawValue }.sorted { $0.startsAt < $1.startsAt }
        let toRecord = week.filter { calendar.isSchoolDay($0) }.flatMap { day in
            slots.filter { $0.weekday == day.weekday.rawValue && !done.contains("\($0.id!)|\(day)") }.map { (day, $0) }
        }
        var view = HomeView(lead: "Your sessions today, and the sessions this week you have not recorded yet. Schools see what you record.")
        view.figures = [
            .init(label: "Sessions today", value: String(todays.count), href: .teaching),
            .init(label: "Sessions to record this week", value: String(toRecord.count), href: .teaching),
        ]
        view.sections.append(HomeView.Section(
            heading: "Today's timetable", caption: "Your sessions on \(today.longFormatWithWeekday)",
            empty: calendar.isSchoolDay(today) ? "You have no sessions today." : "Today is not a school day.",
            items: todays.map { slot in
                HomeView.Item(title: slot.referral.child.fullName, href: .teaching, detail: "\(slot.subjectValue.label), \(slot.place)",
                              when: "\(slot.startsAt), \(slot.minutes) minutes", status: done.contains("\(slot.id!)|\(today)") ? ("Recorded", .green) : ("To record", .yellow), childID: slot.referral.$child.id)
            }))
        view.sections.append(HomeView.Section(
            heading: "Sessions to record", caption: "Sessions this week with no record yet", empty: "Every session this week is recorded.",
            items: toRecord.prefix(HomeView.listLimit * 2).map { day, slot in
                HomeView.Item(title: slot.referral.child.fullName, href: .teaching, detail: slot.subjectValue.label, when: "\(day.longFormatWithWeekday), \(slot.startsAt)",
                              status: ("Not recorded", .orange), childID: slot.referral.$child.id)
            }))
        return view
    }
}
