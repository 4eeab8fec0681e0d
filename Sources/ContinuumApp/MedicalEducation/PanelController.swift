import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The multi-agency panel: each meeting's date, members by agency, minutes and the referrals it
/// considered (issue 3 item 2). Decisions themselves are recorded on each referral, with reasons.
struct PanelController {
    static let readers: Set<Role> = [.administrator, .caseworker, .metCoordinator]
    static let writers: Set<Role> = [.administrator, .metCoordinator]
    static let agencies = ["Education", "Health", "Social care", "Other"]

    struct PanelForm: Content {
        var heldOn: String?; var education: String?; var health: String?; var socialCare: String?; var other: String?
        var minutes: String?; var referrals: [String]?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .medicalEducationPart(.panels), roles: Self.readers, use: list)
        routes.secure(.POST, .medicalEducationPart(.panels), roles: Self.writers, use: record)
    }

    private func render(_ req: Request, _ principal: Principal, form: PanelForm = PanelForm(), errors: [FormError] = [], status: HTTPStatus = .ok) async throws -> Response {
        let meetings = try await PanelMeeting.query(on: req.db).filter(\.$authorityID == principal.authorityID).sort(\.$heldOn, .descending).limit(20).all()
        let links = meetings.isEmpty ? [] : try await PanelReferral.query(on: req.db).filter(\.$meeting.$id ~~ meetings.compactMap(\.id)).with(\.$referral) { $0.with(\.$child) }.all()
        let byMeeting = Dictionary(grouping: links, by: { $0.$meeting.id })
        // Referrals waiting for a decision, for the coordinator to tick those the panel considered.
        let waiting = try await Referral.query(on: req.db).filter(\.$authority.$id == principal.authorityID)
            .filter(\.$status ~~ [ReferralStatus.received, .awaitingInformation, .atPanel].map(\.rawValue)).with(\.$child).sort(\.$receivedOn).all()
        let today = CalendarDate.today()
        var content: [HTMLNode] = [h1("Multi-agency panel", caption: "Medical Education Team")]
        if meetings.isEmpty { content.append(p("No panel meeting has been recorded yet.")) }
        for meeting in meetings {
            let considered = (byMeeting[meeting.id!] ?? []).map { link($0.referral.child.fullName, href: SiteURL.referral(.value($0.referral.referralID)).path) }
            content += [
                h2("Panel on \(meeting.heldOn.longFormat)"),
                summaryList([
                    SummaryRow("Members", group(meeting.members.split(separator: "\n").map { el("span", [.cls("app-line")], text: String($0)) })),
                    SummaryRow("Minutes", text: meeting.minutes),
                    SummaryRow("Referrals considered", considered.isEmpty ? txt("None recorded") : GOVUK.list(considered)),
                    SummaryRow("Recorded by", text: meeting.recordedBy),
                ]),
            ]
        }
        if Self.writers.contains(principal.role) {
            let chosen = Set(form.referrals ?? [])
            content += [h2("Record a panel meeting"), postForm(action: SiteURL.medicalEducationPart(.panels).path, csrfToken: principal.csrfToken, [
                dateInput(Field(name: "heldOn", label: "Date of the meeting", value: form.heldOn ?? today.description, error: errors.message(for: "heldOn"), widthClass: "govuk-input--width-10")),
                textarea(Field(name: "education", label: "Members from education", value: form.education ?? "", hint: "One per line: name and role", error: errors.message(for: "education")), rows: 2),
                textarea(Field(name: "health", label: "Members from health", value: form.health ?? "", hint: "One per line. Urgent referrals can be decided by the coordinator without waiting for a panel.", error: errors.message(for: "health")), rows: 2),
                textarea(Field(name: "socialCare", label: "Members from social care", value: form.socialCare ?? "", error: errors.message(for: "socialCare")), rows: 2),
                textarea(Field(name: "other", label: "Other members", value: form.other ?? "", error: errors.message(for: "other")), rows: 2),
                textarea(Field(name: "minutes", label: "Minutes", value: form.minutes ?? "", error: errors.message(for: "minutes")), rows: 6),
                waiting.isEmpty ? p("No referral is waiting for a decision.") :
                    checkboxes(Field(name: "referrals[]", label: "Referrals the panel considered", error: errors.message(for: "referrals"), id: "referrals"),
                               options: waiting.map { Option($0.id!.uuidString, "\($0.child.fullName), received \($0.receivedOn.longFormat)") }, selected: chosen),
                button("Record panel meeting"),
            ])]
        }
        return .html(HTMLPage(title: "Multi-agency panel", chrome: try await req.chrome(for: principal, current: .medicalEducation), errors: errors, content: content), status: status)
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        try await AuditLog.record(AuditEntry(action: "panels.list", entityType: "panel"), by: principal.auditActor, on: req.db)
        return try await render(req, principal)
    }

    @Sendable func record(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(PanelForm.self)) ?? PanelForm()
        var checks = FormChecks()
        let held = checks.date(form.heldOn, field: "heldOn", label: "of the meeting", today: CalendarDate.today())
        let parts = [("Education", form.education), ("Health", form.health), ("Social care", form.socialCare), ("Other", form.other)]
        var members: [String] = []
        for (agency, text) in parts {
            for line in (text ?? "").split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
                members.append("\(agency): \(line)")
            }
        }
        // A multi-agency panel needs more than one agency at the table.
        if Set(members.map { $0.components(separatedBy: ":")[0] }).count < 2 {
            checks.errors.append(FormError(field: "education", message: "Name the members from at least two agencies"))
        }
        let minutes = checks.text(form.minutes, field: "minutes", missing: "Enter the minutes of the meeting", limit: 20000)
        let ids = (form.referrals ?? []).compactMap(UUID.init(uuidString:))
        let referrals = ids.isEmpty ? [] : try await Referral.query(on: req.db).filter(\.$authority.$id == principal.authorityID).filter(\.$id ~~ ids).all()
        if referrals.count != Set(ids).count { checks.errors.append(FormError(field: "referrals", message: "Select referrals from the list")) }
        guard checks.errors.isEmpty, let held else { return try await render(req, principal, form: form, errors: checks.errors, status: .unprocessableEntity) }
        let meeting = PanelMeeting()
        meeting.authorityID = principal.authorityID; meeting.heldOn = held; meeting.members = members.joined(separator: "\n")
        meeting.minutes = minutes; meeting.recordedBy = principal.displayName
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await meeting.create(on: db)
            for referral in referrals {
                let link = PanelReferral(); link.$meeting.id = meeting.id!; link.$referral.id = referral.id!
                try await link.create(on: db)
            }
            return ([AuditEntry(action: "panel.recorded", entityType: "panel", entityID: meeting.id?.uuidString, detail: "referrals=\(referrals.count)")]
                    + referrals.map { AuditEntry(action: "referral.panel", entityType: "referral", entityID: $0.id?.uuidString, childID: $0.$child.id) }, ())
        }
        return req.redirect(to: SiteURL.medicalEducationPart(.panels).path)
    }
}
