import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The caseworkers' backlog dashboard (`/ehc`) and the aggregate performance page for finance
/// officers and elected members (`/ehc/performance`), which never shows a child.
struct EHCBacklogController {
    static let aggregateReaders: Set<Role> = [.administrator, .caseworker, .finance, .electedMember]
    static let pageSize = 50

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .ehc, roles: EHCCaseRepository.managers, use: dashboard)
        routes.secure(.GET, .ehcPerformance, roles: Self.aggregateReaders, use: performance)
    }

    @Sendable func dashboard(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let backlog = try await EHCBacklog.load(authorityID: principal.authorityID, today: today, withCases: true, on: req.db)
        let extra = min(20, max(0, req.query[Int.self, at: "extra"] ?? 2))
        let page = max(1, req.query[Int.self, at: "page"] ?? 1)
        // The page lists one page of open cases by child: the same slice EHCBacklogPages.dashboard shows.
        let pageCount = max(1, (backlog.open.count + Self.pageSize - 1) / Self.pageSize)
        let shown = backlog.open.dropFirst((min(page, pageCount) - 1) * Self.pageSize).prefix(Self.pageSize)
        // Issue 17 item 4: plan holders who are NEET need their plan reviewed; the same list as the caseworker's home.
        let planReview = try await Post16Home.planReviewSection(authorityID: principal.authorityID, today: today, db: req.db)
        try await AuditLog.record(ListAudit.entry("ehc.backlog.view", entityType: "ehc_case", children: shown.map(\.childID) + planReview.items.compactMap(\.childID),
                                                  detail: "open=\(backlog.open.count) page=\(page) plan_neet=\(planReview.items.count)"),
                                  by: principal.auditActor, on: req.db)
        return .html(EHCBacklogPages.dashboard(chrome: try await req.chrome(for: principal, current: .ehc), backlog: backlog, extra: extra, page: page, pageSize: Self.pageSize,
                                               planReview: planReview))
    }

    @Sendable func performance(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let backlog = try await EHCBacklog.load(authorityID: principal.authorityID, today: today, withCases: false, on: req.db)
        let extra = min(20, max(0, req.query[Int.self, at: "extra"] ?? 2))
        try await AuditLog.record(AuditEntry(action: "ehc.performance.view", entityType: "report"), by: principal.auditActor, on: req.db)
        // One suppression result for the whole page: exact for council staff, suppressed for finance and members.
        let figures = SmallNumberSuppression.apply(req.smallNumberPolicy(for: principal), to: backlog.disclosureTable)
        return .html(EHCBacklogPages.performance(chrome: try await req.chrome(for: principal, current: .ehcPerformance), backlog: backlog, extra: extra, figures: figures))
    }
}
