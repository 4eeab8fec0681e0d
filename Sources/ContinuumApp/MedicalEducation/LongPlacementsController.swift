import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Placements past the service's four-term target, by the child's primary need, with any exception
/// recorded and why (issue 3 item 5: the paper names autistic children waiting for specialist places).
struct LongPlacementsController {
    static let readers: Set<Role> = [.administrator, .caseworker, .metCoordinator]
    static let writers: Set<Role> = [.administrator, .metCoordinator]

    struct ExceptionForm: Content { var reason: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .medicalEducationPart(.longPlacements), roles: Self.readers, use: report)
        routes.secure(.POST, .referralPart(.key, .longPlacementException), roles: Self.writers, use: recordException)
    }

    private func render(_ req: Request, _ principal: Principal, errors: [FormError] = [], status: HTTPStatus = .ok) async throws -> Response {
        let today = CalendarDate.today()
        let snapshot = try await ServiceSnapshot.load(authorityID: principal.authorityID, on: req.db)
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        let targets = try await req.serviceTargets(for: principal.authorityID)
        let terms = targets.longPlacementTerms
        let long = DashboardController.figures(snapshot, calendar: calendar, targets: targets, today: today).longPlacements
        let ids = long.compactMap { $0.0.id }
        let exceptions = ids.isEmpty ? [] : try await LongPlacementException.query(on: req.db).filter(\.$referral.$id ~~ ids).sort(\.$recordedOn).all()
        let latest = Dictionary(exceptions.map { ($0.$referral.id, $0) }, uniquingKeysWith: { _, b in b })
        let byNeed = Dictionary(grouping: long, by: { $0.0.child.primaryNeed.flatMap(SENNeed.init(rawValue:))?.displayName ?? "No SEN need recorded" })
        var content: [HTMLNode] = [
            h1("Long placements", caption: "Provision for \(terms) terms or more"),
            p("The service aims to return children to school within \(terms) terms. \(long.count) placement\(long.count == 1 ? " has" : "s have") gone past that; \(long.filter { latest[$0.0.id!] == nil }.count) without a recorded exception."),
            table(caption: "Long placements by primary need", headers: ["Primary need", "Children", "With an exception"], numericColumns: [1, 2],
                  rows: byNeed.keys.sorted().map { need in
                      let rows = byNeed[need]!
                      return [TableCell(text: need), TableCell(text: String(rows.count), numeric: true), TableCell(text: String(rows.filter { latest[$0.0.id!] != nil }.count), numeric: true)]
                  }),
        ]
        for (referral, since) in long {
            let id = referral.id!.uuidString
            let exception = latest[referral.id!]
            content += [
                h2(referral.child.fullName, size: "s"),
                summaryList([
                    SummaryRow("Provision since", text: since.longFormat),
                    SummaryRow("Primary need", text: referral.child.primaryNeed.flatMap(SENNeed.init(rawValue:))?.displayName ?? "None recorded"),
                    SummaryRow("Exception", exception.map { txt("\($0.reason) (recorded by \($0.recordedBy) on \($0.recordedOn.longFormat))") } ?? tag("No exception recorded", .red)),
                    SummaryRow("Referral", link("Open the referral", href: SiteURL.referral(.value(referral.referralID)).path, visuallyHiddenSuffix: "for \(referral.child.fullName)")),
                ]),
                Self.writers.contains(principal.role) ? postForm(action: SiteURL.referralPart(.value(referral.referralID), .longPlacementException).path, csrfToken: principal.csrfToken, [
                    textInput(Field(name: "reason", label: "Why this placement continues (for \(referral.child.fullName))", hint: "For example: autistic, waiting for the specialist place named in the EHC plan",
                                    error: errors.message(for: "reason-\(id)"), id: "reason-\(id)")),
                    button("Record exception", secondary: true),
                ]) : .empty,
            ]
        }
        return .html(HTMLPage(title: "Long placements", chrome: try await req.chrome(for: principal, current: .medicalEducation), errors: errors, content: content), status: status)
    }

    @Sendable func report(_ req: Request, _ principal: Principal) async throws -> Response {
        try await AuditLog.record(AuditEntry(action: "long_placements.view", entityType: "report"), by: principal.auditActor, on: req.db)
        return try await render(req, principal)
    }

    @Sendable func recordException(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = req.parameters.get("referralID", as: ReferralID.self),
              let referral = try await ReferralRepository(principal: principal, db: req.db).find(id) else { throw Abort(.notFound) }
        let form = (try? req.content.decode(ExceptionForm.self)) ?? ExceptionForm()
        var checks = FormChecks()
        let reason = checks.text(form.reason, field: "reason-\(id.rawValue.uuidString)", missing: "Say why the placement continues past four terms", limit: 2000)
        guard checks.errors.isEmpty else { return try await render(req, principal, errors: checks.errors, status: .unprocessableEntity) }
        let record = LongPlacementException()
        record.$referral.id = id.rawValue; record.reason = reason; record.recordedOn = CalendarDate.today(); record.recordedBy = principal.displayName
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await record.create(on: db)
            return ([AuditEntry(action: "referral.long_placement_exception", entityType: "referral", entityID: id.rawValue.uuidString, childID: referral.$child.id)], ())
        }
        return req.redirect(to: SiteURL.medicalEducationPart(.longPlacements).path)
    }
}
