import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The Safety Valve agreement for finance (issue 15 items 6 and 8): the payment schedule with what DfE has
/// released, the monitoring returns with their RAG, and the members' briefing note, a printable page.
struct SafetyValveController {
    static let roles: Set<Role> = [.administrator, .finance]
    /// Members read the briefing note (issue 15 item 8); it holds no child's data.
    static let briefingRoles: Set<Role> = [.administrator, .finance, .electedMember]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .financeSafetyValve, roles: Self.roles, use: show)
        routes.secure(.GET, .financeSafetyValveBriefing, roles: Self.briefingRoles, use: briefing)
    }

    struct Loaded {
        let agreement: SafetyValveAgreement
        let schedule: [SafetyValveInstalment]
        let returns: [SafetyValveReturn]
    }

    /// Three queries whatever the number of instalments or returns.
    static func load(_ authorityID: UUID, on db: any Database) async throws -> Loaded? {
        guard let agreement = try await SafetyValveAgreement.query(on: db).filter(\.$authority.$id == authorityID).first() else { return nil }
        let all = try await SafetyValveInstalment.query(on: db).filter(\.$agreement.$id == agreement.id!).all()
        // The newest schedule version is the one in force; older versions are kept, never edited (SV-4).
        let latest = all.map(\.version).max() ?? 1
        let schedule = all.filter { $0.version == latest }.sorted { ($0.financialYear, $0.number) < ($1.financialYear, $1.number) }
        let returns = try await SafetyValveReturn.query(on: db).filter(\.$agreement.$id == agreement.id!).sort(\.$dueOn).all()
        return Loaded(agreement: agreement, schedule: schedule, returns: returns)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let loaded = try await Self.load(principal.authorityID, on: req.db)
        try await AuditLog.record(AuditEntry(action: "finance.safety_valve.view", entityType: "report"), by: principal.auditActor, on: req.db)
        return .html(HTMLPage(title: "Safety Valve agreement", chrome: try await req.chrome(for: principal, current: .finance),
                              content: SafetyValvePages.agreement(loaded)))
    }

    @Sendable func briefing(_ req: Request, _ principal: Principal) async throws -> Response {
        let loaded = try await Self.load(principal.authorityID, on: req.db)
        try await AuditLog.record(AuditEntry(action: "finance.safety_valve.briefing", entityType: "report"), by: principal.auditActor, on: req.db)
        return .html(HTMLPage(title: "Safety Valve briefing note", chrome: try await req.chrome(for: principal, current: nil),
                              printable: true, content: SafetyValvePages.briefing(loaded)))
    }
}

enum SafetyValvePages {
    /// The RAG in words and colour: colour is never the only cue.
    static func ragTag(_ rag: RAG) -> HTMLNode {
        switch rag {
        case .red: tag(rag.label, .red)
        case .amber: tag(rag.label, .orange)
        case .green: tag(rag.label, .green)
        }
    }

    static func toleranceText(_ r: SafetyValveReturn) -> String {
        "within \(Money(pence: r.tolerancePence).display) or \(r.tolerancePercent)% of the target"
    }

    static func agreement(_ loaded: SafetyValveController.Loaded?) -> [HTMLNode] {
        guard let loaded else {
            return [h1("Safety Valve agreement", caption: "Finance"), p("No Safety Valve agreement is recorded for this council.")]
        }
        let a = loaded.agreement
        let paid = Money.sum(loaded.schedule.filter { $0.status == "released" || $0.status == "backdated_paid" }.map { Money(pence: $0.plannedPence) })
        return [
            h1(a.name, caption: "Safety Valve agreement"),
            summaryList([
                SummaryRow("Agreement total", text: a.total.display),
                SummaryRow("Released so far", text: paid.display),
                SummaryRow("Monitoring returns", text: "\(a.returnsPerYear) a year (SV-5: tri-annual by default, set per agreement)"),
                SummaryRow("RAG tolerance", text: "Amber within \(a.tolerance.amount.display) or \(a.tolerance.percent)% of the target (SV-8's default, set per agreement); each return keeps the tolerance it was rated under"),
            ]),
            p([link("Members' briefing note", href: SiteURL.financeSafetyValveBriefing.path)]),
            table(caption: "Payment schedule (the version in force)", headers: ["Financial year", "Instalment", "Planned", "Status"], numericColumns: [1, 2],
                  rows: loaded.schedule.map { [TableCell(text: $0.financialYear), TableCell(text: String($0.number), numeric: true),
                                               TableCell(text: Money(pence: $0.plannedPence).display, numeric: true), TableCell(tag($0.status.replacingOccurrences(of: "_", with: " ").capitalized, $0.status == "released" ? .green : .grey))] }),
            returnsTable(loaded.returns),
        ]
    }

    static func returnsTable(_ returns: [SafetyValveReturn]) -> HTMLNode {
        table(caption: "Monitoring returns", headers: ["Return", "Due", "In-year target", "Forecast", "Variance", "RAG", "Tolerance used"], numericColumns: [2, 3, 4],
              rows: returns.map { r in
                  [TableCell(text: r.label), TableCell(text: r.dueOn.longFormat), TableCell(text: Money(pence: r.targetPence).display, numeric: true),
                   TableCell(text: Money(pence: r.forecastPence).display, numeric: true), TableCell(text: Money(pence: r.variancePence).display, numeric: true),
                   TableCell(ragTag(r.ragValue)), TableCell(text: toleranceText(r))]
              })
    }

    /// A committee-pack page: each target with its RAG in words and colour, the trend and the next step.
    static func briefing(_ loaded: SafetyValveController.Loaded?) -> [HTMLNode] {
        guard let loaded, let latest = loaded.returns.last else {
            return [h1("Safety Valve briefing note"), p("There is no monitoring return to brief members on yet.")]
        }
        let previous = loaded.returns.dropLast().last
        let trend: String
        if let previous {
            let change = latest.variancePence - previous.variancePence
            trend = change > 0 ? "Improving since \(previous.label)" : change < 0 ? "Worsening since \(previous.label)" : "No change since \(previous.label)"
        } else { trend = "The first return" }
        return [
            h1("Safety Valve briefing note", caption: loaded.agreement.name),
            p("For elected members. The figures are the council's, as returned to DfE; no child's information is included."),
            summaryList([
                SummaryRow("Latest return", text: "\(latest.label), due \(latest.dueOn.longFormat)"),
                SummaryRow("In-year balance: target", text: Money(pence: latest.targetPence).display),
                SummaryRow("In-year balance: forecast", text: Money(pence: latest.forecastPence).display),
                SummaryRow("Variance", text: Money(pence: latest.variancePence).display),
                SummaryRow("RAG", ragTag(latest.ragValue)),
                SummaryRow("Trend", text: trend),
                SummaryRow("What it means", text: latest.narrative),
                SummaryRow("Next step", text: latest.nextStep),
            ]),
            p("RAG is rated under the tolerance in force when the return was made (\(toleranceText(latest))): green on or ahead of the target, amber within the tolerance, red outside it (SV-8, a local definition: DfE publishes none)."),
            returnsTable(loaded.returns),
            p("Print this page for a committee pack: the print layout leaves out the site's header and navigation."),
        ]
    }
}
