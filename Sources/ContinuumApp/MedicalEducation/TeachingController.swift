import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Weekly timetables and the teacher's record of each session. The home school sees, per
/// session, whether the child attended, so it can record code K (HN-10).
struct TeachingController {
    static let planners: Set<Role> = [.administrator, .metCoordinator]
    static let recorders: Set<Role> = [.administrator, .metCoordinator, .metTeacher]

    struct SlotForm: Content { var subject: String?; var teacherID: String?; var place: String?; var weekday: String?; var startsAt: String?; var minutes: String? }
    struct SessionForm: Content { var slotID: String?; var date: String?; var outcome: String?; var reason: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.POST, .referralPart(.key, .timetable), roles: Self.planners, use: addSlot)
        routes.secure(.GET, .teaching, roles: Self.recorders, use: week)
        routes.secure(.POST, .teachingSessions, roles: Self.recorders, use: record)
    }

    static let weekdays = [(1, "Monday"), (2, "Tuesday"), (3, "Wednesday"), (4, "Thursday"), (5, "Friday")]

    /// A weekly slot: the app finds the teacher among the council's MET teachers; the domain judges the rest.
    @Sendable func addSlot(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = req.parameters.get("referralID", as: ReferralID.self),
              let referral = try await ReferralRepository(principal: principal, db: req.db).find(id) else { throw Abort(.notFound) }
        let form = (try? req.content.decode(SlotForm.self)) ?? SlotForm()
        var teacher: TimetableTeacher?
        if let tid = form.teacherID.flatMap(UUID.init(uuidString:)),
           let found = try await User.query(on: req.db).filter(\.$id == tid).filter(\.$authority.$id == principal.authorityID).filter(\.$roleRaw == Role.metTeacher.rawValue).first() {
            teacher = TimetableTeacher(id: try found.requireID(), email: found.email)
        }
        let input = TimetableSlotInput(subject: form.subject.flatMap(TeachingSubject.init(rawValue:)), teacher: teacher, place: form.place,
                                       weekday: form.weekday.flatMap(Int.init).flatMap(Weekday.init(rawValue:)), startsAt: form.startsAt, minutes: form.minutes)
        let actions = ReferralActions(req: req, principal: principal)
        switch try await actions.apply(.addTimetableSlot(input), to: referral) {
        case let .failure(problems): return try await actions.again(referral, problems)
        case let .success(transition): try await actions.save(transition, to: referral)
        }
        return req.redirect(to: SiteURL.referral(.value(referral.referralID)).path)
    }

    private func weekPage(_ req: Request, _ principal: Principal, errors: [FormError]) async throws -> HTMLPage {
        let days = TeachingWeek.days(containing: CalendarDate.today())
        let slots = try await slotsFor(req, principal)
        let records = slots.isEmpty ? [] : try await TaughtSession.query(on: req.db).filter(\.$slot.$id ~~ slots.compactMap(\.id))
            .filter(\.$onDate >= days.first!).filter(\.$onDate <= days.last!).all()
        let byKey = Dictionary(records.map { ("\($0.$slot.id)|\($0.onDate)", $0) }, uniquingKeysWith: { a, _ in a })
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        var content: [HTMLNode] = [h1("Teaching this week", caption: "\(days.first!.longFormat) to \(days.last!.longFormat)")]
        let rows = days.flatMap { day in slots.filter { $0.weekday == day.weekday.rawValue }.sorted { $0.startsAt < $1.startsAt }.map { (day, $0) } }
        if rows.isEmpty { content.append(p("You have no timetabled sessions this week.")) }
        for (day, slot) in rows {
            let recorded = byKey["\(slot.id!)|\(day)"]
            content.append(el("div", [.cls("app-card")], [
                h2("\(day.longFormatWithWeekday), \(slot.startsAt): \(slot.subjectValue.label) with \(slot.referral.child.fullName)", size: "s"),
                p("\(slot.place); \(slot.minutes) minutes" + (calendar.isSchoolDay(day) ? "" : " (not a school day)")),
                recorded.map { p([txt("Recorded: "), tag($0.outcomeValue.label, $0.outcomeValue == .delivered ? .green : .orange), txt($0.reason.map { " – " + $0 } ?? "")]) } ?? .empty,
                postForm(action: SiteURL.teachingSessions.path, csrfToken: principal.csrfToken, [
                    hiddenInput(name: "slotID", value: slot.id!.uuidString),
                    hiddenInput(name: "date", value: day.description),
                    radios(Field(name: "outcome", label: "How did the session go?", value: recorded?.outcome ?? "", id: "outcome-\(slot.id!.uuidString.prefix(8))-\(day)"),
                           options: SessionOutcome.allCases.map { Option($0.rawValue, $0.label) }, inline: true),
                    textInput(Field(name: "reason", label: "Reason (if the child was absent or it was cancelled)", value: recorded?.reason ?? "", id: "reason-\(slot.id!.uuidString.prefix(8))-\(day)")),
                    button(recorded == nil ? "Record session" : "Update record", secondary: true),
                ]),
            ]))
        }
        return HTMLPage(title: "Teaching this week", chrome: try await req.chrome(for: principal, current: .teaching), errors: errors, content: content)
    }

    private func slotsFor(_ req: Request, _ principal: Principal) async throws -> [TimetableSlot] {
        let query = TimetableSlot.query(on: req.db).filter(\.$active == true)
            .join(Referral.self, on: \TimetableSlot.$referral.$id == \Referral.$id)
            .filter(Referral.self, \.$authority.$id == principal.authorityID)
            .with(\.$referral) { $0.with(\.$child) }
        guard principal.role == .metTeacher else { return try await query.all() }
        query.filter(\.$teacher.$id == principal.userID)
        // A teacher's slots for a placement that has ended stop showing them the child (TeacherLinkRule).
        let today = CalendarDate.today()
        return try await query.all().filter { TeacherLinkRule.isCurrent($0.teacherLinkSlot($0.referral), today: today) }
    }

    @Sendable func week(_ req: Request, _ principal: Principal) async throws -> Response {
        try await AuditLog.record(AuditEntry(action: "teaching.week.view", entityType: "timetable"), by: principal.auditActor, on: req.db)
        return .html(try await weekPage(req, principal, errors: []))
    }

    /// A session's record. The slot is found among those the principal may record (a teacher's own); the domain judges the rest.
    @Sendable func record(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(SessionForm.self)) ?? SessionForm()
        let slots = try await slotsFor(req, principal)
        guard let slotID = form.slotID.flatMap(UUID.init(uuidString:)), let slot = slots.first(where: { $0.id == slotID }) else {
            return .html(try await weekPage(req, principal, errors: [FormError(field: "main-content", message: "Choose a session from your timetable")]), status: .unprocessableEntity)
        }
        let input = SessionInput(slot: slotID, slotWeekday: Weekday(rawValue: slot.weekday), date: form.date.flatMap(CalendarDate.init(input:)),
                                 outcome: form.outcome.flatMap(SessionOutcome.init(rawValue:)), reason: form.reason)
        let actions = ReferralActions(req: req, principal: principal)
        switch try await actions.apply(.recordSession(input), to: slot.referral) {
        case let .failure(problems): return .html(try await weekPage(req, principal, errors: problems.formErrors), status: .unprocessableEntity)
        case let .success(transition): try await actions.save(transition, to: slot.referral, auditEntity: ("timetable", slotID.uuidString))
        }
        return req.redirect(to: SiteURL.teaching.path)
    }
}

/// Links a MET teacher's account to a child, creating the teacher's person record if needed.
enum TeacherLink {
    static func ensure(teacher: User, childID: UUID, authorityID: UUID, on db: any Database) async throws {
        let teacherID = try teacher.requireID()
        let person: Person
        if let existing = try await Person.query(on: db).filter(\.$userID == teacherID).first() { person = existing } else {
            person = Person(authorityID: authorityID, name: teacher.displayName, kind: .professional, organisation: "Medical Education Team", userID: teacherID)
            try await person.create(on: db)
        }
        let linked = try await ChildRelationship.query(on: db).filter(\.$child.$id == childID).filter(\.$person.$id == person.requireID())
            .filter(\.$kind == ChildRelationship.Kind.metTeacher.rawValue).count()
        if linked == 0 {
            try await ChildRelationship(childID: childID, personID: person.requireID(), kind: .metTeacher, description: "Medical Education Team teacher", consentToShare: true).create(on: db)
        }
    }
}
