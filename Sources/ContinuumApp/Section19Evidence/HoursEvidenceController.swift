import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// Hours offered and delivered per child per term against full time for the key stage (HN-5), and
/// part-time arrangements past their review date: the Section 19 evidence a council is asked for.
/// A fixed number of queries whatever the number of children.
struct HoursEvidenceController {
    static let roles: Set<Role> = [.administrator, .caseworker, .metCoordinator]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .medicalEducationPart(.evidenceHours), roles: Self.roles, use: show)
        routes.secure(.GET, .medicalEducationPart(.evidenceHoursCSV), roles: Self.roles, use: download)
    }

    struct Row {
        let childID: UUID
        let name: String
        let upn: String
        let keyStage: KeyStage?
        let hours: Section19Hours.TermHours
    }

    struct Overdue {
        let referralID: UUID
        let name: String
        let type: String
        let hoursPerWeek: Double
        let fullTime: Double
        let status: PartTimeReview.Status
    }

    /// Terms that have started, newest first: the ones there is evidence for.
    static func terms(_ calendar: SchoolCalendar, today: CalendarDate) -> [TermDates] {
        Array(calendar.terms.filter { $0.start <= today }.reversed().prefix(12))
    }

    private func chosenTerm(_ req: Request, _ calendar: SchoolCalendar, today: CalendarDate) -> (TermDates?, [FormError]) {
        let terms = Self.terms(calendar, today: today)
        let raw = (try? req.query.get(String.self, at: "term")) ?? ""
        if raw.isEmpty { return (terms.first, []) }
        if let term = terms.first(where: { $0.start.description == raw }) { return (term, []) }
        return (terms.first, [FormError(field: "term", message: "Select a term from the list")])
    }

    func rows(_ req: Request, _ principal: Principal, term: TermDates, calendar: SchoolCalendar, targets: ServiceTargets) async throws -> [Row] {
        let episodes = try await ProvisionEpisode.query(on: req.db)
            .join(Referral.self, on: \ProvisionEpisode.$referral.$id == \Referral.$id)
            .join(Child.self, on: \Referral.$child.$id == \Child.$id)
            .filter(Referral.self, \.$authority.$id == principal.authorityID)
            .filter(\.$startsOn <= term.end)
            .group(.or) { $0.filter(\.$endsOn == nil).filter(\.$endsOn >= term.start) }
            .all()
        var children: [UUID: Child] = [:]
        var byChild: [UUID: [Section19Hours.Episode]] = [:]
        for e in episodes {
            let child = try e.joined(Child.self)
            guard let id = child.id else { continue }
            children[id] = child
            byChild[id, default: []].append(Section19Hours.Episode(type: e.typeValue, hoursPerWeek: e.hoursPerWeek, start: e.startsOn, end: e.endsOn))
        }
        let minutes = try await deliveredMinutes(req, principal, term: term)
        let missing = Set(minutes.keys).subtracting(children.keys)
        if !missing.isEmpty {
            for child in try await Child.query(on: req.db).filter(\.$authority.$id == principal.authorityID).filter(\.$id ~~ Array(missing)).all() {
                children[child.id!] = child
            }
        }
        return children.values.map { child in
            let stage = AgeAndStage.keyStage(dateOfBirth: child.dateOfBirth, on: term.start, yearOffset: child.ncYearOffset)
            let hours = Section19Hours.term(term, calendar: calendar, episodes: byChild[child.id!] ?? [], deliveredMinutes: minutes[child.id!] ?? 0,
                                            fullTimeHoursPerWeek: targets.fullTimeHours(for: stage))
            return Row(childID: child.id!, name: child.fullName, upn: child.upn ?? "", keyStage: stage, hours: hours)
        }.sorted { ($0.name, $0.childID.uuidString) < ($1.name, $1.childID.uuidString) }
    }

    /// Minutes of sessions delivered in the term per child, in one grouped query (HN-10: the teacher's record of each session).
    private func deliveredMinutes(_ req: Request, _ principal: Principal, term: TermDates) async throws -> [UUID: Int] {
        guard let sql = req.db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select()
            .column(SQLColumn("child_id", table: Referral.schema))
            .column(SQLColumn("minutes", table: TimetableSlot.schema))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("sessions")))
            .from(TaughtSession.schema)
            .join(TimetableSlot.schema, on: SQLColumn("slot_id", table: TaughtSession.schema), .equal, SQLColumn("id", table: TimetableSlot.schema))
            .join(Referral.schema, on: SQLColumn("referral_id", table: TimetableSlot.schema), .equal, SQLColumn("id", table: Referral.schema))
            .where(SQLColumn("authority_id", table: Referral.schema), .equal, SQLBind(principal.authorityID))
            .where(SQLColumn("outcome", table: TaughtSession.schema), .equal, SQLBind(SessionOutcome.delivered.rawValue))
            .where(SQLColumn("on_date", table: TaughtSession.schema), .greaterThanOrEqual, SQLBind(term.start))
            .where(SQLColumn("on_date", table: TaughtSession.schema), .lessThanOrEqual, SQLBind(term.end))
            .groupBy(SQLColumn("child_id", table: Referral.schema))
            .groupBy(SQLColumn("minutes", table: TimetableSlot.schema))
            .all()
        var result: [UUID: Int] = [:]
        for row in rows {
            let child = try row.decode(column: "child_id", as: UUID.self)
            result[child, default: 0] += try row.decode(column: "minutes", as: Int.self) * row.decode(column: "sessions", as: Int.self)
        }
        return result
    }

    /// Open episodes below full time whose review date has passed, or that have none (HN-5, HN-6).
    func overdue(_ req: Request, _ principal: Principal, targets: ServiceTargets, today: CalendarDate) async throws -> [Overdue] {
        let most = targets.fullTimeHours.values.max() ?? 32.5
        let episodes = try await ProvisionEpisode.query(on: req.db)
            .join(Referral.self, on: \ProvisionEpisode.$referral.$id == \Referral.$id)
            .join(Child.self, on: \Referral.$child.$id == \Child.$id)
            .filter(Referral.self, \.$authority.$id == principal.authorityID)
            .filter(Referral.self, \.$status == ReferralStatus.accepted.rawValue)
            .filter(\.$hoursPerWeek < most)
            .filter(\.$startsOn <= today)
            .group(.or) { $0.filter(\.$endsOn == nil).filter(\.$endsOn >= today) }
            .all()
        return try episodes.compactMap { e -> Overdue? in
            let child = try e.joined(Child.self)
            let fullTime = targets.fullTimeHours(for: AgeAndStage.keyStage(dateOfBirth: child.dateOfBirth, on: today, yearOffset: child.ncYearOffset))
            let status = PartTimeReview.status(hoursPerWeek: e.hoursPerWeek, fullTimeHoursPerWeek: fullTime, reviewOn: e.partTimeReviewOn,
                                               endsOn: e.endsOn, today: today)
            switch status {
            case .overdue, .noReviewDate: return Overdue(referralID: e.$referral.id, name: child.fullName, type: e.typeValue.label, hoursPerWeek: e.hoursPerWeek, fullTime: fullTime, status: status)
            case .fullTime, .dueOn: return nil
            }
        }.sorted { a, b in
            func key(_ o: Overdue) -> String { if case .overdue(let since) = o.status { return since.description } else { return "" } }
            return (key(a), a.name) < (key(b), b.name)
        }
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        let targets = try await req.serviceTargets(for: principal.authorityID)
        let (term, errors) = chosenTerm(req, calendar, today: today)
        var rows: [Row] = []
        if let term { rows = try await self.rows(req, principal, term: term, calendar: calendar, targets: targets) }
        let overdue = try await overdue(req, principal, targets: targets, today: today)
        try await AuditLog.record(AuditEntry(action: "evidence.hours.view", entityType: "report", detail: "term=\(term?.name ?? "none") children=\(rows.count) overdue=\(overdue.count)"),
                                  by: principal.auditActor, on: req.db)
        let page = HoursEvidencePages.page(chrome: try await req.chrome(for: principal, current: .medicalEducation), terms: Self.terms(calendar, today: today),
                                           term: term, rows: rows, overdue: overdue, errors: errors)
        return .html(page, status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func download(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        let targets = try await req.serviceTargets(for: principal.authorityID)
        let (chosen, errors) = chosenTerm(req, calendar, today: today)
        guard errors.isEmpty, let term = chosen else { return try await show(req, principal) }
        let rows = try await rows(req, principal, term: term, calendar: calendar, targets: targets)
        try await AuditLog.record(AuditEntry(action: "evidence.hours.download", entityType: "report", detail: "term=\(term.name) children=\(rows.count)"), by: principal.auditActor, on: req.db)
        let response = Response.text(HoursEvidencePages.csv(term: term, rows: rows), contentType: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]))
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"section19-hours-\(term.start).csv\"")
        return response
    }
}

