import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Administrators manage accounts in their own authority: invitations by email with a one-time set-up
/// link (a parent or carer linked to their child), a spreadsheet import, and disabling, which ends the
/// account's sessions at once.
struct UsersController {
    let config: AppConfiguration

    /// Per-role input type: the form decodes into this, never into the model (no mass assignment).
    struct NewUserForm: Content {
        var email: String?; var displayName: String?; var role: String?; var schoolURN: String?
        var childUPN: String?; var relationship: String?; var parentalResponsibility: String?
    }
    struct ImportForm: Content { var file: File? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .adminUsers, roles: Roles.administrators, use: list)
        routes.secure(.GET, .adminUsersNew, roles: Roles.administrators, use: newForm)
        routes.secure(.POST, .adminUsers, roles: Roles.administrators, use: create)
        routes.secure(.GET, .adminUsersImport, roles: Roles.administrators, use: importForm)
        routes.secure(.POST, .adminUsersImport, roles: Roles.administrators, body: .collect(maxSize: "1mb"), use: importFile)
        routes.secure(.GET, .adminUser(.key), roles: Roles.administrators, use: show)
        routes.secure(.POST, .adminUserAction(.key, .disable), roles: Roles.administrators, use: disable)
        routes.secure(.POST, .adminUserAction(.key, .enable), roles: Roles.administrators, use: enable)
        routes.secure(.POST, .adminUserAction(.key, .setupLink), roles: Roles.administrators, use: resendLink)
    }

    private func scopedUser(_ req: Request, _ principal: Principal) async throws -> User {
        guard let id = req.parameters.get("userID", as: UserID.self),
              let user = try await User.query(on: req.db).filter(\.$id == id.rawValue).filter(\.$authority.$id == principal.authorityID).with(\.$school).first()
        else { throw Abort(.notFound) }
        return user
    }

    private static func status(_ user: User) -> HTMLNode {
        if user.isDisabled { return tag("Disabled", .red) }
        if PendingPassword.isPending(user.passwordHash) { return tag("Invited: not set up yet", .yellow) }
        return tag("Active", .green)
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let users = try await User.query(on: req.db).filter(\.$authority.$id == principal.authorityID).with(\.$school).sort(\.$email).all()
        let chrome = try await req.chrome(for: principal, current: .adminUsers)
        let notice = req.query[String.self, at: "imported"].map { "\($0) people invited" }
        return .html(HTMLPage(title: "Users", chrome: chrome, banner: notice.map { notificationBanner(heading: $0) }, content: [
            h1("Users and roles"),
            p([link("Invite a user", href: SiteURL.adminUsersNew.path), txt(" or "), link("invite several from a spreadsheet", href: SiteURL.adminUsersImport.path)]),
            table(caption: "\(users.count) users", headers: ["Email address", "Name", "Role", "School", "Two-factor", "Status"], rows: users.map { u in
                [TableCell(link(u.email, href: u.id.map { SiteURL.adminUser(.value(UserID($0))).path } ?? SiteURL.adminUsers.path)), TableCell(text: u.displayName), TableCell(text: u.role.displayName),
                 TableCell(text: u.school?.name ?? "—"), TableCell(u.totpEnabled ? tag("On", .green) : tag("Off", .grey)), TableCell(Self.status(u))]
            }),
        ]))
    }

    private func formPage(_ req: Request, _ principal: Principal, form: NewUserForm, errors: [FormError]) async throws -> HTMLPage {
        let chrome = try await req.chrome(for: principal, current: .adminUsers)
        return HTMLPage(title: "Invite a user", chrome: chrome, errors: errors, backLink: SiteURL.adminUsers.path, content: [
            gridRow([("two-thirds", [
                h1("Invite a user"),
                p("The person gets an email with a link to set up their account. The link works once, for 72 hours. Staff set up two-factor authentication as they do."),
                postForm(action: SiteURL.adminUsers.path, csrfToken: principal.csrfToken, [
                    textInput(Field(name: "email", label: "Email address", value: form.email ?? "", error: errors.message(for: "email"), type: "email", autocomplete: "off", spellcheck: false)),
                    textInput(Field(name: "displayName", label: "Full name", value: form.displayName ?? "", error: errors.message(for: "displayName"), autocomplete: "off")),
                    radios(Field(name: "role", label: "Role", value: form.role ?? "", error: errors.message(for: "role")),
                           options: Role.allCases.map { Option($0.rawValue, $0.displayName) }),
                    textInput(Field(name: "schoolURN", label: "School URN (school users only)", value: form.schoolURN ?? "", hint: "The 6-digit unique reference number from Get Information about Schools",
                                    error: errors.message(for: "schoolURN"), widthClass: "govuk-input--width-10", inputMode: "numeric")),
                    textInput(Field(name: "childUPN", label: "Child's UPN (parents and carers only)", value: form.childUPN ?? "",
                                    hint: "The unique pupil number of the child this parent or carer may see, for example H801200001001",
                                    error: errors.message(for: "childUPN"), widthClass: "govuk-input--width-20", spellcheck: false)),
                    textInput(Field(name: "relationship", label: "Relationship to the child (parents and carers only)", value: form.relationship ?? "",
                                    hint: "For example mother, father, grandparent, foster carer", error: errors.message(for: "relationship"), widthClass: "govuk-input--width-20")),
                    radios(Field(name: "parentalResponsibility", label: "Do they hold parental responsibility? (parents and carers only)", value: form.parentalResponsibility ?? "",
                                 error: errors.message(for: "parentalResponsibility")), options: [Option("yes", "Yes"), Option("no", "No")], inline: true),
                    button("Send invitation"),
                ]),
            ])]),
        ])
    }

    @Sendable func newForm(_ req: Request, _ principal: Principal) async throws -> Response {
        .html(try await formPage(req, principal, form: NewUserForm(), errors: []))
    }

    /// The child a parent is linked to: found by UPN within the administrator's authority only.
    private static func parentLink(role: Role?, upn rawUPN: String?, relationship rawRelationship: String?, pr: String?,
                                   authorityID: UUID, on db: any Database) async throws -> (UserInvitation.ParentLink?, [FormError]) {
        let upnText = (rawUPN ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let relationship = (rawRelationship ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard role == .parentCarer else {
            var errors: [FormError] = []
            if !upnText.isEmpty { errors.append(FormError(field: "childUPN", message: "Only parents and carers are linked to a child; leave the UPN empty")) }
            return (nil, errors)
        }
        var errors: [FormError] = []
        var childID: UUID?
        if upnText.isEmpty { errors.append(FormError(field: "childUPN", message: "Enter the UPN of the parent's or carer's child")) }
        else if case .invalid(let reason) = UPN.validate(upnText) { errors.append(FormError(field: "childUPN", message: "Enter a valid UPN: \(reason)")) }
        else if let child = try await Child.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$upn == upnText).first() { childID = child.id }
        else { errors.append(FormError(field: "childUPN", message: "There is no child with UPN \(upnText) in this council's records")) }
        if relationship.isEmpty { errors.append(FormError(field: "relationship", message: "Enter their relationship to the child")) }
        else if relationship.count > 60 { errors.append(FormError(field: "relationship", message: "Relationship must be 60 characters or fewer")) }
        guard pr == "yes" || pr == "no" else {
            errors.append(FormError(field: "parentalResponsibility", message: "Select whether they hold parental responsibility"))
            return (nil, errors)
        }
        guard errors.isEmpty, let childID else { return (nil, errors) }
        return (UserInvitation.ParentLink(childID: childID, relationship: relationship, parentalResponsibility: pr == "yes"), [])
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(NewUserForm.self)) ?? NewUserForm()
        let result = try await UserCreation.validate(email: form.email, displayName: form.displayName, role: form.role, schoolURN: form.schoolURN, on: req.db)
        let role = form.role.flatMap { Role(rawValue: $0) }
        let (link, linkErrors) = try await Self.parentLink(role: role, upn: form.childUPN, relationship: form.relationship, pr: form.parentalResponsibility,
                                                           authorityID: principal.authorityID, on: req.db)
        var errors = linkErrors
        if case .invalid(let found) = result { errors = found + errors }
        guard errors.isEmpty, case .valid(let input) = result else {
            return .html(try await formPage(req, principal, form: form, errors: errors), status: .unprocessableEntity)
        }
        let council = try await req.application.branding.brand(for: principal.authorityID, on: req.db).name
        let config = self.config
        let invited = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let (invited, entries) = try await UserInvitation.invite(input, parent: link, authorityID: principal.authorityID, councilName: council, config: config, on: db)
            return (entries, invited)
        }
        return .html(try await invitedPage(req, principal, [invited]))
    }

    /// Shown once: the links, for when email is not set up yet or the person needs it another way.
    private func invitedPage(_ req: Request, _ principal: Principal, _ invited: [UserInvitation.Invited]) async throws -> HTMLPage {
        let chrome = try await req.chrome(for: principal, current: .adminUsers)
        let title = invited.count == 1 ? "Invitation queued" : "\(invited.count) invitations queued"
        return HTMLPage(title: title, chrome: chrome, content: [
            panel(title: title, body: invited.count == 1 ? invited[0].email : "Each person has an email in the outbox"),
            p("The invitation emails are in the outbox and are sent when email delivery (GOV.UK Notify) is set up. If it is not set up yet, or an email does not arrive, give the person their link through a separate, secure channel. Each link works once, for 72 hours, and is shown only on this page."),
            table(caption: "Set-up links", headers: ["Email address", "Name", "Set-up link"], rows: invited.map {
                [TableCell(text: $0.email), TableCell(text: $0.displayName), TableCell(el("code", [.cls("app-code")], text: $0.setupURL))]
            }),
            p([link("Back to users", href: SiteURL.adminUsers.path)]),
        ])
    }

    private func importPage(_ req: Request, _ principal: Principal, errors: [FormError]) async throws -> HTMLPage {
        let chrome = try await req.chrome(for: principal, current: .adminUsers)
        return HTMLPage(title: "Invite users from a spreadsheet", chrome: chrome, errors: errors, backLink: SiteURL.adminUsers.path, content: [
            gridRow([("two-thirds", [
                h1("Invite users from a spreadsheet"),
                p("Save the spreadsheet as CSV with this first line, then one person a line:"),
                p([el("code", [.cls("app-code")], text: UserImportFile.header.joined(separator: ","))]),
                GOVUK.list([
                    txt("role: one of " + Role.allCases.map(\.rawValue).joined(separator: ", ")),
                    txt("school_urn: for school users only"),
                    txt("child_upn, relationship and parental_responsibility (yes or no): for parents and carers only"),
                ], bullet: true),
                p("If any line has a problem, nobody is invited and each problem is listed with its line number."),
                postForm(action: SiteURL.adminUsersImport.path, csrfToken: principal.csrfToken, enctype: "multipart/form-data", [
                    el("div", [.cls("govuk-form-group" + (errors.isEmpty ? "" : " govuk-form-group--error"))], [
                        el("label", [.cls("govuk-label"), Attr("for", "file")], text: "CSV file of people to invite"),
                        errors.isEmpty ? .empty : el("p", [.cls("govuk-error-message"), .id("file-error")], [el("span", [.cls("govuk-visually-hidden")], text: "Error:"), txt(" The file was not imported")]),
                        void("input", [.cls("govuk-file-upload"), .id("file"), Attr("name", "file"), Attr("type", "file"), Attr("accept", ".csv,text/csv"),
                                       Attr("aria-describedby", errors.isEmpty ? nil : "file-error")]),
                    ]),
                    button("Invite these people"),
                ]),
            ])]),
        ])
    }

    @Sendable func importForm(_ req: Request, _ principal: Principal) async throws -> Response {
        .html(try await importPage(req, principal, errors: []))
    }

    @Sendable func importFile(_ req: Request, _ principal: Principal) async throws -> Response {
        func refuse(_ problems: [String]) async throws -> Response {
            let shown = problems.prefix(50).map { FormError(field: "file", message: $0) }
            let more = problems.count > 50 ? [FormError(field: "file", message: "and \(problems.count - 50) more problems")] : []
            return .html(try await importPage(req, principal, errors: shown + more), status: .unprocessableEntity)
        }
        guard let file = (try? req.content.decode(ImportForm.self))?.file, file.data.readableBytes > 0 else { return try await refuse(["Choose a CSV file to import"]) }
        let rows: [UserImportFile.Row]
        switch UserImportFile.parse(Data(file.data.readableBytesView)) {
        case .problems(let problems): return try await refuse(problems)
        case .rows(let parsed): rows = parsed
        }
        // What needs the database: emails already taken anywhere, schools by URN, children by UPN in this council.
        var problems: [String] = []
        let taken = Set(try await User.query(on: req.db).filter(\.$email ~~ rows.map(\.email)).all(\.$email))
        let urns = Array(Set(rows.compactMap(\.schoolURN)))
        var schools: [Int: UUID] = [:]
        if !urns.isEmpty { for school in try await Establishment.query(on: req.db).filter(\.$urn ~~ urns).all() { schools[school.urn] = school.id } }
        let upns = Array(Set(rows.compactMap { $0.childUPN?.value }))
        var children: [String: UUID] = [:]
        if !upns.isEmpty {
            for child in try await Child.query(on: req.db).filter(\.$authority.$id == principal.authorityID).filter(\.$upn ~~ upns).all() {
                if let upn = child.upn { children[upn] = child.id }
            }
        }
        var plans: [(UserCreation.Input, UserInvitation.ParentLink?)] = []
        for row in rows {
            if taken.contains(row.email) { problems.append("Line \(row.line): a user with email address \(row.email) already exists") }
            var schoolID: UUID?
            if let urn = row.schoolURN { schoolID = schools[urn]; if schoolID == nil { problems.append("Line \(row.line): there is no establishment with URN \(urn)") } }
            var link: UserInvitation.ParentLink?
            if let upn = row.childUPN {
                if let childID = children[upn.value] {
                    link = UserInvitation.ParentLink(childID: childID, relationship: row.relationship ?? "Parent or carer", parentalResponsibility: row.parentalResponsibility)
                } else { problems.append("Line \(row.line): there is no child with UPN \(upn.value) in this council's records") }
            }
            plans.append((UserCreation.Input(email: row.email, displayName: row.name, role: row.role, schoolID: schoolID), link))
        }
        guard problems.isEmpty else { return try await refuse(problems) }
        let planned = plans
        let council = try await req.application.branding.brand(for: principal.authorityID, on: req.db).name
        let config = self.config
        let invited = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            var invited: [UserInvitation.Invited] = []
            var entries: [AuditEntry] = []
            for (input, link) in planned {
                let (person, rows) = try await UserInvitation.invite(input, parent: link, authorityID: principal.authorityID, councilName: council, config: config, on: db)
                invited.append(person); entries += rows
            }
            entries.append(AuditEntry(action: "users.imported", entityType: "user", detail: "\(invited.count) invited from a CSV file"))
            return (entries, invited)
        }
        return .html(try await invitedPage(req, principal, invited))
    }

    @Sendable func resendLink(_ req: Request, _ principal: Principal) async throws -> Response {
        let user = try await scopedUser(req, principal)
        let userID = try user.requireID()
        guard PendingPassword.isPending(user.passwordHash), !user.isDisabled else { return req.redirect(to: SiteURL.adminUser(.value(UserID(userID))).path) }
        let council = try await req.application.branding.brand(for: principal.authorityID, on: req.db).name
        let config = self.config
        let url = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let url = try await UserInvitation.issueLink(for: user, councilName: council, config: config, on: db)
            return ([AuditEntry(action: "user.setup_link_sent", entityType: "user", entityID: userID.uuidString)], url)
        }
        return .html(try await invitedPage(req, principal, [UserInvitation.Invited(userID: userID, email: user.email, displayName: user.displayName, setupURL: url)]))
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let user = try await scopedUser(req, principal)
        let userID = try user.requireID()
        let sessions = try await UserSession.query(on: req.db).filter(\.$user.$id == userID).filter(\.$endedAt == nil).count()
        let chrome = try await req.chrome(for: principal, current: .adminUsers)
        let action: SiteURL.UserAction = user.isDisabled ? .enable : .disable
        let pending = PendingPassword.isPending(user.passwordHash) && !user.isDisabled
        return .html(HTMLPage(title: user.email, chrome: chrome, backLink: SiteURL.adminUsers.path, content: [
            h1(user.displayName, caption: "User"),
            summaryList([
                SummaryRow("Email address", text: user.email),
                SummaryRow("Role", text: user.role.displayName),
                SummaryRow("School", text: user.school?.name ?? "—"),
                SummaryRow("Two-factor authentication", user.totpEnabled ? tag("On", .green) : tag("Off", .grey)),
                SummaryRow("Status", Self.status(user)),
                SummaryRow("Open sessions", text: String(sessions)),
            ]),
            pending ? postForm(action: SiteURL.adminUserAction(.value(UserID(userID)), .setupLink).path, csrfToken: principal.csrfToken, [
                p("They have not set up their account yet. A new link replaces any earlier one."),
                button("Send a new set-up link", secondary: true),
            ]) : .empty,
            p([link("See this user's audit trail", href: SiteURL.adminAudit.path + "?user=" + (user.email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))]),
            userID == principal.userID ? p("You cannot disable your own account.") :
                postForm(action: SiteURL.adminUserAction(.value(UserID(userID)), action).path, csrfToken: principal.csrfToken, [
                    button(user.isDisabled ? "Enable account" : "Disable account and end sessions", secondary: user.isDisabled, warning: !user.isDisabled),
                ]),
        ]))
    }

    @Sendable func disable(_ req: Request, _ principal: Principal) async throws -> Response {
        let user = try await scopedUser(req, principal)
        let userID = try user.requireID()
        guard userID != principal.userID else { throw Abort(.badRequest, reason: "You cannot disable your own account.") }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            user.disabledAt = Date()
            user.version += 1
            try await user.save(on: db)
            try await UserSession.query(on: db).filter(\.$user.$id == userID).filter(\.$endedAt == nil).set(\.$endedAt, to: Date()).update()
            return ([AuditEntry(action: "user.disabled", entityType: "user", entityID: userID.uuidString)], ())
        }
        return req.redirect(to: SiteURL.adminUser(.value(UserID(userID))).path)
    }

    @Sendable func enable(_ req: Request, _ principal: Principal) async throws -> Response {
        let user = try await scopedUser(req, principal)
        let userID = try user.requireID()
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            user.disabledAt = nil
            user.version += 1
            try await user.save(on: db)
            return ([AuditEntry(action: "user.enabled", entityType: "user", entityID: userID.uuidString)], ())
        }
        return req.redirect(to: SiteURL.adminUser(.value(UserID(userID))).path)
    }
}

