import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Access to virtual and e-learning provision recorded per child (HN-7): platform, start and end.
struct VirtualAccessController {
    static let readers: Set<Role> = [.administrator, .caseworker, .metCoordinator]
    static let writers: Set<Role> = [.administrator, .metCoordinator]

    struct AccessForm: Content { var platform: String?; var platformName: String?; var startsOn: String?; var endsOn: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .referralPart(.key, .virtual), roles: Self.readers, use: show)
        routes.secure(.POST, .referralPart(.key, .virtual), roles: Self.writers, use: add)
    }

    private func page(_ req: Request, _ principal: Principal, _ referral: Referral, form: AccessForm, errors: [FormError]) async throws -> Response {
        let id = referral.referralID
        let records = try await VirtualAccess.query(on: req.db).filter(\.$referral.$id == referral.id!).sort(\.$startsOn).all()
        var content: [HTMLNode] = [
            h1("Virtual and e-learning access", caption: referral.child.fullName),
            records.isEmpty ? p("No virtual or e-learning access has been recorded.") : table(
                caption: "Platforms \(referral.child.fullName) can use", headers: ["Platform", "Type", "Start", "End"],
                rows: records.map { [TableCell(text: $0.platformName), TableCell(text: $0.platformLabel),
                                     TableCell(text: $0.startsOn.longFormat),
                                     TableCell(text: $0.endsOn?.longFormat ?? "Still in use")] }),
        ]
        if Self.writers.contains(principal.role) {
            content.append(h2("Record access to a platform"))
            content.append(postForm(action: SiteURL.referralPart(.value(id), .virtual).path, csrfToken: principal.csrfToken, [
                radios(Field(name: "platform", label: "Type of platform", value: form.platform ?? "", error: errors.message(for: "platform")),
                       options: VirtualPlatform.allCases.map { Option($0.rawValue, $0.label) }),
                textInput(Field(name: "platformName", label: "Name of the platform or provider", value: form.platformName ?? "", hint: "For example the online school's name",
                                error: errors.message(for: "platformName"))),
                dateInput(Field(name: "startsOn", label: "Start date", value: form.startsOn ?? "", hint: "For example, 30 11 2026", error: errors.message(for: "startsOn"), widthClass: "govuk-input--width-10")),
                dateInput(Field(name: "endsOn", label: "End date (optional)", value: form.endsOn ?? "", hint: "Leave empty while the child still uses it",
                                error: errors.message(for: "endsOn"), widthClass: "govuk-input--width-10")),
                button("Record access"),
            ]))
        }
        return .html(HTMLPage(title: "Virtual and e-learning access", chrome: try await req.chrome(for: principal, current: .referrals), errors: errors,
                              backLink: SiteURL.referral(.value(id)).path, content: content), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let referral = try await EpisodeChangeController.referral(req, principal)
        try await AuditLog.record(AuditEntry(action: "virtual_access.view", entityType: "referral", entityID: referral.id?.uuidString, childID: referral.$child.id),
                                  by: principal.auditActor, on: req.db)
        return try await page(req, principal, referral, form: AccessForm(), errors: [])
    }

    @Sendable func add(_ req: Request, _ principal: Principal) async throws -> Response {
        let referral = try await EpisodeChangeController.referral(req, principal)
        let form = (try? req.content.decode(AccessForm.self)) ?? AccessForm()
        var errors: [FormError] = []
        let platform = form.platform.flatMap(VirtualPlatform.init(rawValue:))
        if platform == nil { errors.append(FormError(field: "platform", message: "Select the type of platform")) }
        let name = (form.platformName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(FormError(field: "platformName", message: "Enter the name of the platform or provider")) }
        else if name.count > 200 { errors.append(FormError(field: "platformName", message: "The name must be 200 characters or fewer")) }
        let start = DateInput.parse(form.startsOn)
        if start == nil { errors.append(FormError(field: "startsOn", message: (form.startsOn ?? "").isEmpty ? "Enter the start date" : "Start date must be a real date, for example 30 11 2026")) }
        let endText = (form.endsOn ?? "").trimmingCharacters(in: .whitespaces)
        let end = endText.isEmpty ? nil : DateInput.parse(endText)
        if !endText.isEmpty && end == nil { errors.append(FormError(field: "endsOn", message: "End date must be a real date, for example 31 3 2027")) }
        else if let start, let end, end < start { errors.append(FormError(field: "endsOn", message: "End date can't be before the start date")) }
        guard errors.isEmpty, let platform, let start else { return try await page(req, principal, referral, form: form, errors: errors) }
        let record = VirtualAccess()
        record.$referral.id = referral.id!
        record.platform = platform.rawValue
        record.platformName = name
        record.startsOn = start
        record.endsOn = end
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await record.create(on: db)
            return ([AuditEntry(action: "virtual_access.added", entityType: "referral", entityID: referral.id?.uuidString, childID: referral.$child.id,
                                detail: "\(platform.rawValue) from \(start) to \(end?.description ?? "open")")], ())
        }
        return req.redirect(to: SiteURL.referralPart(.value(referral.referralID), .virtual).path)
    }
}
