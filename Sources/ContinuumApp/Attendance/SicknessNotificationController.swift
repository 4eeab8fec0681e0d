import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// Schools tell the council a pupil is off sick (rulebook HN-3). When the illness already recorded
/// this year plus the expected absence reaches the council's trigger (HN-2, 15 school days by
/// default), or nobody can say when the child will be back, the child goes on the
/// early-identification queue. The rule is `SicknessNotificationTrigger`; this only loads its inputs.
struct SicknessNotificationController {
    /// School users for their own pupils; council staff too, because schools also phone these in.
    static let notifiers: Set<Role> = [.schoolUser, .administrator, .caseworker, .metCoordinator]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .childPart(.key, .sicknessNotifications), roles: Self.notifiers, use: newForm)
        routes.secure(.POST, .childPart(.key, .sicknessNotifications), roles: Self.notifiers, use: create)
    }


    private func page(_ req: Request, _ principal: Principal, _ child: Child, form: SicknessNotificationForm = SicknessNotificationForm(),
                      errors: [FormError] = [], notice: String? = nil) async throws -> HTMLPage {
        let earlier = try await SicknessNotification.query(on: req.db).filter(\.$child.$id == child.id!)
            .filter(\.$authority.$id == principal.authorityID).sort(\.$createdAt, .descending).limit(20).all()
        return SicknessNotificationPages.form(
            chrome: try await req.chrome(for: principal, current: .children), childName: child.fullName, childID: child.id!,
            triggerDays: try await req.serviceTargets(for: principal.authorityID).absenceTriggerDays,
            csrf: principal.csrfToken, form: form, errors: errors, notice: notice,
            earlier: earlier.map { n in
                SicknessNotificationPages.Earlier(
                    sentOn: n.createdAt.map { CalendarDate(date: $0).longFormat } ?? "Not recorded",
                    absentFrom: n.firstDayAbsent.longFormat,
                    expectedBack: n.expectedReturnOn?.longFormat ?? "Not known",
                    schoolDays: n.expectedSchoolDays.map(String.init) ?? "Not known")
            })
    }

    @Sendable func newForm(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
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
        let child = try await req.scopedChild(principal)
        let form = (try? req.content.decode(SicknessNotificationForm.self)) ?? SicknessNotificationForm()
        let today = CalendarDate.today()
        let valid: SicknessNotificationForm.Valid
        switch form.validate(today: today) {
        case .valid(let v): valid = v
        case .invalid(let errors): return .html(try await page(req, principal, child, form: form, errors: errors), status: .unprocessableEntity)
        }
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        let schoolDays = SicknessNotificationTrigger.notifiedSchoolDays(firstDayAbsent: valid.firstDayAbsent, expectedReturn: valid.expectedReturn, calendar: calendar)
        let recorded = try await Self.recordedIllnessDays(req, child: child, before: valid.firstDayAbsent)
        let trigger = SicknessNotificationTrigger.assess(recordedIllnessDays: recorded, notifiedSchoolDays: schoolDays,
                                                         targets: try await req.serviceTargets(for: principal.authorityID))
        let queue = trigger.reached

        let notification = SicknessNotification()
        notification.id = UUID()
        notification.$authority.id = principal.authorityID
        notification.$child.id = child.id!
        notification.schoolID = principal.schoolID ?? child.$homeSchool.id
        notification.firstDayAbsent = valid.firstDayAbsent
        notification.expectedReturnOn = valid.expectedReturn
        notification.expectedSchoolDays = schoolDays
        notification.reason = valid.reason
        notification.notifiedBy = "\(principal.displayName) (\(principal.email))"
        notification.notifiedByUserID = principal.userID
        let identification: Identification? = queue ? Identification(
            id: UUID(), authorityID: principal.authorityID, childID: child.id, upn: child.upn, kind: .sicknessNotification,
            detail: Self.detail(valid, trigger: trigger, by: principal.displayName, on: today),
            academicYear: valid.firstDayAbsent.academicYearStart, identifiedOn: today,
            dedupeKey: Identification.notificationKey(notification.id!), sicknessNotificationID: notification.id) : nil
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await notification.create(on: db)
            var entries = [AuditEntry(action: "sickness_notification.created", entityType: "sickness_notification", entityID: notification.id?.uuidString,
                                      childID: child.id, detail: "school_days=\(schoolDays.map(String.init) ?? "not known") recorded_illness_days=\(Self.days(recorded))")]
            if let identification {
                try await identification.create(on: db)
                entries.append(AuditEntry(action: "identification.created", entityType: "identification", entityID: identification.id?.uuidString,
                                          childID: child.id, detail: "\(identification.kind) notification=\(notification.id!.uuidString)"))
            }
            return (entries, ())
        }
        return req.redirect(to: SiteURL.childPart(.value(child.childID), .sicknessNotifications).path(["sent": queue ? "queued" : "noted"]))
    }

    /// Illness (code I) already on the child's registers this academic year, every school merged,
    /// before the notified absence began; 0 for a child with no UPN or no marks held.
    static func recordedIllnessDays(_ req: Request, child: Child, before firstDayAbsent: CalendarDate) async throws -> Double {
        guard let upn = child.upn.flatMap(PackedUPN.init), let sql = req.db as? any SQLDatabase else { return 0 }
        let reader = AttendanceCodesReader(sql: sql)
        let year = firstDayAbsent.academicYearStart
        guard let urns = try await reader.yearsHeld(upn: upn)[year] else { return 0 }
        let key = UPNYear(upn: upn, academicYear: year)
        return SicknessNotificationTrigger.recordedIllnessDays(try await reader.marks([key], urns: urns).merged(key), before: firstDayAbsent)
    }

    /// Days as the registers count them: whole, or with a half.
    static func days(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// Why the child is on the queue, in the school's terms.
    static func detail(_ valid: SicknessNotificationForm.Valid, trigger: SicknessNotificationTrigger.Assessment, by name: String, on today: CalendarDate) -> String {
        let expected = valid.expectedReturn.map { "expected back on \($0.longFormat) (\(trigger.notifiedSchoolDays ?? 0) school days missed)" }
            ?? "with no known return date"
        // HN-2: the illness already recorded counts towards the trigger, so say how much there was.
        let recorded = trigger.recordedIllnessDays > 0
            ? " \(days(trigger.recordedIllnessDays)) days of illness were already recorded this school year\(trigger.totalDays.map { ", \(days($0)) in all" } ?? "")."
            : ""
        return "\(name) notified on \(today.longFormat): absent from \(valid.firstDayAbsent.longFormat), \(expected).\(recorded) Reason given: \(valid.reason)"
    }
}
