import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Officers decide on the attendance rows held from schools' uploads (issue 13 item 5): the list,
/// accept (the rows go through the normal importer, audited) and reject (the rows are discarded).
/// School users never reach these pages.
struct HeldAttendanceController {
    static let officers: Set<Role> = [.administrator, .caseworker, .metCoordinator]
    static let pageLimit = 200

    struct DecisionForm: Content { var held: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .attendanceHeld, roles: Self.officers, use: list)
        routes.secure(.POST, .attendanceHeldDecision(.accept), roles: Self.officers, use: accept)
        routes.secure(.POST, .attendanceHeldDecision(.reject), roles: Self.officers, use: reject)
    }

    /// The list without the rows themselves (a held upload may be tens of megabytes).
    private func page(_ req: Request, _ principal: Principal, errors: [FormError] = [], notice: String? = nil,
                      status: HTTPStatus = .ok) async throws -> Response {
        let items = try await HeldAttendance.query(on: req.db).filter(\.$authority.$id == principal.authorityID)
            .field(\.$id).field(\.$urn).field(\.$schoolName).field(\.$uploadedBy).field(\.$fileName)
            .field(\.$receivedAt).field(\.$rowCount).field(\.$upnCount).field(\.$knownUPNCount).field(\.$status)
            .field(\.$decidedBy).field(\.$decidedAt).field(\.$outcome)
            .sort(\.$receivedAt, .descending).limit(Self.pageLimit).all()
        let pending = try await HeldAttendance.query(on: req.db).filter(\.$authority.$id == principal.authorityID)
            .filter(\.$status == HeldAttendance.Status.pending.rawValue).count()
        let rows = items.map {
            HeldAttendancePages.Row(id: $0.id!, received: $0.receivedAt, school: $0.schoolName, urn: $0.urn, uploadedBy: $0.uploadedBy,
                                    fileName: $0.fileName, rows: $0.rowCount, upns: $0.upnCount, knownUPNs: $0.knownUPNCount,
                                    status: $0.statusValue, decidedBy: $0.decidedBy, decidedAt: $0.decidedAt, outcome: $0.outcome)
        }
        return .html(HeldAttendancePages.list(chrome: try await req.chrome(for: principal, current: .attendanceHeld), rows: rows, pending: pending,
                                              limit: Self.pageLimit, csrf: principal.csrfToken, errors: errors, notice: notice), status: status)
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let notice: String? = switch try? req.query.get(String.self, at: "done") {
        case "accepted"?: "The held rows were accepted and applied"
        case "rejected"?: "The held rows were rejected and discarded"
        default: nil
        }
        return try await page(req, principal, notice: notice)
    }

    /// The pending upload named by the form, in this authority; a missing id goes back to the list,
    /// and another authority's (or a made-up) id is the same 404, audited.
    private func held(_ req: Request, _ principal: Principal) async throws -> UUID? {
        guard let text = (try? req.content.decode(DecisionForm.self))?.held, let id = UUID(uuidString: text) else { return nil }
        let found = try await HeldAttendance.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).count()
        guard found == 1 else {
            try await AuditLog.record(AuditEntry(action: "attendance.held.denied", entityType: "held_attendance", entityID: id.uuidString),
                                      by: principal.auditActor, on: req.db)
            throw Abort(.notFound)
        }
        return id
    }

    private func alreadyDecided(_ req: Request, _ principal: Principal) async throws -> Response {
        try await page(req, principal, errors: [FormError(field: "held", message: "Those rows were already decided by someone else: see the list below")],
                       status: .unprocessableEntity)
    }

    @Sendable func accept(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = try await held(req, principal) else { return req.redirect(to: SiteURL.attendanceHeld.path) }
        var importer = AttendanceImporter(authorityID: principal.authorityID, today: CalendarDate.today(), actor: principal.auditActor)
        // HN-2: the authority's trigger in sessions (two a day), as for any upload.
        importer.thresholdSessions = try await req.serviceTargets(for: principal.authorityID).absenceTriggerDays * 2
        let decider = "\(principal.displayName) (\(principal.email))", userID = principal.userID
        let done: Bool = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { [importer] tx in
            // Re-read inside the transaction (which holds the audit chain's lock): two officers pressing at once apply it once.
            guard let item = try await HeldAttendance.query(on: tx).filter(\.$id == id).filter(\.$status == HeldAttendance.Status.pending.rawValue).first() else {
                return ([], false)
            }
            let marks = try AttendanceFile.parse(item.rows)
            let applied = try await importer.apply(marks, fileName: "held \(id.uuidString) (\(item.fileName))", inTransaction: tx)
            item.status = HeldAttendance.Status.accepted.rawValue
            item.decidedBy = decider; item.decidedByUserID = userID; item.decidedAt = Date()
            item.outcome = applied.summary.line
            try await item.save(on: tx)
            return ([AuditEntry(action: "attendance.held.accepted", entityType: "held_attendance", entityID: id.uuidString,
                                detail: "urn=\(item.urn) rows=\(item.rowCount) upns=\(item.upnCount) \(applied.summary.line)")] + applied.entries, true)
        }
        guard done else { return try await alreadyDecided(req, principal) }
        return req.redirect(to: SiteURL.attendanceHeld.path(["done": "accepted"]))
    }

    @Sendable func reject(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = try await held(req, principal) else { return req.redirect(to: SiteURL.attendanceHeld.path) }
        let decider = "\(principal.displayName) (\(principal.email))", userID = principal.userID
        let done: Bool = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { tx in
            guard let item = try await HeldAttendance.query(on: tx).filter(\.$id == id).filter(\.$status == HeldAttendance.Status.pending.rawValue).first() else {
                return ([], false)
            }
            item.status = HeldAttendance.Status.rejected.rawValue
            item.decidedBy = decider; item.decidedByUserID = userID; item.decidedAt = Date()
            item.outcome = "rejected; the rows were discarded"
            // Marks about children outside the school's scope are not kept once refused.
            item.rows = Data()
            try await item.save(on: tx)
            return ([AuditEntry(action: "attendance.held.rejected", entityType: "held_attendance", entityID: id.uuidString,
                                detail: "urn=\(item.urn) rows=\(item.rowCount) upns=\(item.upnCount)")], true)
        }
        guard done else { return try await alreadyDecided(req, principal) }
        return req.redirect(to: SiteURL.attendanceHeld.path(["done": "rejected"]))
    }
}