/// Shared by the admin page and `continuum user create`, so both apply the same rules.
enum UserCreation {
    struct Input: Sendable { let email: String; let displayName: String; let role: Role; let schoolID: UUID? }
    enum Result: Sendable { case valid(Input); case invalid([FormError]) }

    static func validate(email rawEmail: String?, displayName rawName: String?, role rawRole: String?, schoolURN rawURN: String?, on db: any Database) async throws -> Result {
        var errors: [FormError] = []
        let email = User.normalise(email: rawEmail ?? "")
        if email.isEmpty { errors.append(FormError(field: "email", message: "Enter an email address")) }
        else if !isPlausibleEmail(email) { errors.append(FormError(field: "email", message: "Enter an email address in the correct format, like name@example.org")) }
        else if try await User.query(on: db).filter(\.$email == email).count() > 0 { errors.append(FormError(field: "email", message: "A user with this email address already exists")) }
        let name = (rawName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(FormError(field: "displayName", message: "Enter the person's full name")) }
        else if name.count > 100 { errors.append(FormError(field: "displayName", message: "Full name must be 100 characters or fewer")) }
        let role = rawRole.flatMap { Role(rawValue: $0) ?? Role(argument: $0) }
        if role == nil { errors.append(FormError(field: "role", message: "Select a role")) }
        var schoolID: UUID?
        let urnText = (rawURN ?? "").trimmingCharacters(in: .whitespaces)
        if role == .schoolUser {
            if urnText.isEmpty { errors.append(FormError(field: "schoolURN", message: "Enter the school's URN for a school user")) }
            else if let urn = Int(urnText), let school = try await Establishment.query(on: db).filter(\.$urn == urn).first() { schoolID = school.id }
            else { errors.append(FormError(field: "schoolURN", message: "There is no establishment with URN \(urnText)")) }
        } else if !urnText.isEmpty {
            errors.append(FormError(field: "schoolURN", message: "Only school users have a school; leave the URN empty"))
        }
        guard errors.isEmpty, let role else { return .invalid(errors) }
        return .valid(Input(email: email, displayName: name, role: role, schoolID: schoolID))
    }

    static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !email.contains(" ") && email.count <= 254
    }

    static func temporaryPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<18).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
