import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The early-identification queue (rulebook HN-2, HN-3): list, one entry, and its review.
struct IdentificationController {
    /// The queue is the latest entries; older ones stay stored and reachable by their own page.
    static let pageLimit = 200

    func register(_ routes: any RoutesBuilder) {
        let reviewers = IdentificationRepository.reviewers
        routes.secure(.GET, .identifications, roles: reviewers, use: list)
        routes.secure(.GET, .identification(.key), roles: reviewers, use: show)
        routes.secure(.POST, .identificationReview(.key), roles: reviewers, use: review)
    }

    /// The entry, or the same 404 a missing one gives when it belongs to another authority.
    private func identification(_ req: Request, _ principal: Principal) async throws -> Identification {
        guard let id = req.parameters.get("identificationID", as: UUID.self) else { throw Abort(.notFound) }
        guard let item = try await IdentificationRepository(principal: principal, db: req.db).find(id) else {
            try await AuditLog.record(AuditEntry(action: "identification.view.denied", entityType: "identification", entityID: id.uuidString),
                                      by: principal.auditActor, on: req.db)
            throw Abort(.notFound)
        }
        return item
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let repository = IdentificationRepository(principal: principal, db: req.db)
        guard let query = repository.scoped() else { throw Abort(.notFound) }
        let items = try await query.sort(\.$identifiedOn, .descending).sort(\.$createdAt, .descending).limit(Self.pageLimit).all()
        let unreviewed = try await repository.scoped()?.filter(\.$decision == nil).count() ?? 0
        let children = try await repository.children(for: items)
        // Reading the queue is reading children's records: one audit row for the page, as for the children list.
        try await AuditLog.record(ListAudit.entry("identifications.list", entityType: "identification",
                                                  children: items.map { item in item.id.flatMap { children[$0]?.id } ?? item.childID },
                                                  detail: "entries=\(items.count) unreviewed=\(unreviewed)"), by: principal.auditActor, on: req.db)
        let rows = items.map { IdentificationView.make($0, child: $0.id.flatMap { children[$0] }) }
        // New identifications per week for the last 12 weeks, Monday to Sunday.
        let thisMonday = CalendarDate.today().previous(.monday)
        let firstMonday = thisMonday.adding(days: -7 * 11)
        let dates = try await repository.scoped()?.filter(\.$identifiedOn >= firstMonday).all(\.$identifiedOn) ?? []
        var perWeek = [Int](repeating: 0, count: 12)
        for day in dates { let week = firstMonday.days(to: day) / 7; if (0..<12).contains(week) { perWeek[week] += 1 } }
        let weekly = perWeek.enumerated().map { (firstMonday.adding(days: 7 * $0.offset), $0.element) }
        return .html(IdentificationPages.list(chrome: try await req.chrome(for: principal, current: .identifications),
                                              rows: rows, unreviewed: unreviewed, limit: Self.pageLimit, weekly: weekly))
    }

    private func detailPage(_ req: Request, _ principal: Principal, _ item: Identification, form: ReviewForm = ReviewForm(),
                            errors: [FormError] = [], notice: String? = nil) async throws -> HTMLPage {
        let child = try await IdentificationRepository(principal: principal, db: req.db).children(for: [item])[item.id!]
        return IdentificationPages.detail(chrome: try await req.chrome(for: principal, current: .identifications),
                                          view: IdentificationView.make(item, child: child), csrf: principal.csrfToken,
                                          form: form, errors: errors, notice: notice)
    }

    private func childID(of item: Identification, _ req: Request, _ principal: Principal) async throws -> UUID? {
        try await IdentificationRepository(principal: principal, db: req.db).children(for: [item])[item.id!]?.id
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await identification(req, principal)
        try await AuditLog.record(AuditEntry(action: "identification.view", entityType: "identification", entityID: item.id?.uuidString,
                                             childID: try await childID(of: item, req, principal)), by: principal.auditActor, on: req.db)
        let notice = (try? req.query.get(String.self, at: "reviewed")) != nil ? "Review recorded" : nil
        return .html(try await detailPage(req, principal, item, notice: notice))
    }

    @Sendable func review(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await identification(req, principal)
        let form = (try? req.content.decode(ReviewForm.self)) ?? ReviewForm()
        if let decision = item.decisionValue {
            let already = FormError(field: "decision", message: "This was already reviewed by \(item.reviewedBy ?? "someone") (\(decision.shortLabel.lowercased())); a review is not changed once recorded")
            return .html(try await detailPage(req, principal, item, form: form, errors: [already]), status: .unprocessableEntity)
        }
        let valid: ReviewForm.Valid
        switch form.validate() {
        case .valid(let v): valid = v
        case .invalid(let errors): return .html(try await detailPage(req, principal, item, form: form, errors: errors), status: .unprocessableEntity)
        }
        guard form.version == item.version else { return try await ConflictPage.response(req, principal, thing: "entry", back: SiteURL.identification(.value(item.id!)).path, section: .identifications) }
        let childID = try await childID(of: item, req, principal)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            item.decision = valid.decision.rawValue
            item.decisionNote = valid.note
            item.reviewedBy = "\(principal.displayName) (\(principal.email))"
            item.reviewedByUserID = principal.userID
            item.reviewedOn = CalendarDate.today()
            // The child is recorded once known, so the entry keeps pointing at them.
            if item.childID == nil { item.childID = childID }
            item.version += 1
            try await item.save(on: db)
            return ([AuditEntry(action: "identification.reviewed", entityType: "identification", entityID: item.id?.uuidString, childID: childID,
                                detail: "decision=\(valid.decision.rawValue)")], ())
        }
        return req.redirect(to: SiteURL.identification(.value(item.id!)).path(["reviewed": "1"]))
    }

}
