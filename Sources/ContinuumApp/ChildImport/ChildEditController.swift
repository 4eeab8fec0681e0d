import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Adding a child by hand and changing a child's details, for officers. Changes use optimistic
/// locking (the form carries the version it was drawn from), and every create, change and read
/// of the form is audited in the same transaction.
struct ChildEditController {
    static let editors: Set<Role> = [.administrator, .caseworker]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .childrenNew, roles: Self.editors, use: newForm)
        routes.secure(.POST, .childrenNew, roles: Self.editors, use: create)
        routes.secure(.GET, .childPart(.key, .edit), roles: Self.editors, use: editForm)
        routes.secure(.POST, .childPart(.key, .edit), roles: Self.editors, use: update)
    }

    /// Raised inside the transaction when the stored version moved on since the form was drawn.
    struct StaleVersion: Error {}

    @Sendable func newForm(_ req: Request, _ principal: Principal) async throws -> Response {
        var form = ChildForm()
        form.senProvision = SENProvision.none.rawValue
        return .html(ChildEditPages.form(chrome: try await req.chrome(for: principal, current: .children), csrf: principal.csrfToken,
                                         mode: .add, form: form))
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ChildForm.self)) ?? ChildForm()
        let (checked, errors) = try await check(form, principal: principal, db: req.db, excluding: nil)
        guard let details = checked.details else {
            return .html(ChildEditPages.form(chrome: try await req.chrome(for: principal, current: .children), csrf: principal.csrfToken,
                                             mode: .add, form: form, errors: errors), status: .unprocessableEntity)
        }
        let authorityID = principal.authorityID, schoolID = checked.schoolID
        let id = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let child = Child(id: UUID(), authorityID: authorityID, legalForename: details.legalForename, legalSurname: details.legalSurname,
                              preferredName: details.preferredName, dateOfBirth: details.dateOfBirth, upn: details.upn?.value, sex: details.sex,
                              homePostcode: details.homePostcode?.value, confidentialAddress: details.confidentialAddress, homeSchoolID: schoolID,
                              senProvision: details.senProvision, primaryNeed: details.primaryNeed, secondaryNeed: details.secondaryNeed)
            try await child.create(on: db)
            return ([AuditEntry(action: "child.created", entityType: "child", entityID: child.id?.uuidString, childID: child.id, detail: "added by hand")], child.id!)
        }
        return req.redirect(to: SiteURL.child(.value(ChildID(id))).path, redirectType: .normal)
    }

    @Sendable func editForm(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        let urn = try await child.$homeSchool.get(on: req.db)?.urn
        try await AuditLog.record(AuditEntry(action: "child.view", entityType: "child", entityID: child.id?.uuidString, childID: child.id, detail: "change details form"),
                                  by: principal.auditActor, on: req.db)
        return .html(ChildEditPages.form(chrome: try await req.chrome(for: principal, current: .children), csrf: principal.csrfToken,
                                         mode: .edit(child.id!, name: child.fullName), form: ChildForm(child, schoolURN: urn)))
    }

    @Sendable func update(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        let childID = try child.requireID()
        let form = (try? req.content.decode(ChildForm.self)) ?? ChildForm()
        let (checked, errors) = try await check(form, principal: principal, db: req.db, excluding: childID)
        guard let details = checked.details else {
            return .html(ChildEditPages.form(chrome: try await req.chrome(for: principal, current: .children), csrf: principal.csrfToken,
                                             mode: .edit(childID, name: child.fullName), form: form, errors: errors), status: .unprocessableEntity)
        }
        let back = SiteURL.child(.value(ChildID(childID)))
        guard let version = Int(form.value(form.version)) else {
            return try await ConflictPage.response(req, principal, thing: "child's record", back: back.path, section: .children)
        }
        let schoolID = checked.schoolID
        do {
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                // Read again inside the transaction, so two people saving at once can't both win.
                guard let current = try await Child.find(childID, on: db), current.version == version else { throw StaleVersion() }
                let changed = details.apply(to: current, schoolID: schoolID)
                guard !changed.isEmpty else { return ([], ()) }
                current.version += 1
                current.searchKey = Child.searchKey(forename: current.legalForename, surname: current.legalSurname, preferred: current.preferredName, upn: current.upn)
                try await current.save(on: db)
                // Field names only, never values: needs and addresses are special-category detail.
                return ([AuditEntry(action: "child.updated", entityType: "child", entityID: childID.uuidString, childID: childID,
                                    detail: "changed \(changed.joined(separator: ", "))")], ())
            }
        } catch is StaleVersion {
            return try await ConflictPage.response(req, principal, thing: "child's record", back: back.path, section: .children)
        }
        return req.redirect(to: back.path, redirectType: .normal)
    }


    struct Checked: Sendable { var details: ChildDetails?; var schoolID: UUID? }

    /// The form's own checks, then the two that need the database: the UPN is not another child's
    /// in this authority (there is a unique index on it), and the home school exists.
    private func check(_ form: ChildForm, principal: Principal, db: any Database, excluding childID: UUID?) async throws -> (Checked, [FormError]) {
        let (details, formErrors) = form.check(today: CalendarDate.today())
        var errors = formErrors
        if let raw = UPN.validate(form.value(form.upn)).upn {
            let query = Child.query(on: db).filter(\.$authority.$id == principal.authorityID).filter(\.$upn == raw.value)
            if let childID { query.filter(\.$id != childID) }
            if try await query.count() > 0 {
                errors.append(FormError(field: "upn", message: "Another child in this council already has the UPN \(raw.value): check it, or find that child in the children list"))
            }
        }
        var schoolID: UUID?
        if !formErrors.contains(where: { $0.field == "homeSchoolURN" }), let urn = Int(form.value(form.homeSchoolURN)) {
            if let school = try await Establishment.query(on: db).filter(\.$urn == urn).first() { schoolID = school.id }
            else { errors.append(FormError(field: "homeSchoolURN", message: "There is no school with URN \(urn): check the number, or import the GIAS establishments first")) }
        }
        // Errors in the order the fields appear, so the summary reads down the page.
        let order = ["legalForename", "legalSurname", "preferredName", "dateOfBirth", "sex", "upn", "homePostcode", "homeSchoolURN", "senProvision", "primaryNeed", "secondaryNeed"]
        errors.sort { (order.firstIndex(of: $0.field) ?? order.count) < (order.firstIndex(of: $1.field) ?? order.count) }
        return (Checked(details: errors.isEmpty ? details : nil, schoolID: schoolID), errors)
    }
}
