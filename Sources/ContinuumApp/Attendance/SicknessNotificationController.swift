import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Schools tell the council a pupil is off sick (rulebook HN-3). When the expected absence is 15
/// school days or more, or nobody can say, the child goes on the early-identification queue.
struct SicknessNotificationController {
    /// School users for their own pupils; council staff too, because schools also phone these in.
    static let notifiers: Set<Role> = [.schoolUser, .administrator, .caseworker, .metCoordinator]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, "children", ":childID", "sickness-notifications", roles: Self.notifiers, use: newForm)
        routes.secure(.POST, "children", ":childID", "sickness-notifications", roles: Self.notifiers, use: create)
    }

    /// The child through `ChildRepository`: out of scope is the same 404 as missing.
    private func child(_ req: Request, _ principal: Principal) async throws -> Child {
        guard let id = req.parameters.get("childID", as: UUID.self) else { throw Abort(.notFound) }
        guard let child = try await ChildRepository(principal: principal, db: req.db).find(id) else {
            try await AuditLog.record(AuditEntry(action: "child.view.denied", entityType: "child", entityID: id.uuidString), by: principal.auditActor, on: req.db)
            throw Abort(.notFound)
        }
        return child
    }

    private func page(_ req: Request, _ principal: Principal, _ child: Child, form: SicknessNotificationForm = SicknessNotificationForm(),
                      errors: [FormError] = [], notice: String? = nil) async throws -> HTMLPage {
        let earlier = try await SicknessNotification.query(on: req.db).filter(\.$child.$id == child.id!)
            .filter(\.$authority.$id == principal.authorityID).sort(\.$createdAt, .descending).limit(20).all()
        return SicknessNotificationPages.form(
            chrome: try await req.chrome(for: principal, current: "/children"), childName: child.fullName, childID: child.id!.uuidString,
            csrf: principal.csrfToken, form: form, errors: errors, notice: notice,
            earlier: earlier.map { n in
                SicknessNotificationPages.Earlier(
                    sentOn: n.createdAt.map { CalendarDate(date: $0).longFormat } ?? "Not recorded",
                    absentFrom: CalendarDate(iso: n.firstDayAbsent)?.longFormat ?? n.firstDayAbsent,
                    expectedBack: n.expectedReturnOn.flatMap(CalendarDate.init(iso:))?.longFormat ?? "Not known",
                    schoolDays: n.expectedSchoolDays.map(String.init) ?? "Not known")
            })
    }

    @Sendable func newForm(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await child(req, principal)
        // The page lists earlier notifications, which are part of the child's record.
        try await AuditLog.record(AuditEntry(action: "sickness_notification.view", entityType: "child", entityID: child.id?.uuidString, childID: child.id),
                                  by: principal.auditActor, on: req.db)
        let notice: String?
        switch try? req.query.get(String.self, at: "sent") {
        case "queued": notice = "Notification sent. The council will consider whether it needs to arrange education."
        case "noted": notice = "Notification sent and recorded. Tell us again if the absence goes on longer than expected."
        default: notice = nil
        }
        return .html(try await page(req, principal, child, notice: notice))
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await child(req, principal)
        let form = (try? req.content.decode(SicknessNotificationForm.self)) ?? SicknessNotificationForm()
        let today = CalendarDate.today()
        let valid: SicknessNotificationForm.Valid
        switch form.validate(today: today) {
        case .valid(let v): valid = v
        case .invalid(let errors): return .html(try await page(req, principal, child, form: form, errors: errors), status: .unprocessableEntity)
        }
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        // School days missed: from the first day absent up to the day before the child is back.
        let schoolDays = valid.expectedReturn.map { calendar.schoolDays(from: valid.firstDayAbsent, to: $0.adding(days: -1)) }
        // Rulebook HN-2: 15 school days by default, read as "15 or more"; the authority may set its own.
        let trigger = try await req.serviceTargets(for: principal.authorityID).absenceTriggerDays
        let queue = schoolDays.map { $0 >= trigger } ?? true

        let notification = SicknessNotification()
        notification.id = UUID()
        notification.$authority.id = principal.authorityID
        notification.$child.id = child.id!
        notification.schoolID = principal.schoolID ?? child.$homeSchool.id
        notification.firstDayAbsent = valid.firstDayAbsent.description
        notification.expectedReturnOn = valid.expectedReturn?.description
        notification.expectedSchoolDays = schoolDays
        notification.reason = valid.reason
        notification.notifiedBy = "\(principal.displayName) (\(principal.email))"
        notification.notifiedByUserID = principal.userID
        let identification: Identification? = queue ? Identification(
            id: UUID(), authorityID: principal.authorityID, childID: child.id, upn: child.upn, kind: .sicknessNotification,
            detail: Self.detail(valid, schoolDays: schoolDays, by: principal.displayName, on: today),
            academicYear: valid.firstDayAbsent.academicYearStart, identifiedOn: today,
            dedupeKey: Identification.notificationKey(notification.id!), sicknessNotificationID: notification.id) : nil
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await notification.create(on: db)
            var entries = [AuditEntry(action: "sickness_notification.created", entityType: "sickness_notification", entityID: notification.id?.uuidString,
                                      childID: child.id, detail: "school_days=\(schoolDays.map(String.init) ?? "not known")")]
            if let identification {
                try await identification.create(on: db)
                entries.append(AuditEntry(action: "identification.created", entityType: "identification", entityID: identification.id?.uuidString,
                                          childID: child.id, detail: "\(identification.kind) notification=\(notification.id!.uuidString)"))
            }
            return (entries, ())
        }
        return req.redirect(to: "/children/\(child.id!.uuidString)/sickness-notifications?sent=\(queue ? "queued" : "noted")")
    }

    /// Why the child is on the queue, in the school's terms.
    static func detail(_ valid: SicknessNotificationForm.Valid, schoolDays: Int?, by name: String, on today: CalendarDate) -> String {
        let expected = valid.expectedReturn.map { "expected back on \($0.longFormat) (\(schoolDays ?? 0) school days missed)" }
            ?? "with no known return date"
        return "\(name) notified on \(today.longFormat): absent from \(valid.firstDayAbsent.longFormat), \(expected). Reason given: \(valid.reason)"
    }
}
