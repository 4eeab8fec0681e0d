import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// Home pages for oversight: finance officers and elected members see headline figures only, with small
/// numbers suppressed; administrators see what is not set up yet, failed deliveries and the audit trail.
enum OversightHome {
    /// Finance and members: no child is named or countable (SECURITY.md: any cell under 10 shown as "<10").
    static func aggregate(_ req: Request, _ principal: Principal, today: CalendarDate) async throws -> HomeView {
        let counts = try await SENCounts.byProvision(authorityID: principal.authorityID, on: req.db)
        let snapshot = try await ServiceSnapshot.load(authorityID: principal.authorityID, on: req.db)
        let census = snapshot.census(at: today)
        let plans = try await EHCCase.query(on: req.db).filter(\.$authority.$id == principal.authorityID)
            .filter(\.$stageRaw ~~ [EHCStage.finalIssued, .underReview, .amendmentProposed].map(\.rawValue)).count()
        let assessing = try await EHCCase.query(on: req.db).filter(\.$authority.$id == principal.authorityID)
            .filter(\.$stageRaw ~~ EHCCase.openAssessmentStages.map(\.rawValue)).count()
        // One suppression result for every figure on the page; the census figure is the census page's own.
        var disclosure = census.disclosureTable
        disclosure.add("plans", plans)
        disclosure.add("assessing", assessing)
        for count in counts { disclosure.add("sen.\(count.label)", count.count) }
        let figures = SmallNumberSuppression.apply(req.smallNumberPolicy(for: principal) ?? SmallNumberSuppression(), to: disclosure)
        let policy = figures.policy ?? SmallNumberSuppression()
        var view = HomeView(lead: "Figures for the whole council as at \(today.longFormat). Numbers below \(policy.threshold) are shown as \"\(policy.primaryLabel)\", and a second figure is hidden where needed (shown as \"\(SmallNumberSuppression.complementaryLabel)\"), so no child can be identified.")
        view.figures = [
            .init(label: "Children receiving Section 19 medical education", value: figures.text("total"), href: .medicalEducationPart(.census)),
            .init(label: "EHC plans in force", value: figures.text("plans"), href: .ehcPerformance),
            .init(label: "EHC requests and assessments open", value: figures.text("assessing"), href: .ehcPerformance),
        ]
        view.notes.append(table(caption: "Children known to the SEND service by SEN provision", captionSize: "s", headers: ["SEN provision", "Children"], numericColumns: [1],
                                rows: counts.map { [TableCell(text: $0.label), TableCell(text: figures.text("sen.\($0.label)"), numeric: true)] }))
        return view
    }

    /// Administrator: a set-up checklist of what is not configured yet, delivery failures, the audit trail.
    static func administrator(_ req: Request, _ principal: Principal, today: CalendarDate) async throws -> HomeView {
        let authorityID = principal.authorityID
        guard let authority = try await Authority.find(authorityID, on: req.db) else { throw Abort(.notFound) }
        let termsAhead = try await TermDate.query(on: req.db).filter(\.$authority.$id == authorityID).filter(\.$endsOn >= today).count()
        let establishments = try await Establishment.query(on: req.db).count()
        let bases = try await TeachingBase.query(on: req.db).filter(\.$authority.$id == authorityID).count()
        let staff = try await StaffMember.query(on: req.db).filter(\.$authority.$id == authorityID).count()
        let caseworkers = try await CaseworkerProfile.query(on: req.db).filter(\.$authorityID == authorityID).count()
        let users = try await User.query(on: req.db).filter(\.$authority.$id == authorityID).count()
        let children = try await Child.query(on: req.db).filter(\.$authority.$id == authorityID).count()
        let failed = try await OutboxMessage.query(on: req.db).filter(\.$authorityID == authorityID).filter(\.$failedAt != nil).filter(\.$sentAt == nil).count()
        let queued = try await OutboxMessage.query(on: req.db).filter(\.$authorityID == authorityID).filter(\.$failedAt == nil).filter(\.$sentAt == nil).count()
        let tail = try await AuditLog.verifyTail(on: req.db, rows: 2_000)

        func step(_ done: Bool, _ title: String, _ href: SiteURL, _ detail: String) -> HomeView.Item {
            HomeView.Item(title: title, href: href, detail: detail, when: "", status: done ? ("Done", .green) : ("Not done yet", .orange))
        }
        let checklist = [
            step(!authority.namedOfficer.hasPrefix("Not set yet"), "Named officer for children with health needs", .adminAuthority, "Shown on every Section 19 decision letter"),
            step(authority.safeguardingMailbox != nil, "Safeguarding mailbox", .adminAuthority, "Where the council is told about safeguarding concerns"),
            step(termsAhead > 0, "Term dates from today", .adminTermDates, "Every statutory clock in school days counts from them; without them the demo calendar is used"),
            step(establishments > 0, "Establishments (GIAS)", .establishments, "Run continuum import establishments with the GIAS download"),
            step(bases > 0, "Teaching bases", .adminBases, "Where the Medical Education Team teaches"),
            step(staff > 0, "Medical Education Team staff", .adminMetStaff, "FTE, qualified teacher status and the supply bank"),
            step(caseworkers > 0, "Caseworker profiles", .adminCaseworkers, "Who EHC cases can be allocated to"),
            step(users > 1, "Users", .adminUsers, "Invite the people who will use Continuum"),
            step(children > 0, "Pupils", .childrenImport, "Import a Common Transfer File or a school-census extract"),
            step(req.application.notifyConfigured, "Email delivery (GOV.UK Notify)", .adminOutbox, "Set NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID so messages leave the outbox"),
        ]
        let todo = checklist.filter { $0.status.text != "Done" }.count
        var view = HomeView(lead: todo == 0 ? "Everything on the set-up checklist is done." : "\(todo) of \(checklist.count) set-up steps \(todo == 1 ? "is" : "are") not done yet.")
        view.figures = [
            .init(label: "Set-up steps left", value: String(todo)),
            .init(label: "Emails that failed", value: String(failed), href: .adminOutbox),
            .init(label: "Emails waiting to be sent", value: String(queued), href: .adminOutbox),
        ]
        view.sections.append(HomeView.Section(heading: "Set-up checklist", caption: "What this council has configured", empty: "", items: checklist))
        let auditStatus: HomeView.Item
        if let bad = tail.firstBad {
            auditStatus = HomeView.Item(title: "Audit trail", href: .adminAudit, detail: bad.reason, when: "Checked the newest \(tail.rowsChecked) rows now", status: ("Broken", .red))
        } else {
            auditStatus = HomeView.Item(title: "Audit trail", href: .adminAudit, detail: "The newest \(tail.rowsChecked) rows follow each other; run continuum audit verify nightly for the whole chain",
                                        when: "Checked now", status: ("Intact", .green))
        }
        view.sections.append(HomeView.Section(heading: "Delivery and audit", caption: "Failed emails and the audit trail's chain", empty: "",
                                              items: [HomeView.Item(title: "Failed emails", href: .adminOutbox, detail: failed == 0 ? "None" : "GOV.UK Notify refused them or retries ran out",
                                                                    when: "", status: failed == 0 ? ("None", .green) : ("\(failed) failed", .red)), auditStatus]))
        return view
    }
}
