import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// The attendance upload page for schools and officers: the same file format, checks and importer
/// as `continuum import attendance`. A school may send only marks for its own URN; a file with any
/// bad line is refused whole with its lines listed (the first 1,000 problems kept, the rest
/// counted), and nothing from it is saved. A school's marks for pupils not on its roll are held
/// for an officer (issue 13 item 5), and the school is told only how many rows were held.
struct AttendanceUploadController {
    static let uploaders: Set<Role> = [.administrator, .caseworker, .metCoordinator, .schoolUser]
    /// Roles that see a child's attendance strip (school users for their own pupils only, by scope).
    static let viewers: Set<Role> = [.administrator, .caseworker, .metCoordinator, .schoolUser]
    static let maximumBytes = 40 * 1024 * 1024
    static let problemsShown = 50

    struct UploadForm: Content { var file: File? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .attendanceUpload, roles: Self.uploaders, use: form)
        routes.secure(.POST, .attendanceUpload, roles: Self.uploaders, body: .collect(maxSize: "48mb"), use: upload)
    }

    private func page(_ req: Request, _ principal: Principal, errors: [FormError] = [], problems: [String] = [], more: Int = 0,
                      notice: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        var content: [HTMLNode] = [
            notice.map { notificationBanner(heading: $0) } ?? .empty,
            h1("Upload attendance", caption: "Section 19: finding children missing school through illness"),
            p("Upload a CSV file with the header upn,urn,date,session,code: one row per session mark, date as YYYY-MM-DD, session AM or PM, and a 2024 DfE attendance code. Sending the same marks again changes nothing; a later mark for the same session corrects the earlier one."),
            principal.role == .schoolUser ? p("You can upload marks for your own school's pupils only. Marks for anyone not on your school's roll are held for the council to check.")
                : p([link("Attendance held for checking", href: SiteURL.attendanceHeld.path), txt(": marks schools sent for pupils not on their roll.")]),
        ]
        if !problems.isEmpty {
            content.append(table(caption: "Lines that need fixing (nothing from the file was saved)", captionSize: "s", headers: ["Problem"],
                                 rows: problems.map { [TableCell(text: $0)] }, firstCellIsHeader: false))
            if more > 0 { content.append(p("And \(ProblemLimit.grouped(more)) more problem\(more == 1 ? "" : "s").")) }
        }
        content.append(postForm(action: SiteURL.attendanceUpload.path, csrfToken: principal.csrfToken, enctype: "multipart/form-data", [
            textInput(Field(name: "file", label: "Attendance CSV file", hint: "Up to 40 MB", error: errors.message(for: "file"), type: "file")),
            button("Upload attendance"),
        ]))
        return .html(HTMLPage(title: "Upload attendance", chrome: try await req.chrome(for: principal, current: .attendanceUpload), errors: errors, content: content), status: status)
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
            return try await refuse(req, principal, error.problems.map(\.description), total: error.count)
        }
        let fileName = String((file.filename).prefix(120))
        var importer = AttendanceImporter(authorityID: principal.authorityID, today: CalendarDate.today(), actor: principal.auditActor)
        // HN-2: the authority's trigger in sessions (two a day).
        importer.thresholdSessions = try await req.serviceTargets(for: principal.authorityID).absenceTriggerDays * 2
        guard principal.role == .schoolUser else {
            // Officers may record marks for any pupil of the authority, as with `continuum import attendance`.
            let summary = try await importer.apply(marks, fileName: fileName, on: req.db)
            marks.removeAll()
            return try await page(req, principal, notice: "Attendance uploaded: \(summary.line)" + Self.identified(summary))
        }
        guard let schoolID = principal.schoolID, let school = try await Establishment.find(schoolID, on: req.db) else { throw Abort(.notFound) }
        // A school reports its own registers: marks for another URN are refused by line (rows start on line 2).
        var foreign = ProblemCollector<String>()
        for (offset, mark) in marks.enumerated() where mark.urn != school.urn {
            foreign.add("line \(offset + 2): URN \(mark.urn) is not your school (\(school.urn))")
        }
        if !foreign.isEmpty { return try await refuse(req, principal, foreign.kept, total: foreign.count) }
        let summary = try await applyForSchool(req, principal, school: school, marks: marks, fileName: fileName, importer: importer)
        marks.removeAll()
        return try await page(req, principal, notice: "Attendance uploaded: \(summary.schoolLine)" + Self.identified(summary))
    }

    private static func identified(_ summary: AttendanceImportSummary) -> String {
        summary.identificationsCreated > 0 ? "; \(summary.identificationsCreated) new early identification(s)" : ""
    }

    /// Applies a school's marks for the pupils on its roll and holds the rest for an officer, in
    /// one transaction with their audit rows.
    private func applyForSchool(_ req: Request, _ principal: Principal, school: Establishment, marks: [AttendanceMark], fileName: String,
                                importer: AttendanceImporter) async throws -> AttendanceImportSummary {
        // The roll is the school user's scope: this authority's children whose home school is theirs.
        let scoped = try await ChildRepository(principal: principal, db: req.db).scoped()
        let upnsOnRoll = try await scoped?.filter(\.$upn != nil).all(\.$upn) ?? []
        let roll = Set(upnsOnRoll.compactMap { $0.flatMap { PackedUPN($0) } })
        let split = AttendanceRoll.split(marks, roll: roll)
        var held: HeldAttendance?
        if !split.held.isEmpty {
            let upns = Set(split.held.map(\.upn))
            guard let sql = req.db as? any SQLDatabase else { throw AttendanceImportError.notSQL }
            // For the officer's list only: how many held UPNs are children of this council at all.
            let known = try await AttendanceImporter.children(authorityID: principal.authorityID, upns: upns, on: sql).count
            let item = HeldAttendance()
            item.$authority.id = principal.authorityID
            item.urn = school.urn; item.schoolID = school.id; item.schoolName = school.name
            item.uploadedByUserID = principal.userID; item.uploadedBy = "\(principal.displayName) (\(principal.email))"
            item.fileName = fileName.isEmpty ? "attendance.csv" : fileName
            item.receivedAt = Date(); item.rowCount = split.held.count; item.upnCount = upns.count; item.knownUPNCount = known
            item.rows = AttendanceFile.csv(split.held); item.status = HeldAttendance.Status.pending.rawValue
            held = item
        }
        let heldRows = split.held.count
        return try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { [held] tx in
            var entries: [AuditEntry] = []
            var summary = AttendanceImportSummary()
            if !split.onRoll.isEmpty || held == nil {
                let applied = try await importer.apply(split.onRoll, fileName: fileName, inTransaction: tx)
                entries = applied.entries
                summary = applied.summary
            }
            if let held {
                try await held.create(on: tx)
                entries.append(AuditEntry(action: "attendance.held", entityType: "held_attendance", entityID: held.id?.uuidString,
                                          detail: "urn=\(held.urn) rows=\(held.rowCount) upns=\(held.upnCount) known=\(held.knownUPNCount) file=\(held.fileName)"))
            }
            summary.heldRows = heldRows
            return (entries, summary)
        }
    }

    /// Refuses a file, showing the first problems; `total` counts every problem found, kept or not.
    private func refuse(_ req: Request, _ principal: Principal, _ problems: [String], total: Int) async throws -> Response {
        let shown = Array(problems.prefix(Self.problemsShown))
        return try await page(req, principal, errors: [FormError(field: "file", message: "The file has \(ProblemLimit.grouped(total)) problem\(total == 1 ? "" : "s") to fix; nothing was saved")],
                              problems: shown, more: total - shown.count, status: .unprocessableEntity)
    }
}
