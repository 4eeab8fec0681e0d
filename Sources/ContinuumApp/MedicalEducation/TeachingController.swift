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

    @Sendable func addSlot(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = req.parameters.get("referralID", as: UUID.self),
              let referral = try await ReferralRepository(principal: principal, db: req.db).find(id) else { throw Abort(.notFound) }
        let form = (try? req.content.decode(SlotForm.self)) ?? SlotForm()
        var errors: [FormError] = []
        if referral.statusValue != .accepted { errors.append(FormError(field: "subject", message: "Sessions can only be timetabled for an accepted referral")) }
        let subject = form.subject.flatMap(TeachingSubject.init(rawValue:))
        if subject == nil { errors.append(FormError(field: "subject", message: "Select the subject")) }
        var teacher: User?
        if let tid = form.teacherID.flatMap(UUID.init(uuidString:)) {
            teacher = try await User.query(on: req.db).filter(\.$id == tid).filter(\.$authority.$id == principal.authorityID).filter(\.$roleRaw == Role.metTeacher.rawValue).first()
        }
        if teacher == nil { errors.append(FormError(field: "teacherID", message: "Select the teacher")) }
        let place = (form.place ?? "").trimmingCharacters(in: .whitespaces)
        if place.isEmpty { errors.append(FormError(field: "place", message: "Enter where the session happens, for example Redditch base, home or online")) }
        let weekday = form.weekday.flatMap(Int.init)
        if weekday == nil || !(1...5).contains(weekday!) { errors.append(FormError(field: "weekday", message: "Select the day")) }
        let time = (form.startsAt ?? "").trimmingCharacters(in: .whitespaces)
        let parts = time.split(separator: ":").compactMap { Int($0) }
        if parts.count != 2 || !(7...18).contains(parts[0]) || !(0...59).contains(parts[1]) { errors.append(FormError(field: "startsAt", message: "Enter a start time between 07:00 and 18:59, like 09:30")) }
        let minutes = form.minutes.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if minutes == nil || !(15...360).contains(minutes!) { errors.append(FormError(field: "minutes", message: "Length must be a whole number of minutes from 15 to 360")) }
        guard errors.isEmpty, let subject, let teacher, let weekday, let minutes else {
            return .html(try await ReferralController().detailPageFor(req, principal, referral, errors: errors), status: .unprocessableEntity)
        }
        let slot = TimetableSlot()
        slot.$referral.id = referral.id!
        slot.subject = subject.rawValue
        slot.$teacher.id = teacher.id!
        slot.place = place
        slot.weekday = weekday
        slot.startsAt = String(format: "%02d:%02d", parts[0], parts[1])
        slot.minutes = minutes
        slot.active = true
        let childID = referral.$child.id
        let teacherUser = teacher
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await slot.create(on: db)
            // Teachers see their pupils through a relationship link, so timetabling a teacher grants it.
            try await TeacherLink.ensure(teacher: teacherUser, childID: childID, authorityID: principal.authorityID, on: db)
            return ([AuditEntry(action: "timetable.slot_added", entityType: "referral", entityID: referral.id?.uuidString, childID: childID,
                                detail: "\(subject.rawValue) with \(teacherUser.email) weekday \(weekday)")], ())
        }
        return req.redirect(to: SiteURL.referral(.value(referral.id!)).path)
    }

    /// Monday to Friday of the week containing `date` (the following week at weekends).
    static func week(containing date: CalendarDate) -> [CalendarDate] {
        let monday = date.weekday.rawValue <= 5 ? date.adding(days: 1 - date.weekday.rawValue) : date.adding(days: 8 - date.weekday.rawValue)
        return (0..<5).map { monday.adding(days: $0) }
    }

    private func weekPage(_ req: Request, _ principal: Principal, errors: [FormError]) async throws -> HTMLPage {
        let days = Self.week(containing: CalendarDate.today())
        let slots = try await slotsFor(req, principal)
        let records = slots.isEmpty ? [] : try await TaughtSession.query(on: req.db).filter(\.$slot.$id ~~ slots.compactMap(\.id))
            .filter(\.$onDate >= days.first!.description).filter(\.$onDate <= days.last!.description).all()
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

    @Sendable func record(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(SessionForm.self)) ?? SessionForm()
        let slots = try await slotsFor(req, principal)
        guard let slotID = form.slotID.flatMap(UUID.init(uuidString:)), let slot = slots.first(where: { $0.id == slotID }) else {
            return .html(try await weekPage(req, principal, errors: [FormError(field: "main-content", message: "Choose a session from your timetable")]), status: .unprocessableEntity)
        }
        var errors: [FormError] = []
        let date = form.date.flatMap(CalendarDate.init(input:))
        if date == nil || date!.weekday.rawValue != slot.weekday || date! > CalendarDate.today().adding(days: 7) {
            errors.append(FormError(field: "main-content", message: "That date is not one of this session's days"))
        }
        let outcome = form.outcome.flatMap(SessionOutcome.init(rawValue:))
        if outcome == nil { errors.append(FormError(field: "main-content", message: "Select how the session went")) }
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespaces)
        if outcome == .childAbsent && reason.isEmpty { errors.append(FormError(field: "main-content", message: "Give the reason the child was absent")) }
        guard errors.isEmpty, let date, let outcome else { return .html(try await weekPage(req, principal, errors: errors), status: .unprocessableEntity) }
        let childID = slot.referral.$child.id
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let existing = try await TaughtSession.query(on: db).filter(\.$slot.$id == slotID).filter(\.$onDate == date.description).first()
            let record = existing ?? TaughtSession()
            record.$slot.id = slotID
            record.onDate = date.description
            record.outcome = outcome.rawValue
            record.reason = reason.isEmpty ? nil : reason
            record.recordedBy = principal.userID
            try await record.save(on: db)
            return ([AuditEntry(action: "session.recorded", entityType: "timetable", entityID: slotID.uuidString, childID: childID, detail: "\(date) \(outcome.rawValue)")], ())
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