enum HoursEvidencePages {
    static func csv(term: TermDates, rows: [HoursEvidenceController.Row]) -> String {
        let header = "child,upn,key_stage,term,term_school_days,offered_hours,delivered_hours,full_time_hours,offered_percent_of_full_time,delivered_percent_of_full_time,part_time"
        let lines = rows.map { r in
            [r.name, r.upn, r.keyStage?.displayName ?? "Not known", term.name, String(r.hours.termSchoolDays), Section19Hours.format(r.hours.offeredHours),
             Section19Hours.format(r.hours.deliveredHours), Section19Hours.format(r.hours.fullTimeHours), String(r.hours.offeredPercent),
             String(r.hours.deliveredPercent), r.hours.isPartTime ? "yes" : "no"].map(CSVCell.escape).joined(separator: ",")
        }
        return ([header] + lines).joined(separator: "\n") + "\n"
    }

    static func page(chrome: Chrome, terms: [TermDates], term: TermDates?, rows: [HoursEvidenceController.Row],
                     overdue: [HoursEvidenceController.Overdue], errors: [FormError]) -> HTMLPage {
        var content: [HTMLNode] = [
            h1("Hours offered and delivered", caption: "Section 19 evidence"),
            p("For each child with provision in the term: the hours offered (each arrangement's weekly hours over the school weeks it ran), the hours teachers recorded as delivered, and full time for the child's key stage over the same school weeks."),
            getForm(action: SiteURL.medicalEducationPart(.evidenceHours).path, [
                select(Field(name: "term", label: "Term", value: term?.start.description ?? "", error: errors.message(for: "term")),
                       options: terms.map { Option($0.start.description, "\($0.name) (\($0.start.longFormat) to \($0.end.longFormat))") }),
                button("Show term", secondary: true),
            ]),
        ]
        if let term {
            let caption = "\(rows.count) \(rows.count == 1 ? "child" : "children") with provision in \(term.name)"
            content.append(rows.isEmpty ? p("No child had provision or recorded sessions in \(term.name).") : table(
                caption: caption, headers: ["Child", "Key stage", "Offered (hours)", "Delivered (hours)", "Full time (hours)", "Offered, % of full time", "Delivered, % of full time", "Full or part time"],
                numericColumns: [2, 3, 4, 5, 6],
                rows: rows.map { r in
                    [TableCell(text: r.name), TableCell(text: r.keyStage?.displayName ?? "Not known"),
                     TableCell(text: Section19Hours.format(r.hours.offeredHours)), TableCell(text: Section19Hours.format(r.hours.deliveredHours)),
                     TableCell(text: Section19Hours.format(r.hours.fullTimeHours)), TableCell(text: "\(r.hours.offeredPercent)%"), TableCell(text: "\(r.hours.deliveredPercent)%"),
                     TableCell(r.hours.isPartTime ? tag("Part time", .orange) : tag("Full time", .green))]
                }))
            content.append(p([link("Download this table as CSV", href: SiteURL.medicalEducationPart(.evidenceHoursCSV).path(["term": term.start.description]))]))
        } else {
            content.append(p("No term has started yet. Term dates are set in the council settings."))
        }
        content.append(h2("Part-time arrangements past their review date", id: "part-time-reviews"))
        content.append(p("Education must be full time unless the council decides part time is in the child's best interests because of their health, and a part-time arrangement must be reviewed by its review date."))
        content.append(overdue.isEmpty ? p("No part-time arrangement is past its review date.") : table(
            caption: "\(overdue.count) part-time \(overdue.count == 1 ? "arrangement" : "arrangements") to review",
            headers: ["Child", "Provision", "Hours a week", "Full time", "Review"], numericColumns: [2, 3],
            rows: overdue.map { o in
                let status: HTMLNode
                switch o.status {
                case .overdue(let since): status = tag("Review overdue since \(since.longFormat)", .red)
                default: status = tag("No review date set", .red)
                }
                return [TableCell(link(o.name, href: SiteURL.referralPart(.value(ReferralID(o.referralID)), .episodes).path)), TableCell(text: o.type),
                        TableCell(text: Section19Hours.format(o.hoursPerWeek)), TableCell(text: Section19Hours.format(o.fullTime)), TableCell(status)]
            }))
        return HTMLPage(title: "Hours offered and delivered", chrome: chrome, errors: errors, backLink: SiteURL.medicalEducation.path, content: content)
    }
}
