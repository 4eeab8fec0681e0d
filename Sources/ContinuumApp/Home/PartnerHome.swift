import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Home pages for the people around the council: school users, health professionals and families.
/// Everything goes through the scoped repositories, so each sees only their own children.
enum PartnerHome {
    /// School user: their pupils' Section 19 referrals, identifications, EHC requests and reviews, and sessions to see.
    static func school(_ req: Request, _ principal: Principal, today: CalendarDate) async throws -> HomeView {
        let referrals = try await ReferralRepository(principal: principal, db: req.db).scoped()?
            .filter(\.$status ~~ ReferralStatus.allCases.filter(\.isOpen).map(\.rawValue)).sort(\.$receivedOn, .descending).with(\.$child).all() ?? []
        let cases = try await EHCCaseRepository(principal: principal, db: req.db).scoped()?
            .filter(\.$stageRaw ~~ (EHCCase.openAssessmentStages + [.finalIssued, .underReview, .amendmentProposed]).map(\.rawValue)).with(\.$child).all() ?? []
        let steps = try await StaffHome.nextSteps(cases, on: req.db)
        // The school's own pupils flagged from the school's own attendance marks: unreviewed ones only.
        let pupilIDs = try await ChildRepository(principal: principal, db: req.db).scoped()?.all(\.$id) ?? []
        let flagged = pupilIDs.isEmpty ? [] : try await Identification.query(on: req.db).filter(\.$authority.$id == principal.authorityID)
            .filter(\.$childID ~~ pupilIDs).filter(\.$reviewedOn == nil).sort(\.$identifiedOn, .descending).limit(HomeView.listLimit).all()
        let names = Dictionary(referrals.map { ($0.$child.id, $0.child.fullName) } + cases.compactMap { c in c.child.map { ($0.id!, $0.fullName) } }, uniquingKeysWith: { a, _ in a })
        let flaggedChildren = flagged.isEmpty ? [:] : Dictionary(try await Child.query(on: req.db).filter(\.$id ~~ flagged.compactMap(\.childID)).all().map { ($0.id!, $0.fullName) },
                                                                  uniquingKeysWith: { a, _ in a })
        let weekAgo = today.adding(days: -7)
        let accepted = referrals.filter { $0.statusValue == .accepted }.compactMap(\.id)
        let sessions = accepted.isEmpty ? [] : try await TaughtSession.query(on: req.db).join(TimetableSlot.self, on: \TaughtSession.$slot.$id == \TimetableSlot.$id)
            .filter(TimetableSlot.self, \.$referral.$id ~~ accepted).filter(\.$onDate >= weekAgo).sort(\.$onDate, .descending).with(\.$slot).all()
        let reviews = cases.filter { $0.stage == .finalIssued || $0.stage == .underReview }
        let requests = cases.filter { item in !reviews.contains { $0 === item } }

        var view = HomeView(lead: "Your pupils' referrals, early identifications, EHC requests and reviews, and the medical education sessions recorded for them.")
        view.figures = [
            .init(label: "Open Section 19 referrals", value: String(referrals.count), href: .referrals),
            .init(label: "Pupils identified, not yet reviewed", value: String(flagged.count)),
            .init(label: "EHC requests and assessments", value: String(requests.count)),
            .init(label: "Sessions recorded in the last 7 days", value: String(sessions.count)),
        ]
        view.sections.append(HomeView.Section(
            heading: "Section 19 referrals", caption: "Your pupils' open referrals, newest first", empty: "None of your pupils has an open referral.",
            items: referrals.prefix(HomeView.listLimit).map { r in
                HomeView.Item(title: r.child.fullName, href: .referral(.value(r.referralID)), detail: "Received \(r.receivedOn.longFormat)",
                              when: r.decidedOn.map { "Decided \($0.longFormat)" } ?? "Waiting for a decision", status: (r.statusValue.label, r.statusValue == .accepted ? .green : .blue), childID: r.$child.id)
            }, more: (max(0, referrals.count - HomeView.listLimit), SiteURL.referrals)))
        view.sections.append(HomeView.Section(
            heading: "Early identification", caption: "Pupils flagged from attendance or a sickness notification", empty: "None of your pupils is waiting for review.",
            items: flagged.map { item in
                HomeView.Item(title: item.childID.flatMap { flaggedChildren[$0] } ?? "Pupil", href: item.childID.map { SiteURL.child(.value(ChildID($0))) },
                              detail: IdentificationKind(rawValue: item.kind)?.label ?? item.kind, when: item.identifiedOn.longFormat,
                              status: ("Waiting for the council", .yellow), childID: item.childID)
            }))
        view.sections.append(HomeView.Section(
            heading: "EHC requests and reviews", caption: "Your pupils' EHC cases with their next statutory step", empty: "None of your pupils has an EHC request or plan under way.",
            items: (requests + reviews).prefix(HomeView.listLimit * 2).map { StaffHome.caseItem($0, step: steps[$0.id!], today: today) }))
        view.sections.append(HomeView.Section(
            heading: "Sessions to see", caption: "Medical education sessions recorded in the last 7 days (code K in your register)", empty: "No sessions were recorded in the last 7 days.",
            items: sessions.prefix(HomeView.listLimit * 2).map { s in
                HomeView.Item(title: names[referrals.first { $0.id == s.slot.$referral.id }?.$child.id ?? UUID()] ?? "Pupil", href: .referral(.value(ReferralID(s.slot.$referral.id))),
                              detail: s.slot.subjectValue.label, when: s.onDate.longFormatWithWeekday,
                              status: (s.outcomeValue.label, s.outcomeValue == .delivered ? .green : .orange), childID: referrals.first { $0.id == s.slot.$referral.id }?.$child.id)
            }))
        return view
    }

