import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Provision episodes that can be changed and ended, not only added: hours, dates and the HN-5
/// part-time decision, with optimistic locking so nobody's change is silently overwritten.
struct EpisodeChangeController {
    static let roles: Set<Role> = [.administrator, .metCoordinator]

    struct ChangeForm: Content { var hoursPerWeek: String?; var start: String?; var partTimeReason: String?; var reviewOn: String?; var version: Int? }
    struct EndForm: Content { var endsOn: String?; var version: Int? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .referralPart(.key, .episodes), roles: Self.roles, use: list)
        routes.secure(.GET, .referralEpisode(.key, episode: .key, .edit), roles: Self.roles, use: editForm)
        routes.secure(.POST, .referralEpisode(.key, episode: .key, .edit), roles: Self.roles, use: change)
        routes.secure(.GET, .referralEpisode(.key, episode: .key, .end), roles: Self.roles, use: endForm)
        routes.secure(.POST, .referralEpisode(.key, episode: .key, .end), roles: Self.roles, use: end)
    }

    static func referral(_ req: Request, _ principal: Principal) async throws -> Referral {
        guard let id = req.parameters.get("referralID", as: ReferralID.self) else { throw Abort(.notFound) }
        guard let referral = try await ReferralRepository(principal: principal, db: req.db).find(id) else {
            try await AuditLog.record(AuditEntry(action: "referral.view.denied", entityType: "referral", entityID: id.rawValue.uuidString), by: principal.auditActor, on: req.db)
            throw Abort(.notFound)
        }
        return referral
    }

    private func load(_ req: Request, _ principal: Principal) async throws -> (Referral, ProvisionEpisode) {
        let referral = try await Self.referral(req, principal)
        guard let id = req.parameters.get("episodeID", as: UUID.self),
              let episode = try await ProvisionEpisode.query(on: req.db).filter(\.$id == id).filter(\.$referral.$id == referral.id!).first() else { throw Abort(.notFound) }
        return (referral, episode)
    }

    private func fullTime(_ req: Request, _ principal: Principal, _ referral: Referral, on date: CalendarDate) async throws -> Double {
        let targets = try await req.serviceTargets(for: principal.authorityID)
        return targets.fullTimeHours(for: AgeAndStage.keyStage(dateOfBirth: referral.child.dateOfBirth, on: date, yearOffset: referral.child.ncYearOffset))
    }

    private func back(_ referral: Referral) -> SiteURL { .referralPart(.value(referral.referralID), .episodes) }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let referral = try await Self.referral(req, principal)
        let episodes = try await ProvisionEpisode.query(on: req.db).filter(\.$referral.$id == referral.id!).with(\.$base).sort(\.$startsOn).all()
        try await AuditLog.record(AuditEntry(action: "provision.list.view", entityType: "referral", entityID: referral.id?.uuidString, childID: referral.$child.id),
                                  by: principal.auditActor, on: req.db)
        let rows = episodes.map { e -> [TableCell] in
            let label = "\(e.typeValue.label) from \(e.startsOn.longFormat)"
            return [TableCell(text: e.typeValue.label), TableCell(text: e.base?.name ?? "—"), TableCell(text: Section19Hours.format(e.hoursPerWeek)),
                    TableCell(text: "\(e.startsOn.longFormat) to \(e.endsOn?.longFormat ?? "now")"),
                    TableCell(e.partTimeReviewOn.map { txt("Part time, review \($0.longFormat)") } ?? txt(e.partTimeReason == nil ? "Full time" : "Part time")),
                    TableCell(group([link("Change", href: SiteURL.referralEpisode(.value(referral.referralID), episode: .value(e.id!), .edit).path, visuallyHiddenSuffix: label), txt(" "),
                                     link("End", href: SiteURL.referralEpisode(.value(referral.referralID), episode: .value(e.id!), .end).path, visuallyHiddenSuffix: label)]))]
        }
        return .html(HTMLPage(title: "Provision for \(referral.child.fullName)", chrome: try await req.chrome(for: principal, current: .referrals),
                              backLink: SiteURL.referral(.value(referral.referralID)).path, content: [
            h1("Provision for \(referral.child.fullName)", caption: "Section 19 referral"),
            episodes.isEmpty ? p("No provision has been arranged yet.") :
                table(caption: "Provision episodes", headers: ["Type", "Place", "Hours a week", "Dates", "Full or part time", "Actions"], rows: rows),
            p([link("Virtual and e-learning access", href: SiteURL.referralPart(.value(referral.referralID), .virtual).path), txt(" · "),
               link("Outcomes at closure", href: SiteURL.referralPart(.value(referral.referralID), .outcomes).path)]),
        ]))
    }

    private func changePage(_ req: Request, _ principal: Principal, _ referral: Referral, _ e: ProvisionEpisode, form: ChangeForm, errors: [FormError]) async throws -> Response {
        let fullTime = try await fullTime(req, principal, referral, on: e.startsOn)
        let action = SiteURL.referralEpisode(.value(referral.referralID), episode: .value(e.id!), .edit).path
        return .html(HTMLPage(title: "Change provision", chrome: try await req.chrome(for: principal, current: .referrals), errors: errors, backLink: back(referral).path, content: [
            h1("Change \(e.typeValue.label.lowercased())", caption: referral.child.fullName),
            postForm(action: action, csrfToken: principal.csrfToken, [
                hiddenInput(name: "version", value: String(form.version ?? e.version ?? 0)),
                textInput(Field(name: "hoursPerWeek", label: "Hours a week", value: form.hoursPerWeek ?? "", hint: "Full time for this child is \(Section19Hours.format(fullTime)) hours",
                                error: errors.message(for: "hoursPerWeek"), widthClass: "govuk-input--width-4", inputMode: "decimal")),
                dateInput(Field(name: "start", label: "Start date", value: form.start ?? "", hint: "For example, 30 11 2026", error: errors.message(for: "start"), widthClass: "govuk-input--width-10")),
                textarea(Field(name: "partTimeReason", label: "If less than full time: why the child's health means part time is in their best interests",
                               value: form.partTimeReason ?? "", error: errors.message(for: "partTimeReason")), rows: 3),
                dateInput(Field(name: "reviewOn", label: "If less than full time: review date", value: form.reviewOn ?? "", hint: "For example, 15 1 2027",
                                error: errors.message(for: "reviewOn"), widthClass: "govuk-input--width-10")),
                button("Save changes"),
            ]),
        ]), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func editForm(_ req: Request, _ principal: Principal) async throws -> Response {
        let (referral, e) = try await load(req, principal)
        try await AuditLog.record(AuditEntry(action: "provision.edit.view", entityType: "referral", entityID: referral.id?.uuidString, childID: referral.$child.id),
                                  by: principal.auditActor, on: req.db)
        return try await changePage(req, principal, referral, e, form: ChangeForm(hoursPerWeek: Section19Hours.format(e.hoursPerWeek), start: e.startsOn.description,
                                                                              partTimeReason: e.partTimeReason, reviewOn: e.partTimeReviewOn?.description, version: e.version ?? 0), errors: [])
    }

    @Sendable func change(_ req: Request, _ principal: Principal) async throws -> Response {
        let (referral, e) = try await load(req, principal)
        let form = (try? req.content.decode(ChangeForm.self)) ?? ChangeForm()
        var errors: [FormError] = []
        let hoursText = (form.hoursPerWeek ?? "").trimmingCharacters(in: .whitespaces)
        let hours = Double(hoursText).flatMap { $0.isFinite ? $0 : nil }
        if hoursText.isEmpty { errors.append(FormError(field: "hoursPerWeek", message: "Enter the hours a week")) }
        else if hours == nil || !(0.5...40).contains(hours!) { errors.append(FormError(field: "hoursPerWeek", message: "Hours a week must be a number from 0.5 to 40")) }
        let start = DateInput.parse(form.start)
        if start == nil { errors.append(FormError(field: "start", message: (form.start ?? "").isEmpty ? "Enter the start date" : "Start date must be a real date, for example 30 11 2026")) }
        else if let decided = referral.decidedOn, start! < decided { errors.append(FormError(field: "start", message: "Start date must be on or after the decision (\(decided.longFormat))")) }
        else if let ends = e.endsOn, start! > ends { errors.append(FormError(field: "start", message: "Start date must be on or before the end date (\(ends.longFormat))")) }
        let fullTime = try await fullTime(req, principal, referral, on: start ?? e.startsOn)
        let reason = (form.partTimeReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count > 2000 { errors.append(FormError(field: "partTimeReason", message: "The reason must be 2,000 characters or fewer")) }
        let review = DateInput.parse(form.reviewOn)
        if let hours, hours < fullTime {
            // HN-5: less than full time needs a recorded decision with health reasons and a review date.
            if reason.isEmpty { errors.append(FormError(field: "partTimeReason", message: "\(Section19Hours.format(hours)) hours is less than full time (\(Section19Hours.format(fullTime))): record why the child's health means part time is in their best interests")) }
            if review == nil { errors.append(FormError(field: "reviewOn", message: "Enter a review date for part-time provision, for example 15 1 2027")) }
            else if let start, review! <= start { errors.append(FormError(field: "reviewOn", message: "The review date must be after the start date")) }
        }
        guard errors.isEmpty, let hours, let start else { return try await changePage(req, principal, referral, e, form: form, errors: errors) }
        guard form.version == (e.version ?? 0) else { return try await ConflictPage.response(req, principal, thing: "provision", back: back(referral).path, section: .referrals) }
        let before = "\(e.hoursPerWeek)h from \(e.startsOn) review \(e.partTimeReviewOn?.description ?? "none")"
        let partTime = hours < fullTime
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            e.hoursPerWeek = hours
            e.startsOn = start
            e.partTimeReason = partTime ? reason : nil
            e.partTimeReviewOn = partTime ? review : nil
            e.version = (e.version ?? 0) + 1
            try await e.save(on: db)
            return ([AuditEntry(action: "provision.changed", entityType: "provision_episode", entityID: e.id?.uuidString, childID: referral.$child.id,
                                detail: "\(before) -> \(hours)h from \(start) review \(e.partTimeReviewOn?.description ?? "none")")], ())
        }
        return req.redirect(to: back(referral).path)
    }

    private func endPage(_ req: Request, _ principal: Principal, _ referral: Referral, _ e: ProvisionEpisode, form: EndForm, errors: [FormError]) async throws -> Response {
        .html(HTMLPage(title: "End this provision", chrome: try await req.chrome(for: principal, current: .referrals), errors: errors, backLink: back(referral).path, content: [
            h1("End this provision", caption: referral.child.fullName),
            summaryList([SummaryRow("Provision", text: e.typeValue.label), SummaryRow("Hours a week", text: Section19Hours.format(e.hoursPerWeek)),
                         SummaryRow("Started", text: e.startsOn.longFormat), SummaryRow("Ends", text: e.endsOn?.longFormat ?? "Not set")]),
            postForm(action: SiteURL.referralEpisode(.value(referral.referralID), episode: .value(e.id!), .end).path, csrfToken: principal.csrfToken, [
                hiddenInput(name: "version", value: String(form.version ?? e.version ?? 0)),
                dateInput(Field(name: "endsOn", label: "Last day of this provision", value: form.endsOn ?? "", hint: "For example, 18 12 2026",
                                error: errors.message(for: "endsOn"), widthClass: "govuk-input--width-10")),
                button("End this provision", warning: true),
            ]),
        ]), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func endForm(_ req: Request, _ principal: Principal) async throws -> Response {
        let (referral, e) = try await load(req, principal)
        try await AuditLog.record(AuditEntry(action: "provision.end.view", entityType: "referral", entityID: referral.id?.uuidString, childID: referral.$child.id),
                                  by: principal.auditActor, on: req.db)
        return try await endPage(req, principal, referral, e, form: EndForm(endsOn: e.endsOn?.description, version: e.version ?? 0), errors: [])
    }

    @Sendable func end(_ req: Request, _ principal: Principal) async throws -> Response {
        let (referral, e) = try await load(req, principal)
        let form = (try? req.content.decode(EndForm.self)) ?? EndForm()
        var errors: [FormError] = []
        let ends = DateInput.parse(form.endsOn)
        if ends == nil { errors.append(FormError(field: "endsOn", message: (form.endsOn ?? "").isEmpty ? "Enter the last day of this provision" : "The last day must be a real date, for example 18 12 2026")) }
        else if ends! < e.startsOn { errors.append(FormError(field: "endsOn", message: "The last day can't be before the provision started (\(e.startsOn.longFormat))")) }
        else if ends! > CalendarDate.today().adding(days: FormChecks.furthestFutureDays) { errors.append(FormError(field: "endsOn", message: "The last day must be within the next two years")) }
        guard errors.isEmpty, let ends else { return try await endPage(req, principal, referral, e, form: form, errors: errors) }
        guard form.version == (e.version ?? 0) else { return try await ConflictPage.response(req, principal, thing: "provision", back: back(referral).path, section: .referrals) }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            e.endsOn = ends
            e.version = (e.version ?? 0) + 1
            try await e.save(on: db)
            return ([AuditEntry(action: "provision.ended", entityType: "provision_episode", entityID: e.id?.uuidString, childID: referral.$child.id, detail: "ends \(ends)")], ())
        }
        return req.redirect(to: back(referral).path)
    }
}
