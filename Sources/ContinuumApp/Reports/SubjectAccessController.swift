import Fluent
import Foundation
import SQLKit
import Vapor
import ZIPFoundation
import GOVUK
import ContinuumDomain

/// Subject access requests for administrators: log each with its received date, see its deadline
/// (the UK GDPR one-month rule, or the extended date), mark it answered, and export everything held
/// on the child as one zip, built by the same `SubjectAccessExport` as `continuum export subject-access`.
struct SubjectAccessController {
    static let roles: Set<Role> = Roles.administrators
    static let section: SiteURL = .reports
    static let listLimit = 500

    struct LogForm: Content {
        var upn: String?
        var received: String?
        var requester: String?
        var extended: String?
        var reason: String?
    }

    struct CompleteForm: Content {
        var completed: String?
        var version: Int?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .adminSubjectAccess, roles: Self.roles, use: list)
        routes.secure(.POST, .adminSubjectAccess, roles: Self.roles, use: log)
        routes.secure(.GET, .adminSubjectAccessRequest(.key), roles: Self.roles, use: show)
        routes.secure(.POST, .adminSubjectAccessRequest(.key), roles: Self.roles, use: complete)
        routes.secure(.GET, .adminSubjectAccessExport(.key), roles: Self.roles, use: export)
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        try await listPage(req, principal, form: LogForm(), errors: [], status: .ok)
    }

    private func listPage(_ req: Request, _ principal: Principal, form: LogForm, errors: [FormError], status: HTTPStatus) async throws -> Response {
        let requests = try await SubjectAccessRequest.query(on: req.db).filter(\.$authority.$id == principal.authorityID)
            .with(\.$child).sort(\.$receivedOn, .descending).sort(\.$id).limit(Self.listLimit).all()
        try await AuditLog.record(AuditEntry(action: "subject_access.listed", entityType: "subject_access_request", detail: "\(requests.count) requests"),
                                  by: principal.auditActor, on: req.db)
        return .html(SubjectAccessPages.list(chrome: try await req.chrome(for: principal, current: Self.section), requests: requests, today: .today(),
                                             form: form, csrf: principal.csrfToken, errors: errors), status: status)
    }

    @Sendable func log(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(LogForm.self)) ?? LogForm()
        var errors: [FormError] = []
        var child: Child?
        switch UPN.validate(form.upn ?? "") {
        case .invalid(let reason): errors.append(FormError(field: "upn", message: reason == UPN.emptyReason ? "Enter the child's UPN" : "UPN: \(reason)"))
        case .valid(let upn):
            child = try await Child.query(on: req.db).filter(\.$authority.$id == principal.authorityID).filter(\.$upn == upn.value).first()
            if child == nil { errors.append(FormError(field: "upn", message: "No child with this UPN in your authority")) }
        }
        let receivedText = (form.received ?? "").trimmingCharacters(in: .whitespaces)
        let received = DateInput.parse(receivedText)
        if receivedText.isEmpty { errors.append(FormError(field: "received", message: "Enter the date the request was received")) }
        else if received == nil { errors.append(FormError(field: "received", message: "Date received must be a real date, for example 15 1 2026")) }
        else if received! > .today() { errors.append(FormError(field: "received", message: "Date received must be today or in the past")) }
        let requester = (form.requester ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if requester.isEmpty { errors.append(FormError(field: "requester", message: "Enter the name of the person making the request")) }
        else if requester.count > 200 { errors.append(FormError(field: "requester", message: "Requester's name must be 200 characters or fewer")) }
        let extended = form.extended == "yes"
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if extended && reason.isEmpty { errors.append(FormError(field: "reason", message: "Enter why the deadline is extended")) }
        else if reason.count > 1000 { errors.append(FormError(field: "reason", message: "Reason for extending must be 1000 characters or fewer")) }
        guard errors.isEmpty, let child, let childID = child.id, let received else {
            return try await listPage(req, principal, form: form, errors: errors, status: .unprocessableEntity)
        }
        let item = SubjectAccessRequest(authorityID: principal.authorityID, childID: childID, received: received, requesterName: requester,
                                        extensionReason: extended ? reason : nil, loggedByName: principal.displayName)
        let id: UUID = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { tx in
            try await item.create(on: tx)
            let id = try item.requireID()
            return ([AuditEntry(action: "subject_access.logged", entityType: "subject_access_request", entityID: id.uuidString, childID: childID,
                                detail: "received=\(received) due=\(item.due)\(extended ? " extended" : "")")], id)
        }
        return req.redirect(to: SiteURL.adminSubjectAccessRequest(.value(id)).path, redirectType: .normal)
    }

    /// The request, only within the administrator's authority (else 404).
    private func find(_ req: Request, _ principal: Principal) async throws -> SubjectAccessRequest {
        guard let id = req.parameters.get("requestID", as: UUID.self),
              let item = try await SubjectAccessRequest.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID)
                .with(\.$child).first() else { throw Abort(.notFound) }
        return item
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await find(req, principal)
        try await AuditLog.record(AuditEntry(action: "subject_access.viewed", entityType: "subject_access_request", entityID: item.id?.uuidString, childID: item.$child.id),
                                  by: principal.auditActor, on: req.db)
        return try await showPage(req, principal, item, completed: CalendarDate.today().description, errors: [], status: .ok)
    }

    private func showPage(_ req: Request, _ principal: Principal, _ item: SubjectAccessRequest, completed: String, errors: [FormError], status: HTTPStatus) async throws -> Response {
        .html(SubjectAccessPages.show(chrome: try await req.chrome(for: principal, current: Self.section), item: item, today: .today(),
                                      completed: completed, csrf: principal.csrfToken, errors: errors), status: status)
    }

    @Sendable func complete(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await find(req, principal)
        let form = (try? req.content.decode(CompleteForm.self)) ?? CompleteForm()
        let text = (form.completed ?? "").trimmingCharacters(in: .whitespaces)
        let date = DateInput.parse(text)
        var errors: [FormError] = []
        if text.isEmpty { errors.append(FormError(field: "completed", message: "Enter the date the response was sent")) }
        else if date == nil { errors.append(FormError(field: "completed", message: "Date sent must be a real date, for example 15 1 2026")) }
        else if date! > .today() { errors.append(FormError(field: "completed", message: "Date sent must be today or in the past")) }
        else if date! < item.receivedOn { errors.append(FormError(field: "completed", message: "Date sent must be on or after the date the request was received")) }
        guard errors.isEmpty, let date else { return try await showPage(req, principal, item, completed: text, errors: errors, status: .unprocessableEntity) }
        let back = SiteURL.adminSubjectAccessRequest(.value(item.id!))
        guard form.version == item.version, item.completedOn == nil else {
            return try await ConflictPage.response(req, principal, thing: "subject access request", back: back.path, section: Self.section)
        }
        let id = try item.requireID(), childID = item.$child.id, version = item.version
        let saved: Bool = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { tx in
            // Only the version the form was made from is changed, so two people completing at once can't both succeed.
            try await SubjectAccessRequest.query(on: tx).filter(\.$id == id).filter(\.$version == version)
                .set(\.$completedOn, to: date).set(\.$version, to: version + 1).update()
            let changed = try await SubjectAccessRequest.query(on: tx).filter(\.$id == id).filter(\.$version == version + 1).count() == 1
            return (changed ? [AuditEntry(action: "subject_access.completed", entityType: "subject_access_request", entityID: id.uuidString, childID: childID,
                                          detail: "completed=\(date)")] : [], changed)
        }
        guard saved else { return try await ConflictPage.response(req, principal, thing: "subject access request", back: back.path, section: Self.section) }
        return req.redirect(to: back.path, redirectType: .normal)
    }

    /// Everything held on the child as a zip: gathered into a private temporary folder, zipped, streamed
    /// back, and the folder removed once the response has been sent (or at once, on failure).
    @Sendable func export(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await find(req, principal)
        guard let child = item.child as Child?, let childID = child.id else { throw Abort(.notFound) }
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let fm = FileManager.default
        let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("continuum-sar-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let folder = work.appendingPathComponent("subject-access")
        let zip = work.appendingPathComponent("subject-access.zip")
        let gathered: SubjectAccessExport.Result
        do {
            // Administrators only, who see every field; the field policy is asked all the same, so it stays the one rule.
            gathered = try await SubjectAccessExport(sql: sql, childID: childID, withheld: FieldPolicy(principal: principal).withheld)
                .write(upn: child.upn, received: item.receivedOn, to: folder.path, dataDirectory: req.application.continuumConfiguration.dataDirectory)
            try fm.zipItem(at: folder, to: zip, shouldKeepParent: false)
            // The export is a read of the child's whole record.
            try await AuditLog.record(AuditEntry(action: "subject_access.export", entityType: "child", entityID: childID.uuidString, childID: childID,
                                                 detail: "request \(item.id!.uuidString): \(gathered.rowCount) rows, \(gathered.documents.count) documents"),
                                      by: principal.auditActor, on: req.db)
        } catch {
            try? fm.removeItem(at: work)
            throw error
        }
        let response = try await req.fileio.asyncStreamFile(at: zip.path, mediaType: HTTPMediaType(type: "application", subType: "zip")) { _ in
            try? FileManager.default.removeItem(at: work)
        }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"subject-access-\(item.id!.uuidString.prefix(8)).zip\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
