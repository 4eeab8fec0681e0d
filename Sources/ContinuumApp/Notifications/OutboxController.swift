import Fluent
import Foundation
import SQLKit
import Vapor
import GOVUK

/// `/admin/outbox`: how the council's emails are going. Counts of queued, retrying, sent and
/// failed messages, and each permanent failure with Notify's reason and a "Try again" button.
/// Scoped to the administrator's authority: two councils sharing a database never see each
/// other's recipients.
struct OutboxController {
    /// Failures shown on the page, newest first; older ones are counted but not listed.
    static let failuresShown = 100

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .adminOutbox, roles: Roles.administrators, use: show)
        routes.secure(.POST, .adminOutboxRetry(.key), roles: Roles.administrators, use: retry)
    }

    struct Counts: Sendable, Equatable {
        var queued = 0, retrying = 0, sent = 0, failed = 0
    }

    /// Four counts for one authority (also for the administrator's home page).
    static func counts(authorityID: UUID, on db: any Database) async throws -> Counts {
        func base() -> QueryBuilder<OutboxMessage> { OutboxMessage.query(on: db).filter(\.$authorityID == authorityID) }
        var counts = Counts()
        counts.sent = try await base().filter(\.$sentAt != nil).count()
        counts.failed = try await base().filter(\.$sentAt == nil).filter(\.$failedAt != nil).count()
        let waiting = base().filter(\.$sentAt == nil).filter(\.$failedAt == nil)
        counts.retrying = try await waiting.copy().filter(\.$attempts > 0).count()
        counts.queued = try await waiting.count() - counts.retrying
        return counts
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let counts = try await Self.counts(authorityID: principal.authorityID, on: req.db)
        let failures = try await OutboxMessage.query(on: req.db).filter(\.$authorityID == principal.authorityID)
            .filter(\.$sentAt == nil).filter(\.$failedAt != nil)
            .sort(\.$failedAt, .descending).limit(Self.failuresShown).all()
        let configured = req.application.notifyConfigured
        var content: [HTMLNode] = [
            req.query[String.self, at: "retried"] != nil ? notificationBanner(heading: "The message will be sent again within a minute or so") : .empty,
            h1("Emails", caption: "Delivery through GOV.UK Notify"),
            configured
                ? insetText("A GOV.UK Notify key is configured: queued emails are sent within a minute, and failed sends are tried again after 1, 5, 30 and 120 minutes.")
                : warningText("No GOV.UK Notify key is configured (NOTIFY_API_KEY), so no email leaves Continuum. Messages stay queued and are sent once a key and template are set."),
            summaryList([
                SummaryRow("Queued", text: String(counts.queued)),
                SummaryRow("Being tried again", text: String(counts.retrying)),
                SummaryRow("Sent", text: String(counts.sent)),
                SummaryRow("Failed", text: String(counts.failed)),
            ]),
        ]
        if failures.isEmpty {
            content.append(p("No email has failed."))
        } else {
            let rows: [[TableCell]] = failures.map { message in
                [TableCell(text: message.to), TableCell(text: message.subject), TableCell(text: message.failedAt.map(Self.when) ?? ""),
                 TableCell(text: message.lastError ?? "No reason recorded"),
                 TableCell(postForm(action: SiteURL.adminOutboxRetry(.value(message.id!)).path, csrfToken: principal.csrfToken, [
                     el("button", [.cls("govuk-button govuk-button--secondary govuk-!-margin-bottom-0"), Attr("type", "submit"), Attr("data-module", "govuk-button")], [
                         txt("Try again"), el("span", [.cls("govuk-visually-hidden")], text: " to send to \(message.to)"),
                     ]),
                 ]))]
            }
            content.append(table(caption: counts.failed > failures.count ? "The \(failures.count) most recent failed emails" : "Failed emails",
                                 headers: ["Recipient", "Subject", "Failed", "GOV.UK Notify's reason", "Action"], rows: rows))
        }
        return .html(HTMLPage(title: "Emails", chrome: try await req.chrome(for: principal, current: .adminOutbox), content: content))
    }

    /// Puts a failed message back in the queue with a fresh set of attempts (after the address or
    /// the template has been put right).
    @Sendable func retry(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = req.parameters.get("messageID", as: UUID.self),
              let message = try await OutboxMessage.query(on: req.db).filter(\.$id == id).filter(\.$authorityID == principal.authorityID)
                .filter(\.$sentAt == nil).filter(\.$failedAt != nil).first() else {
            throw Abort(.notFound)
        }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await (db as! any SQLDatabase).update(OutboxMessage.schema)
                .set("failed_at", to: Date?.none).set("attempts", to: Int?.none).set("next_attempt_at", to: Date?.none)
                .where("id", .equal, id).run()
            return ([AuditEntry(action: "outbox.retry", entityType: "email_outbox", entityID: id.uuidString, detail: message.lastError.map { String($0.prefix(200)) } ?? "")], ())
        }
        return req.redirect(to: SiteURL.adminOutbox.path(["retried": "1"]))
    }

    static func when(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "Europe/London")
        formatter.dateFormat = "d MMMM yyyy 'at' HH:mm"
        return formatter.string(from: date)
    }
}
