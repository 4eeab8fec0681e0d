import Fluent
import Vapor
import GOVUK
import ContinuumDomain

struct ReferralController {
    static let readers: Set<Role> = [.administrator, .caseworker, .metCoordinator, .schoolUser, .metTeacher, .healthProfessional, .parentCarer]
    static let referrers: Set<Role> = [.administrator, .caseworker, .metCoordinator, .schoolUser]
    static let deciders: Set<Role> = [.administrator, .metCoordinator]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .referrals, roles: Self.readers, use: list)
        routes.secure(.GET, .childPart(.key, .referralsNew), roles: Self.referrers, use: newForm)
        routes.secure(.POST, .childPart(.key, .referrals), roles: Self.referrers, use: create)
        routes.secure(.GET, .referral(.key), roles: Self.readers, use: show)
        routes.secure(.GET, .referralPart(.key, .letter), roles: Self.readers, use: letter)
        routes.secure(.POST, .referralPart(.key, .status), roles: Self.deciders, use: move)
        routes.secure(.POST, .referralPart(.key, .decision), roles: Self.deciders, use: decide)
        routes.secure(.POST, .referralPart(.key, .provision), roles: Self.deciders, use: place)
    }


    private func referral(_ req: Request, _ principal: Principal) async throws -> Referral {
        guard let id = req.parameters.get("referralID", as: ReferralID.self) else { throw Abort(.notFound) }
        guard let referral = try await ReferralRepository(principal: principal, db: req.db).find(id) else {
            try await AuditLog.record(AuditEntry(action: "referral.view.denied", entityType: "referral", entityID: id.rawValue.uuidString), by: principal.auditActor, on: req.db)
            throw Abort(.notFound)
        }
        return referral
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let referrals = try await ReferralRepository(principal: principal, db: req.db).scoped()?
            .with(\.$child).sort(\.$receivedOn, .descending).limit(200).all() ?? []
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        let targets = try await req.serviceTargets(for: principal.authorityID)
        let today = CalendarDate.today()
        try await AuditLog.record(ListAudit.entry("referrals.list", entityType: "referral", children: referrals.map { $0.$child.id }), by: principal.auditActor, on: req.db)
        let rows = referrals.map { r -> [TableCell] in
            // HN-4: the decision clock is the domain's, the same on this list, the referral page and the dashboard.
            let elapsed = DecisionClock.schoolDaysElapsed(received: r.receivedOn, until: r.decidedOn ?? today, calendar: calendar)
            let open = !r.statusValue.isDecided && r.statusValue != .withdrawn
            let overdue = open && DecisionClock.isOverdue(elapsed: elapsed, targets: targets)
            let clock = open ? (overdue ? "Overdue: \(elapsed) school days" : "\(elapsed) school days so far") : "Decided in \(elapsed) school days"
            return [TableCell(link(r.child.fullName, href: SiteURL.referral(.value(r.referralID)).path)), TableCell(text: r.receivedOn.longFormat),
                    TableCell(text: r.reasonValue.label), TableCell(ReferralPages.statusTag(r.statusValue)),
                    TableCell(overdue ? tag(clock, .red) : txt(clock))]
        }
        return .html(ReferralPages.list(chrome: try await req.chrome(for: principal, current: .referrals), rows: rows, heading: "Section 19 referrals"))
    }

    private func formPage(_ req: Request, _ principal: Principal, child: Child, form: NewReferralForm, errors: [FormError]) async throws -> HTMLPage {
        // The form names the child: a read of their record, audited here so a 422 re-render is covered too.
        try await AuditLog.record(AuditEntry(action: "referral.form.view", entityType: "child", entityID: child.id?.uuidString, childID: child.id), by: principal.auditActor, on: req.db)
        let authority = try await Authority.find(principal.authorityID, on: req.db)
        // HN-1: the age test is made on the date education is needed; shown here on today's date (or the
        // date typed, when the form comes back) so the referrer knows the route before sending.
        let neededOn = DateInput.parse(form.neededFrom) ?? CalendarDate.today()
        return ReferralPages.newForm(chrome: try await req.chrome(for: principal, current: .referrals), childName: child.fullName,
                              action: SiteURL.childPart(.value(child.childID), .referrals).path, csrf: principal.csrfToken, form: form, errors: errors,
                              isSchoolUser: principal.role == .schoolUser,
                              evidencePolicy: authority?.evidencePolicy ?? .default,
                              eligibility: Section19Eligibility.assess(dateOfBirth: child.dateOfBirth, neededOn: neededOn),
                              triggerDays: (authority?.serviceTargets ?? ServiceTargets()).absenceTriggerDays)
    }

    @Sendable func newForm(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        return .html(try await formPage(req, principal, child: child, form: NewReferralForm(), errors: []))
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        let form = (try? req.content.decode(NewReferralForm.self)) ?? NewReferralForm()
        var errors: [FormError] = []
        var valid: NewReferralForm.Valid?
        let today = CalendarDate.today()
        switch form.validate(isSchoolUser: principal.role == .schoolUser, today: today) {
        case .valid(let v): valid = v
        case .invalid(let e): errors = e
        }
        guard errors.isEmpty, let valid else { return .html(try await formPage(req, principal, child: child, form: form, errors: errors), status: .unprocessableEntity) }
        // HN-1: tested on the date the education is needed. Outside compulsory school age the council has a
        // power, not a duty: the referral is still recorded, and its page says which route it is on.
        let eligibility = Section19Eligibility.assess(dateOfBirth: child.dateOfBirth, neededOn: valid.neededOn)
        let referral = Referral()
        referral.$authority.id = principal.authorityID
        referral.$child.id = child.id!
        referral.$homeSchool.id = child.$homeSchool.id
        referral.referredByUserID = principal.userID
        referral.referrer = valid.referrer
        referral.reason = valid.reason.rawValue
        referral.healthSummary = valid.healthSummary
        referral.expectedAbsenceDays = valid.expectedAbsenceDays
        referral.schoolDaysMissed = valid.schoolDaysMissed
        referral.ehcStatus = valid.ehcStatus
        referral.parentalConsent = true
        referral.urgent = valid.urgent
        referral.status = ReferralStatus.received.rawValue
        referral.receivedOn = today
        referral.educationNeededOn = valid.neededOn
        referral.evidenceRequestedFrom = valid.evidenceRequestedFrom
        referral.evidenceRequestedOn = valid.evidenceRequestedFrom == nil ? nil : today
        referral.version = 1
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await referral.create(on: db)
            return ([AuditEntry(action: "referral.created", entityType: "referral", entityID: referral.id?.uuidString, childID: child.id, detail: "reason=\(valid.reason.rawValue) urgent=\(valid.urgent) needed_on=\(valid.neededOn) route=\(eligibility.route.rawValue)")], ())
        }
        return req.redirect(to: SiteURL.referral(.value(referral.referralID)).path(["created": "1"]))
    }

    /// The whole referral page. It writes the "referral.view" audit row itself, for a GET and for a form shown
    /// again after invalid input alike, so no path shows the child's referral unaudited (issue 13 item 9).
    func detailPageFor(_ req: Request, _ principal: Principal, _ referral: Referral, errors: [FormError] = [], notice: String? = nil) async throws -> HTMLPage {
        let audited = try await AuditedRead.record(AuditEntry(action: "referral.view", entityType: "referral", entityID: referral.id?.uuidString, childID: referral.$child.id,
                                                              detail: errors.isEmpty ? "" : "shown again after invalid input (\(req.method.rawValue) \(req.url.path))"),
                                                   by: principal, on: req.db)
        let episodes = try await ProvisionEpisode.query(on: req.db).filter(\.$referral.$id == referral.id!).all()
        let bases = try await TeachingBase.query(on: req.db).filter(\.$authority.$id == principal.authorityID).sort(\.$name).all()
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        let targets = try await req.serviceTargets(for: principal.authorityID)
        let today = CalendarDate.today()
        let eligibility = Section19Eligibility.assess(dateOfBirth: referral.child.dateOfBirth, neededOn: referral.neededOn)
        var view = ReferralPresenter.present(referral, episodes: episodes, bases: bases, calendar: calendar, targets: targets, principal: principal, today: today,
                                             audited: audited, eligibility: eligibility)
        let slots = try await TimetableSlot.query(on: req.db).filter(\.$referral.$id == referral.id!).filter(\.$active == true).with(\.$teacher).all()
        let days = TeachingWeek.days(containing: today)
        let records = slots.isEmpty ? [] : try await TaughtSession.query(on: req.db).filter(\.$slot.$id ~~ slots.compactMap(\.id))
            .filter(\.$onDate >= days.first!).filter(\.$onDate <= days.last!).with(\.$slot).all()
        view.timetable = slots.sorted { ($0.weekday, $0.startsAt) < ($1.weekday, $1.startsAt) }.map { slot in
            (slot.subjectValue.label, slot.teacher.displayName, slot.place, "\(TeachingController.weekdays[slot.weekday - 1].1) \(slot.startsAt), \(slot.minutes) minutes")
        }
        view.weekSessions = records.sorted { $0.onDate < $1.onDate }.map { r in
            ((r.onDate.longFormatWithWeekday), r.slot.subjectValue.label, r.outcomeValue.label + (r.reason.map { ": " + $0 } ?? ""))
        }
        view.deliveredHoursThisWeek = TeachingWeek.deliveredHours(records.map { ($0.outcomeValue, $0.slot.minutes) })
        view.timetabledHours = TeachingWeek.hours(minutes: slots.map(\.minutes))
        // The list of evidence (what kind, when) is health detail; the documents themselves are medical evidence.
        if view.fields.shows(.healthDetail) || view.fields.shows(.medicalEvidence) {
            view.evidenceFiles = try await Evidence.query(on: req.db).filter(\.$referral.$id == referral.id!).sort(\.$receivedOn).all().map { e in
                (e.id!, EvidenceType(rawValue: e.evidenceType)?.label ?? e.evidenceType, e.receivedOn.longFormat, e.originalName)
            }
        }
        view.canUpload = EvidenceController.uploaders.contains(principal.role) && referral.statusValue.isOpen
        view.canDownload = view.fields.shows(.medicalEvidence)
        view.canRecordEvidence = EpisodeChangeController.roles.contains(principal.role)
        let reviews = try await CaseReview.query(on: req.db).filter(\.$referral.$id == referral.id!).sort(\.$dueOn).all()
        let healthInput = view.fields.shows(.healthDetail)
        view.reviews = reviews.map { r in
            (r.dueOn.longFormat, r.heldOn?.longFormat ?? "Not yet held",
             r.healthInput.map { healthInput ? $0 : FieldPolicy.withheld[.healthDetail]! } ?? "—", r.outcome ?? "—",
             r.heldOn == nil && r.dueOn < today && referral.statusValue == .accepted)
        }
        if let plan = try await ReintegrationPlan.query(on: req.db).filter(\.$referral.$id == referral.id!).first() {
            view.plan = (plan.goals, plan.steps, plan.schoolContact, plan.targetOn.longFormat)
        }
        view.closure = referral.closedOn.map { $0.longFormat + ": " + (referral.closureOutcome.map { o in ClosureOutcome.allCases.first { o.hasPrefix($0.rawValue) }.map { $0.label + o.dropFirst($0.rawValue.count) } ?? o } ?? "") }
        if view.canPlace {
            view.teachers = try await User.query(on: req.db).filter(\.$authority.$id == principal.authorityID).filter(\.$roleRaw == Role.metTeacher.rawValue)
                .filter(\.$disabledAt == nil).sort(\.$displayName).all().map { ($0.id!.uuidString, $0.displayName) }
        }
        return ReferralPages.detail(chrome: try await req.chrome(for: principal, current: .referrals), view: view, csrf: principal.csrfToken, errors: errors, notice: notice)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let referral = try await referral(req, principal)
        let notice = (try? req.query.get(String.self, at: "created")) != nil ? "Referral sent. The Medical Education Team has been told." : nil
        return .html(try await detailPageFor(req, principal, referral, notice: notice))
    }

    /// A move that is not a decision. The pipe: decode → load → `ReferralWorkflow.apply` → save with its audit row → redirect.
    @Sendable func move(_ req: Request, _ principal: Principal) async throws -> Response {
        let referral = try await referral(req, principal)
        let form = (try? req.content.decode(StatusForm.self)) ?? StatusForm()
        return try await apply(.move(to: form.status.flatMap(ReferralStatus.init(rawValue:))), to: referral, version: form.version, req, principal,
                               then: SiteURL.referral(.value(referral.referralID)))
    }

    /// Applies one workflow action and saves it with its audit row and effects, all or nothing; an open form
    /// from before someone else's change is refused whole.
    private func apply(_ action: ReferralAction, to referral: Referral, version: Int?, _ req: Request, _ principal: Principal,
                       then destination: SiteURL) async throws -> Response {
        let actions = ReferralActions(req: req, principal: principal)
        let transition: ReferralTransition
        switch try await actions.apply(action, to: referral) {
        case let .failure(problems): return try await actions.again(referral, problems)
        case let .success(applied): transition = applied
        }
        guard version == referral.version else { return try await ConflictPage.response(req, principal, thing: "referral", back: SiteURL.referral(.value(referral.referralID)).path, section: .referrals) }
        try await actions.save(transition, to: referral)
        return req.redirect(to: destination.path)
    }

    @Sendable func decide(_ req: Request, _ principal: Principal) async throws -> Response {
        let referral = try await referral(req, principal)
        let form = (try? req.content.decode(DecisionForm.self)) ?? DecisionForm()
        return try await apply(.decide(outcome: form.outcome.flatMap(ReferralStatus.init(rawValue:)), reasons: form.reasons, by: principal.displayName),
                               to: referral, version: form.version, req, principal, then: SiteURL.referralPart(.value(referral.referralID), .letter))
    }

    /// Arranging provision: the app resolves the chosen base and the child's full time; the domain judges the rest (HN-5).
    @Sendable func place(_ req: Request, _ principal: Principal) async throws -> Response {
        let referral = try await referral(req, principal)
        let form = (try? req.content.decode(ProvisionForm.self)) ?? ProvisionForm()
        let type = form.type.flatMap(ProvisionType.init(rawValue:))
        let start = DateInput.parse(form.start)
        var base = ProvisionBaseChoice.none
        if let raw = form.baseID, !raw.isEmpty {
            base = .unknown
            if type == .base, let id = UUID(uuidString: raw),
               let found = try await TeachingBase.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first() {
                base = .base(id: id, name: found.name, openOnStart: found.status(on: start ?? CalendarDate.today()) == .open)
            }
        }
        let targets = try await req.serviceTargets(for: principal.authorityID)
        let fullTime = targets.fullTimeHours(for: AgeAndStage.keyStage(dateOfBirth: referral.child.dateOfBirth, on: start ?? CalendarDate.today(),
                                                                        yearOffset: referral.child.ncYearOffset))
        let input = ProvisionInput(type: type, base: base, hours: form.hoursPerWeek, start: start, startTyped: !(form.start ?? "").isEmpty,
                                   partTimeReason: form.partTimeReason, reviewOn: DateInput.parse(form.reviewOn), fullTimeHours: fullTime)
        let actions = ReferralActions(req: req, principal: principal)
        switch try await actions.apply(.arrangeProvision(input), to: referral) {
        case let .failure(problems): return try await actions.again(referral, problems)
        case let .success(transition): try await actions.save(transition, to: referral)
        }
        return req.redirect(to: SiteURL.referral(.value(referral.referralID)).path)
    }

    @Sendable func letter(_ req: Request, _ principal: Principal) async throws -> Response {
        let referral = try await referral(req, principal)
        try await AuditLog.record(AuditEntry(action: "referral.letter.view", entityType: "referral", entityID: referral.id?.uuidString, childID: referral.$child.id), by: principal.auditActor, on: req.db)
        guard let decided = referral.decidedOn else {
            return .html(HTMLPage(title: "Decision letter", chrome: try await req.chrome(for: principal, current: .referrals), backLink: SiteURL.referral(.value(referral.referralID)).path, content: [
                h1("Decision letter"),
                p("This referral has not been decided yet. The letter to the parent and the school is written when the decision is recorded."),
            ]))
        }
        let brand = try await req.application.branding.brand(for: principal.authorityID, on: req.db)
        let accepted = referral.statusValue != .declined
        let eligibility = Section19Eligibility.assess(dateOfBirth: referral.child.dateOfBirth, neededOn: referral.neededOn)
        return .html(HTMLPage(title: "Decision letter", chrome: try await req.chrome(for: principal, current: .referrals), backLink: SiteURL.referral(.value(referral.referralID)).path, printable: true, content: [
            el("p", [.cls("govuk-body app-no-print")], [link("Back to the referral", href: SiteURL.referral(.value(referral.referralID)).path), txt(". Use your browser's print command to print or save this letter.")]),
            p(brand.name),
            p(decided.longFormat),
            p("To the parent or carer of \(referral.child.fullName), and to \(referral.homeSchool?.name ?? "the child's school")"),
            h1("Our decision about education for \(referral.child.fullName)"),
            p("We received a referral on \(referral.receivedOn.longFormat) asking us to arrange education because \(referral.child.legalForename) cannot attend school because of their health (section 19 of the Education Act 1996)."),
            // HN-1: outside compulsory school age on the date needed, the letter must not promise a duty that does not apply.
            eligibility.route == .power ? p("\(referral.child.legalForename) is not of compulsory school age on \(eligibility.neededOn.longFormat), when the education is needed, so the council's section 19 duty does not apply; the council may help (a power, not a duty).") : .empty,
            h2(accepted ? "We will arrange education" : "We will not arrange education through the Medical Education Team"),
            p("Our reasons: \(referral.decisionReasons ?? "")"),
            accepted ? p("The education will be full time unless the child's health means part time is in their best interests; if it is part time we will tell you why and when we will review it. \(referral.child.legalForename) stays on the roll of their school throughout.") : .empty,
            h2("If you disagree"),
            p("You can ask us to look at this decision again by contacting the named officer below within 20 school days. If you are still unhappy you can use the council's complaints procedure, and then contact the Local Government and Social Care Ombudsman. You may also seek legal advice about a judicial review."),
            h2("Named officer"),
            p(brand.namedOfficer),
            p("Decided by \(referral.decidedBy ?? "the multi-agency panel") on \(decided.longFormat)."),
        ]))
    }
}
