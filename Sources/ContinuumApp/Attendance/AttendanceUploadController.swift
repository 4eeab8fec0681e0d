import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The attendance upload page for schools and officers: the same file format, checks and importer
/// as `continuum import attendance`. A school may send only marks for its own URN; a file with any
/// bad line is refused whole with every line listed, and nothing from it is saved.
struct AttendanceUploadController {
    static let uploaders: Set<Role> = [.administrator, .caseworker, .metCoordinator, .schoolUser]
    /// Roles that see a child's attendance strip (school users for their own pupils only, by scope).
    static let viewers: Set<Role> = [.administrator, .caseworker, .metCoordinator, .schoolUser]
    static let maximumBytes = 40 * 1024 * 1024
    static let problemsShown = 50

    struct UploadForm: Content { var file: File? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, "attendance", "upload", roles: Self.uploaders, use: form)
        routes.secure(.POST, "attendance", "upload", roles: Self.uploaders, body: .collect(maxSize: "48mb"), use: upload)
    }

    private func page(_ req: Request, _ principal: Principal, errors: [FormError] = [], problems: [String] = [], more: Int = 0,
                      notice: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        var content: [HTMLNode] = [
            notice.map { notificationBanner(heading: $0) } ?? .empty,
            h1("Upload attendance", caption: "Section 19: finding children missing school through illness"),
            p("Upload a CSV file with the header upn,urn,date,session,code: one row per session mark, date as YYYY-MM-DD, session AM or PM, and a 2024 DfE attendance code. Sending the same marks again changes nothing; a later mark for the same session corrects the earlier one."),
            principal.role == .schoolUser ? p("You can upload marks for your own school's pupils only.") : .empty,
        ]
        if !problems.isEmpty {
            content.append(table(caption: "Lines that need fixing (nothing from the file was saved)", captionSize: "s", headers: ["Problem"],
                                 rows: problems.map { [TableCell(text: $0)] }, firstCellIsHeader: false))
            if more > 0 { content.append(p("And \(more) more line\(more == 1 ? "" : "s").")) }
        }
        content.append(postForm(action: "/attendance/upload", csrfToken: principal.csrfToken, enctype: "multipart/form-data", [
            textInput(Field(name: "file", label: "Attendance CSV file", hint: "Up to 40 MB", error: errors.message(for: "file"), type: "file")),
            button("Upload attendance"),
        ]))
        return .html(HTMLPage(title: "Upload attendance", chrome: try await req.chrome(for: principal, current: "/attendance/upload"), errors: errors, content: content), status: status)
    }

    @Sendable func form(_ req: Request, _ principal: Principal) async throws -> Response { try await page(req, principal) }

    @Sendable func upload(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(UploadForm.self)) ?? UploadForm()
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await page(req, principal, errors: [FormError(field: "file", message: "Select a CSV file")], status: .unprocessableEntity)
        }
        guard file.data.readableBytes <= Self.maximumBytes else {
            return try await page(req, principal, errors: [FormError(field: "file", message: "The file must be smaller than 40 MB: split a long year into terms")], status: .unprocessableEntity)
        }
        var marks: [AttendanceMark]
        do { marks = try AttendanceFile.parse(Array(file.data.readableBytesView)) } catch {
            return try await refuse(req, principal, error.problems.map(\.description))
        }
        if principal.role == .schoolUser {
            guard let schoolID = principal.schoolID, let school = try await Establishment.find(schoolID, on: req.db) else { throw Abort(.notFound) }
            // A school reports its own registers: marks for another URN are refused by line (rows start on line 2).
            let foreign = marks.enumerated().filter { $0.element.urn != school.urn }.map { "line \($0.offset + 2): URN \($0.element.urn) is not your school (\(school.urn))" }
            if !foreign.isEmpty { return try await refuse(req, principal, foreign) }
        }
        var importer = AttendanceImporter(authorityID: principal.authorityID, today: CalendarDate.today(), actor: principal.auditActor)
        // HN-2: the authority's trigger in sessions (two a day).
        importer.thresholdSessions = try await req.serviceTargets(for: principal.authorityID).absenceTriggerDays * 2
        let summary = try await importer.apply(marks, fileName: String((file.filename).prefix(120)), on: req.db)
        marks.removeAll()
        return try await page(req, principal, notice: "Attendance uploaded: \(summary.line)" + (summary.identificationsCreated > 0 ? "; \(summary.identificationsCreated) new early identification(s)" : ""))
    }

    private func refuse(_ req: Request, _ principal: Principal, _ problems: [String]) async throws -> Response {
        let shown = Array(problems.prefix(Self.problemsShown))
        return try await page(req, principal, errors: [FormError(field: "file", message: "The file has \(problems.count) line\(problems.count == 1 ? "" : "s") to fix; nothing was saved")],
                              problems: shown, more: problems.count - shown.count, status: .unprocessableEntity)
    }
}
