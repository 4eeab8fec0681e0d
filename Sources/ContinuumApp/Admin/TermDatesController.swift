import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Term dates and INSET days for each academic year: the school calendar every school-day clock
/// counts with. Rows are added one at a time or pasted as CSV (all or nothing); after any change
/// the calendar cache forgets the authority, so the next page counts with the new dates.
struct TermDatesController {
    struct TermForm: Content { var name: String?; var kind: String?; var startsOn: String?; var endsOn: String? }
    struct ImportForm: Content { var file: File? }

    static let maximumBytes = 1024 * 1024

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .adminTermDates, roles: Roles.administrators, use: list)
        routes.secure(.POST, .adminTermDates, roles: Roles.administrators, use: add)
        routes.secure(.POST, .adminTermDatesImport, roles: Roles.administrators, body: .collect(maxSize: "1mb"), use: importCSV)
        routes.secure(.POST, .adminTermDateDelete(.key), roles: Roles.administrators, use: delete)
    }

    static func entry(_ row: TermDate) -> TermDateEntry {
        let kind: TermDateEntry.Kind = switch row.kind { case .term: .term; case .halfTerm: .halfTerm; case .inset: .inset }
        return TermDateEntry(kind: kind, name: row.name, startsOn: row.startsOn, endsOn: row.endsOn)
    }

    static func model(_ entry: TermDateEntry, authorityID: UUID) -> TermDate {
        let kind: TermDate.Kind = switch entry.kind { case .term: .term; case .halfTerm: .halfTerm; case .inset: .inset }
        return TermDate(authorityID: authorityID, kind: kind, name: entry.name, startsOn: entry.startsOn, endsOn: entry.endsOn)
    }

    static func yearLabel(_ start: Int) -> String { "\(start) to \(start + 1)" }

    private func render(_ req: Request, _ principal: Principal, form: TermForm = TermForm(), errors: [FormError] = [], problems: [String] = [],
                        notice: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let rows = try await TermDate.query(on: req.db).filter(\.$authority.$id == principal.authorityID).sort(\.$startsOn).sort(\.$name).all()
        let byYear = Dictionary(grouping: rows) { $0.startsOn.academicYearStart }
        let current = CalendarDate.today().academicYearStart
        let year = req.query[Int.self, at: "year"].flatMap { byYear[$0] == nil ? nil : $0 } ?? (byYear[current] != nil ? current : byYear.keys.max() ?? current)
        func label(_ kind: TermDate.Kind) -> String { switch kind { case .term: "Term"; case .halfTerm: "Half term"; case .inset: "INSET day" } }
        var content: [HTMLNode] = [
            notice.map { notificationBanner(heading: $0) } ?? .empty,
            h1("Term dates", caption: "Council settings"),
            p("Terms, half terms and INSET days make the school calendar that every school-day clock counts with: the 15-school-day trigger, decision targets and review dates. Days outside every term count as ordinary working days, so enter each academic year before it starts."),
        ]
        if byYear.isEmpty {
            // CalendarCache falls back to the fictional demonstration calendar for an authority with no terms: say so.
            content.append(warningText("No term dates have been entered yet. Until they are, school days are counted with a fictional demonstration calendar, not this council's."))
        } else {
            let years = byYear.keys.sorted()
            content.append(p([txt("Academic years entered: ")] + years.enumerated().flatMap { index, y -> [HTMLNode] in
                [index == 0 ? .empty : txt(" · "), y == year ? el("strong", [], text: Self.yearLabel(y)) : link(Self.yearLabel(y), href: SiteURL.adminTermDates.path(["year": String(y)]))]
            }))
            content.append(table(caption: "Term dates for \(Self.yearLabel(year))", headers: ["Name", "Kind", "Starts", "Ends", "Action"],
                                 rows: (byYear[year] ?? []).map { row in
                                     return [TableCell(text: row.name), TableCell(text: label(row.kind)), TableCell(text: AdminPages.dateText(row.startsOn)),
                                             TableCell(text: AdminPages.dateText(row.endsOn)),
                                             TableCell(postForm(action: SiteURL.adminTermDateDelete(.value(row.id!)).path, csrfToken: principal.csrfToken, [
                                                 el("button", [.cls("govuk-button govuk-button--warning govuk-!-margin-bottom-0"), Attr("type", "submit"), Attr("data-module", "govuk-button")],
                                                    [txt("Delete"), el("span", [.cls("govuk-visually-hidden")], text: " \(row.name), \(AdminPages.dateText(row.startsOn))")]),
                                             ]))]
                                 }))
        }
        content += [
            h2("Add term dates"),
            postForm(action: SiteURL.adminTermDates.path, csrfToken: principal.csrfToken, [
                radios(Field(name: "kind", label: "Kind", value: form.kind ?? "", error: errors.message(for: "kind")),
                       options: TermDateEntry.Kind.allCases.map { Option($0.rawValue, $0.label, hint: $0 == .inset ? "A single weekday when pupils are not taught" : nil) }),
                textInput(Field(name: "name", label: "Name", value: form.name ?? "", hint: "For example, Autumn term 2027, Autumn term 2027 half term or INSET day",
                                error: errors.message(for: "name"))),
                dateInput(Field(name: "startsOn", label: "Start date", value: form.startsOn ?? "", hint: "For example, 2 9 2027",
                                error: errors.message(for: "startsOn"), widthClass: "govuk-input--width-10")),
                dateInput(Field(name: "endsOn", label: "End date", value: form.endsOn ?? "", hint: "The last day. For an INSET day, the same as the start date.",
                                error: errors.message(for: "endsOn"), widthClass: "govuk-input--width-10")),
                button("Add term dates"),
            ]),
            h2("Import term dates from a CSV file"),
            p("The first line must be the header kind,name,starts_on,ends_on. Kind is term, half_term or inset; dates are YYYY-MM-DD. If any line has a problem nothing is saved, and every problem is listed with its line number."),
        ]
        if !problems.isEmpty {
            content.append(table(caption: "Lines that need fixing (nothing from the file was saved)", captionSize: "s", headers: ["Problem"],
                                 rows: problems.prefix(100).map { [TableCell(text: $0)] }, firstCellIsHeader: false))
        }
        content.append(postForm(action: SiteURL.adminTermDatesImport.path, csrfToken: principal.csrfToken, enctype: "multipart/form-data", [
            textInput(Field(name: "file", label: "Term dates CSV file", hint: "Up to 1 MB", error: errors.message(for: "file"), type: "file")),
            button("Import term dates", secondary: true),
        ]))
        content.append(p([link("Back to council settings", href: SiteURL.adminAuthority.path)]))
        return .html(HTMLPage(title: "Term dates", chrome: try await req.chrome(for: principal, current: .adminAuthority), errors: errors, content: content), status: status)
    }

    private func existing(_ req: Request, _ principal: Principal) async throws -> [TermDateEntry] {
        try await TermDate.query(on: req.db).filter(\.$authority.$id == principal.authorityID).all().map(Self.entry)
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let notice: String? = switch req.query[String.self, at: "saved"] {
        case "added": "Term dates added"
        case "deleted": "Term dates deleted"
        case "imported": "Term dates imported: \(req.query[Int.self, at: "count"] ?? 0) rows"
        default: nil
        }
        return try await render(req, principal, notice: notice)
    }

    @Sendable func add(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(TermForm.self)) ?? TermForm()
        let entry: TermDateEntry
        switch TermDateRules.check(kind: form.kind, name: form.name, startsOn: form.startsOn, endsOn: form.endsOn) {
        case .valid(let e): entry = e
        case .invalid(let problems):
            return try await render(req, principal, form: form, errors: problems.map { FormError(field: $0.field, message: $0.message) }, status: .unprocessableEntity)
        }
        if let problem = TermDateRules.conflict(entry, with: try await existing(req, principal)) {
            return try await render(req, principal, form: form, errors: [FormError(field: problem.field, message: problem.message)], status: .unprocessableEntity)
        }
        let row = Self.model(entry, authorityID: principal.authorityID)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await row.create(on: db)
            return ([AuditEntry(action: "term_dates.added", entityType: "term_date", entityID: row.id?.uuidString,
                                detail: "\(entry.kind.rawValue) \(entry.name) \(entry.startsOn)..\(entry.endsOn)")], ())
        }
        req.application.calendars.forget(principal.authorityID)
        return req.redirect(to: SiteURL.adminTermDates.path(["saved": "added", "year": String(entry.startsOn.academicYearStart)]))
    }

    @Sendable func importCSV(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ImportForm.self)) ?? ImportForm()
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await render(req, principal, errors: [FormError(field: "file", message: "Select a CSV file")], status: .unprocessableEntity)
        }
        guard file.data.readableBytes <= Self.maximumBytes else {
            return try await render(req, principal, errors: [FormError(field: "file", message: "The file must be smaller than 1 MB")], status: .unprocessableEntity)
        }
        switch TermDateCSV.parse(Data(file.data.readableBytesView), existing: try await existing(req, principal)) {
        case .invalid(let problems):
            return try await render(req, principal, errors: [FormError(field: "file", message: "The file has \(problems.count) problem\(problems.count == 1 ? "" : "s") to fix; nothing was saved")],
                                    problems: problems, status: .unprocessableEntity)
        case .valid(let entries):
            let rows = entries.map { Self.model($0, authorityID: principal.authorityID) }
            let years = Set(entries.map(\.startsOn.academicYearStart)).sorted().map(Self.yearLabel)
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                for row in rows { try await row.create(on: db) }
                return ([AuditEntry(action: "term_dates.imported", entityType: "term_date",
                                    detail: "\(rows.count) rows from \(String(file.filename.prefix(120))) for \(years.joined(separator: ", "))")], ())
            }
            req.application.calendars.forget(principal.authorityID)
            return req.redirect(to: SiteURL.adminTermDates.path(["saved": "imported", "count": String(rows.count), "year": String(entries.map(\.startsOn.academicYearStart).min() ?? 0)]))
        }
    }

    @Sendable func delete(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = req.parameters.get("termDateID", as: UUID.self),
              let row = try await TermDate.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first() else { throw Abort(.notFound) }
        let year = row.startsOn.academicYearStart
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await row.delete(on: db)
            return ([AuditEntry(action: "term_dates.deleted", entityType: "term_date", entityID: id.uuidString,
                                detail: "\(row.kind.rawValue) \(row.name) \(row.startsOn)..\(row.endsOn)")], ())
        }
        req.application.calendars.forget(principal.authorityID)
        return req.redirect(to: SiteURL.adminTermDates.path(["saved": "deleted", "year": String(year)]))
    }
}