    /// Health professional: advice asked of them and not yet sent, and reviews of the children referred to them.
    static func health(_ req: Request, _ principal: Principal, today: CalendarDate) async throws -> HomeView {
        let asked = try await EHCAdviceRequest.query(on: req.db).filter(\.$adviserUserID == principal.userID).filter(\.$receivedOn == nil)
            .join(EHCCase.self, on: \EHCAdviceRequest.$ehcCase.$id == \EHCCase.$id).filter(EHCCase.self, \.$authority.$id == principal.authorityID)
            .with(\.$ehcCase) { $0.with(\.$child) }.sort(\.$requestedOn).all()
        let referrals = try await ReferralRepository(principal: principal, db: req.db).scoped()?
            .filter(\.$status == ReferralStatus.accepted.rawValue).with(\.$child).all() ?? []
        let soon = today.adding(days: 28)
        let reviews = referrals.isEmpty ? [] : try await CaseReview.query(on: req.db).filter(\.$referral.$id ~~ referrals.compactMap(\.id))
            .filter(\.$heldOn == nil).filter(\.$dueOn <= soon).sort(\.$dueOn).all()
        let byReferral = Dictionary(referrals.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        var view = HomeView(lead: "Advice the council has asked you for, with the date it is due (6 weeks from the request: SEND Regulations 2014 reg 8), and reviews coming up for the children referred to you.")
        view.figures = [
            .init(label: "Advice requests to answer", value: String(asked.count)),
            .init(label: "Overdue", value: String(asked.filter { ($0.dueOn.map { $0 < today }) ?? false }.count)),
            .init(label: "Reviews asking for health input", value: String(reviews.count)),
        ]
        view.sections.append(HomeView.Section(
            heading: "Advice requests", caption: "EHC advice asked of you, oldest first", empty: "No advice is waiting for you.",
            items: asked.prefix(HomeView.listLimit * 2).map { a in
                let d = HomeView.due(a.dueOn, today: today)
                return HomeView.Item(title: a.ehcCase.child?.fullName ?? "EHC needs assessment", href: .ehcCase(.value(EHCCaseID(a.$ehcCase.id))),
                                     detail: "\(a.kind.description), asked \(a.requestedOn.longFormat)", when: d.when, status: d.status, childID: a.ehcCase.$child.id)
            }))
        view.sections.append(HomeView.Section(
            heading: "Reviews asking for health input", caption: "Six-weekly reviews due within 28 days for children referred to you", empty: "No review needs your input in the next 28 days.",
            items: reviews.prefix(HomeView.listLimit).map { review in
                let d = HomeView.due(review.dueOn, today: today)
                return HomeView.Item(title: byReferral[review.$referral.id]?.child.fullName ?? "Review", href: .referral(.value(ReferralID(review.$referral.id))),
                                     detail: review.healthInput == nil ? "No health input yet" : "Health input received", when: d.when, status: d.status, childID: byReferral[review.$referral.id]?.$child.id)
            }))
        return view
    }

    /// Parent or carer: each child's EHC stage, next date and who is responsible; their timetable; recent messages.
    static func family(_ req: Request, _ principal: Principal, today: CalendarDate) async throws -> HomeView {
        let children = try await ChildRepository(principal: principal, db: req.db).scoped()?.sort(\.$legalForename).all() ?? []
        let cases = try await EHCCaseRepository(principal: principal, db: req.db).scoped()?.sort(\.$requestedOn, .descending).with(\.$child).all() ?? []
        let steps = try await StaffHome.nextSteps(cases, on: req.db)
        let referrals = try await ReferralRepository(principal: principal, db: req.db).scoped()?.with(\.$child).all() ?? []
        let accepted = referrals.filter { $0.statusValue == .accepted }.compactMap(\.id)
        let slots = accepted.isEmpty ? [] : try await TimetableSlot.query(on: req.db).filter(\.$referral.$id ~~ accepted).filter(\.$active == true)
            .with(\.$referral) { $0.with(\.$child) }.sort(\.$weekday).sort(\.$startsAt).all()
        let messages = cases.isEmpty || !FieldPolicy(principal: principal).shows(.familyMessages) ? [] : try await EHCMessage.query(on: req.db).filter(\.$ehcCase.$id ~~ cases.compactMap(\.id))
            .filter(\.$fromFamily == false).sort(\.$sentOn, .descending).limit(5).all()
        let childOfCase = Dictionary(cases.compactMap { c in c.id.map { ($0, c.$child.id) } }, uniquingKeysWith: { a, _ in a })
        var view = HomeView(lead: children.count == 1 ? "Where things stand for \(children[0].legalForename), what happens next, and who does it."
                                                       : "Where things stand for your children, what happens next, and who does it.")
        view.sections.append(HomeView.Section(
            heading: "EHC needs assessments and plans", caption: "Each request or plan, with the next step and who is responsible for it",
            empty: "There is no EHC request or plan for your children. You can ask for an assessment from your child's page.",
            items: cases.prefix(HomeView.listLimit).map { item in
                let step = steps[item.id!]
                let d = HomeView.due(step?.due, today: today)
                return HomeView.Item(title: item.child?.fullName ?? "Your request", href: .ehcCase(.value(item.caseID)),
                                     detail: step.map { "\(item.stage.description). Next: \($0.what) (\($0.responsible.description))" } ?? item.stage.description,
                                     when: d.when, status: step == nil ? ("Closed", .grey) : d.status, childID: item.$child.id)
            }))
        view.sections.append(HomeView.Section(
            heading: "Medical education timetable", caption: "Your child's weekly sessions with the Medical Education Team", empty: "There are no medical education sessions timetabled.",
            items: slots.prefix(HomeView.listLimit * 2).map { slot in
                HomeView.Item(title: slot.referral.child.fullName, href: .referral(.value(ReferralID(slot.$referral.id))), detail: "\(slot.subjectValue.label), \(slot.place)",
                              when: "\(Weekday(rawValue: slot.weekday)?.name ?? "") \(slot.startsAt), \(slot.minutes) minutes", status: ("Weekly", .blue), childID: slot.referral.$child.id)
            }))
        view.sections.append(HomeView.Section(
            heading: "Messages from the council", caption: "The newest messages about your EHC requests", empty: "No messages yet.",
            items: messages.map { m in
                // The message is about a child: the page's audit row names them too (issue 13 item 9).
                HomeView.Item(title: m.author, href: .ehcCase(.value(EHCCaseID(m.$ehcCase.id))), detail: String(m.body.prefix(120)) + (m.body.count > 120 ? "…" : ""),
                              when: m.sentOn.longFormat, status: ("Message", .blue), childID: childOfCase[m.$ehcCase.id] ?? nil)
            }))
        return view
    }
}
