import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// Officers' reports and returns (issue 12 item 7): the SEN2 return, the illness-absence CSV and the
/// Section 19 census CSV, each computed by the same function as its `continuum` command, for the
/// officer's own authority only, and audited.
struct ReportsController {
    static let officers: Set<Role> = [.administrator, .caseworker]
    static let section: SiteURL = .reports

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .reports, roles: Self.officers, use: index)
        routes.secure(.GET, .report(.sen2), roles: Self.officers, use: sen2)
        routes.secure(.GET, .report(.sen2XML), roles: Self.officers, use: sen2Download)
        routes.secure(.GET, .report(.illnessAbsence), roles: Self.officers, use: illness)
        routes.secure(.GET, .report(.illnessAbsenceCSV), roles: Self.officers, use: illnessDownload)
        routes.secure(.GET, .report(.census), roles: Self.officers, use: census)
        routes.secure(.GET, .report(.censusCSV), roles: Self.officers, use: censusDownload)
    }

    @Sendable func index(_ req: Request, _ principal: Principal) async throws -> Response {
        .html(ReportsPages.index(chrome: try await req.chrome(for: principal, current: Self.section), role: principal.role))
    }

    // MARK: SEN2

    /// The census date from the query: the latest January census date when none is given.
    private func censusDate(_ req: Request) -> (raw: String, date: CalendarDate?) {
        let raw = ((try? req.query.get(String.self, at: "census")) ?? "").trimmingCharacters(in: .whitespaces)
        if raw.isEmpty { let date = SEN2CensusDate.latest(onOrBefore: .today()); return (date.description, date) }
        return (raw, DateEntry(raw).date)
    }

    static let censusError = "Census date must be a real date, for example \(SEN2CensusDate.of(year: 2026).dateInputExample)"

    @Sendable func sen2(_ req: Request, _ principal: Principal) async throws -> Response {
        let (raw, date) = censusDate(req)
        let chrome = try await req.chrome(for: principal, current: Self.section)
        guard let census = date else {
            return .html(ReportsPages.sen2(chrome: chrome, raw: raw, census: nil, extract: nil, errors: [FormError(field: "census", message: Self.censusError)]),
                         status: .unprocessableEntity)
        }
        let extract = try await SEN2ExportCommand.extract(authorityID: principal.authorityID, census: census, on: req.db)
        // The problems table names children: a read of their records.
        try await AuditLog.record(AuditEntry(action: "ehc.sen2_validate", entityType: "report",
                                             detail: "census=\(census) persons=\(extract.persons.count) problems=\(extract.problems.count)"),
                                  by: principal.auditActor, on: req.db)
        return .html(ReportsPages.sen2(chrome: chrome, raw: raw, census: census, extract: extract, errors: []))
    }

    @Sendable func sen2Download(_ req: Request, _ principal: Principal) async throws -> Response {
        let (raw, date) = censusDate(req)
        guard let census = date else {
            return .html(ReportsPages.sen2(chrome: try await req.chrome(for: principal, current: Self.section), raw: raw, census: nil, extract: nil,
                                           errors: [FormError(field: "census", message: Self.censusError)]), status: .unprocessableEntity)
        }
        guard let authority = try await Authority.find(principal.authorityID, on: req.db) else { throw Abort(.notFound) }
        let (xml, extract) = try await SEN2ExportCommand.document(authority: authority, census: census, on: req.db)
        try await AuditLog.record(AuditEntry(action: "ehc.sen2_export", entityType: "report", detail: "census=\(census) persons=\(extract.persons.count)"),
                                  by: principal.auditActor, on: req.db)
        return Self.attachment(xml, contentType: "application/xml; charset=utf-8", filename: "sen2-\(authority.laCode)-\(census).xml")
    }

    // MARK: Illness absence

    private func academicYear(_ req: Request) -> (raw: String, year: Int?) {
        let raw = ((try? req.query.get(String.self, at: "year")) ?? "").trimmingCharacters(in: .whitespaces)
        if raw.isEmpty { let year = CalendarDate.today().academicYearStart; return (String(year), year) }
        return (raw, IllnessAbsenceReportCommand.academicYear(raw))
    }

    static let yearError = "Academic year must be the year it starts, as 4 digits, like 2025 for 2025 to 2026"

    @Sendable func illness(_ req: Request, _ principal: Principal) async throws -> Response {
        let (raw, year) = academicYear(req)
        let errors = year == nil ? [FormError(field: "year", message: Self.yearError)] : []
        return .html(ReportsPages.illness(chrome: try await req.chrome(for: principal, current: Self.section), raw: raw, errors: errors),
                     status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func illnessDownload(_ req: Request, _ principal: Principal) async throws -> Response {
        let (raw, parsed) = academicYear(req)
        guard let year = parsed else {
            return .html(ReportsPages.illness(chrome: try await req.chrome(for: principal, current: Self.section), raw: raw,
                                              errors: [FormError(field: "year", message: Self.yearError)]), status: .unprocessableEntity)
        }
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let rows = try await IllnessAbsenceReportCommand.rows(academicYear: year, authorityID: principal.authorityID, sql: sql, on: req.db)
        try await AuditLog.record(AuditEntry(action: "illness_absence.report", entityType: "report", detail: "academic_year=\(year) rows=\(rows.count)"),
                                  by: principal.auditActor, on: req.db)
        return Self.attachment(IllnessAbsenceReport.csv(rows), contentType: "text/csv; charset=utf-8", filename: "illness-absence-\(year).csv")
    }

    // MARK: Section 19 census

    private func asAt(_ req: Request) -> (raw: String, date: CalendarDate?) {
        let raw = ((try? req.query.get(String.self, at: "at")) ?? "").trimmingCharacters(in: .whitespaces)
        if raw.isEmpty { let date = CalendarDate.today(); return (date.description, date) }
        return (raw, DateEntry(raw).date)
    }

    static let atError = "As at date must be a real date, for example 15 1 2026"

    @Sendable func census(_ req: Request, _ principal: Principal) async throws -> Response {
        let (raw, date) = asAt(req)
        let errors = date == nil ? [FormError(field: "at", message: Self.atError)] : []
        return .html(ReportsPages.census(chrome: try await req.chrome(for: principal, current: Self.section), raw: raw, errors: errors),
                     status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func censusDownload(_ req: Request, _ principal: Principal) async throws -> Response {
        let (raw, date) = asAt(req)
        guard let at = date else {
            return .html(ReportsPages.census(chrome: try await req.chrome(for: principal, current: Self.section), raw: raw,
                                             errors: [FormError(field: "at", message: Self.atError)]), status: .unprocessableEntity)
        }
        let census = try await ReportCommand.census(authorityID: principal.authorityID, at: at, on: req.db)
        try await AuditLog.record(AuditEntry(action: "census.report", entityType: "report", detail: "at=\(at) format=csv"), by: principal.auditActor, on: req.db)
        return Self.attachment(census.csv(), contentType: "text/csv; charset=utf-8", filename: "section-19-census-\(at).csv")
    }

    /// A download: never shown inline, never cached (it holds personal data).
    static func attachment(_ body: String, contentType: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
