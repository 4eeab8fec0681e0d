import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The council's Section 19 thresholds. None is set nationally, so each is configuration; the page
/// says for each which kind (LOCAL: the council's own service standard; ⚠: the guidance is unclear
/// or silent) and what the documented default is. The rules read these through `serviceTargets(for:)`.
struct ThresholdsController {
    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .adminThresholds, roles: Roles.administrators, use: show)
        routes.secure(.POST, .adminThresholds, roles: Roles.administrators, use: save)
    }

    struct DaySetting {
        let field: String; let label: String; let noun: String; let unit: String; let range: ClosedRange<Int>; let kind: String; let why: String
        let keyPath: WritableKeyPath<ServiceTargetSettings, Int?>; let defaultValue: Int
    }

    static let days: [DaySetting] = [
        DaySetting(field: "absenceTriggerDays", label: "Absence that triggers Section 19 consideration", noun: "the absence trigger", unit: "school days", range: ServiceTargetSettings.dayRange,
                   kind: "⚠ configuration (rulebook HN-2)", why: "The guidance says to act once a child will miss more than 15 school days; sources differ between \"more than 15\" and \"15 or more\", so Continuum counts 15 or more.",
                   keyPath: \.absenceTriggerDays, defaultValue: ServiceTargetSettings.defaults.absenceTriggerDays),
        DaySetting(field: "decisionSchoolDays", label: "Decision target after a referral", noun: "the decision target", unit: "school days", range: ServiceTargetSettings.dayRange,
                   kind: "LOCAL configuration (rulebook HN-4)", why: "Referrals waiting longer than this for a decision are shown as overdue. There is no statutory deadline; 5 is the suggested default.",
                   keyPath: \.decisionSchoolDays, defaultValue: ServiceTargetSettings.defaults.decisionSchoolDays),
        DaySetting(field: "firstProvisionSchoolDays", label: "First provision target after acceptance", noun: "the first provision target", unit: "school days", range: ServiceTargetSettings.dayRange,
                   kind: "LOCAL configuration", why: "The council's own standard for starting education once a referral is accepted. An accepted child without education is a breach whatever this says.",
                   keyPath: \.firstProvisionSchoolDays, defaultValue: ServiceTargetSettings.defaults.firstProvisionSchoolDays),
        DaySetting(field: "reviewIntervalSchoolDays", label: "Review interval", noun: "the review interval", unit: "school days", range: ServiceTargetSettings.dayRange,
                   kind: "⚠ configuration (rulebook HN-12)", why: "Reviews should be regular, but there is no national frequency. The default is every six school weeks.",
                   keyPath: \.reviewIntervalSchoolDays, defaultValue: ServiceTargetSettings.defaults.reviewIntervalSchoolDays),
        DaySetting(field: "longPlacementTerms", label: "Long placement after", noun: "the long placement length", unit: "terms", range: ServiceTargetSettings.termRange,
                   kind: "LOCAL configuration", why: "Placements longer than this are listed as long placements unless an exception is recorded.",
                   keyPath: \.longPlacementTerms, defaultValue: ServiceTargetSettings.defaults.longPlacementTerms),
    ]

    static func hoursField(_ stage: KeyStage) -> String { "hours_\(stage.rawValue)" }

    private func render(_ req: Request, _ principal: Principal, authority: Authority, form: [String: String]? = nil, errors: [FormError] = [],
                        notice: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let settings = authority.targetSettings
        let targets = settings.targets
        let defaults = ServiceTargetSettings.defaults
        func value(_ field: String, _ current: String) -> String { form.map { $0[field] ?? "" } ?? current }
        var fields: [HTMLNode] = Self.days.map { s in
            textInput(Field(name: s.field, label: "\(s.label) (\(s.unit))", value: value(s.field, String(targets[keyPath: Self.targetsPath(s.field)])),
                            hint: "\(s.kind). \(s.why) Documented default: \(s.defaultValue) \(s.unit). Whole number from \(s.range.lowerBound) to \(s.range.upperBound).",
                            error: errors.message(for: s.field), widthClass: "govuk-input--width-3", inputMode: "numeric"))
        }
        fields.append(h2("Full-time hours by key stage"))
        fields.append(p("⚠ configuration (rulebook HN-5): education must be full time unless the child's health means part time is in their best interests, and there is no statutory hours figure. The documented defaults are the DfE's recommended minimum weekly lesson time (DES Circular 7/90). Provision below these hours needs a recorded reason and a review date."))
        for stage in KeyStage.allCases {
            let field = Self.hoursField(stage)
            fields.append(textInput(Field(name: field, label: "\(stage.displayName): hours a week", value: value(field, Self.hoursText(targets.fullTimeHours(for: stage))),
                                          hint: "Documented default: \(Self.hoursText(defaults.fullTimeHours(for: stage))) hours. From 1 to 32.5, in half hours.",
                                          error: errors.message(for: field), widthClass: "govuk-input--width-4", inputMode: "decimal")))
        }
        fields.append(button("Save thresholds"))
        let summary = table(caption: "Thresholds in use", headers: ["Setting", "In use", "Documented default", "Set by"],
                            rows: Self.days.map { s in
                                let set = settings[keyPath: s.keyPath] != nil
                                return [TableCell(text: s.label), TableCell(text: "\(targets[keyPath: Self.targetsPath(s.field)]) \(s.unit)"),
                                        TableCell(text: "\(s.defaultValue) \(s.unit)"), TableCell(set ? tag("The council", .blue) : tag("Default", .grey))]
                            } + KeyStage.allCases.map { stage in
                                let set = settings.fullTimeHours?[stage.rawValue] != nil
                                return [TableCell(text: "Full-time hours, \(stage.displayName.lowercased())"), TableCell(text: Self.hoursText(targets.fullTimeHours(for: stage)) + " hours"),
                                        TableCell(text: Self.hoursText(defaults.fullTimeHours(for: stage)) + " hours"), TableCell(set ? tag("The council", .blue) : tag("Default", .grey))]
                            })
        let content: [HTMLNode] = [
            notice.map { notificationBanner(heading: $0) } ?? .empty,
            h1("Section 19 thresholds", caption: authority.name),
            p("The statutory guidance sets no national figures for these, so each is the council's configuration. A value the same as the documented default is kept as the default."),
            summary,
            h2("Change the thresholds"),
            postForm(action: SiteURL.adminThresholds.path, csrfToken: principal.csrfToken, fields),
            p([link("Back to council settings", href: SiteURL.adminAuthority.path)]),
        ]
        return .html(HTMLPage(title: "Section 19 thresholds", chrome: try await req.chrome(for: principal, current: .adminAuthority), errors: errors,
                              backLink: SiteURL.adminAuthority.path, content: content), status: status)
    }

    static func targetsPath(_ field: String) -> KeyPath<ServiceTargets, Int> {
        switch field {
        case "absenceTriggerDays": \.absenceTriggerDays
        case "decisionSchoolDays": \.decisionSchoolDays
        case "firstProvisionSchoolDays": \.firstProvisionSchoolDays
        case "reviewIntervalSchoolDays": \.reviewIntervalSchoolDays
        default: \.longPlacementTerms
        }
    }

    static func hoursText(_ hours: Double) -> String { hours == hours.rounded() ? String(Int(hours)) : String(format: "%.1f", hours) }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let authority = try await Authority.find(principal.authorityID, on: req.db) else { throw Abort(.notFound) }
        return try await render(req, principal, authority: authority, notice: req.query[String.self, at: "saved"] != nil ? "Thresholds saved" : nil)
    }

    @Sendable func save(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let authority = try await Authority.find(principal.authorityID, on: req.db) else { throw Abort(.notFound) }
        var form = (try? req.content.decode([String: String].self)) ?? [:]
        form["_csrf"] = nil
        var errors: [FormError] = []
        var next = ServiceTargetSettings()
        let defaults = ServiceTargetSettings.defaults
        for s in Self.days {
            switch ServiceTargetSettings.days(form[s.field], label: s.noun, range: s.range) {
            case .success(let v): next[keyPath: s.keyPath] = v == s.defaultValue ? nil : v
            case .failure(let problem): errors.append(FormError(field: s.field, message: problem.message))
            }
        }
        var hours: [String: Double] = [:]
        for stage in KeyStage.allCases {
            switch ServiceTargetSettings.hours(form[Self.hoursField(stage)], label: stage.displayName.lowercased()) {
            case .success(let v): if v != defaults.fullTimeHours(for: stage) { hours[stage.rawValue] = v }
            case .failure(let problem): errors.append(FormError(field: Self.hoursField(stage), message: problem.message))
            }
        }
        next.fullTimeHours = hours.isEmpty ? nil : hours
        guard errors.isEmpty else { return try await render(req, principal, authority: authority, form: form, errors: errors, status: .unprocessableEntity) }
        let before = authority.targetSettings.targets, after = next.targets
        var changes: [String] = Self.days.compactMap { s in
            let path = Self.targetsPath(s.field)
            return before[keyPath: path] == after[keyPath: path] ? nil : "\(s.field) \(before[keyPath: path]) -> \(after[keyPath: path])"
        }
        for stage in KeyStage.allCases where before.fullTimeHours(for: stage) != after.fullTimeHours(for: stage) {
            changes.append("full_time_hours.\(stage.rawValue) \(Self.hoursText(before.fullTimeHours(for: stage))) -> \(Self.hoursText(after.fullTimeHours(for: stage)))")
        }
        let json = next.encoded(), detail = changes.isEmpty ? "no change" : changes.joined(separator: "; ")
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            authority.serviceTargetsJSON = json
            try await authority.save(on: db)
            return ([AuditEntry(action: "authority.thresholds", entityType: "authority", entityID: authority.id?.uuidString,
                                detail: detail)], ())
        }
        return req.redirect(to: SiteURL.adminThresholds.path(["saved": "1"]))
    }
}
