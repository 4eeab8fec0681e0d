import Fluent
import Foundation
import SQLKit
import Vapor
import ContinuumDomain

/// Drains the email outbox through GOV.UK Notify. A message is due when it is neither sent nor
/// failed and its `next_attempt_at` is empty or past. Each due message is claimed before it is
/// sent, by one UPDATE that moves `next_attempt_at` a lease into the future and counts the attempt,
/// conditional on the row still being as it was read: when two app servers (or a server and the
/// `continuum outbox send` scheduler) pick the same message, only one UPDATE matches, so the
/// message goes once. A server that dies mid-send leaves the claim to expire after the lease,
/// and the message is tried again then (at least once, never twice at the same time).
///
/// Nothing here logs an address, a subject, a body or a token: only message ids and counts.
struct OutboxDelivery: Sendable {
    struct Summary: Sendable, Equatable {
        var sent = 0
        var retrying = 0
        var failed = 0
    }

    static let batchSize = 50
    /// Longer than one request can take (NotifyClient.timeout), so a live claim never expires mid-send.
    static let lease: TimeInterval = 5 * 60

    let db: any Database
    let notify: NotifyClient
    let logger: Logger
    /// Writes the family's private link into a public EHC request's email as it leaves (EHCRequestLinks):
    /// the stored body holds only a placeholder, so the outbox never holds the token.
    var links: EHCRequestLinks? = nil

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Sends up to `limit` due messages, oldest first. `now` is the delivery clock (tests move it on
    /// to pass a backoff); the JWT's `iat` always uses the real clock, which is what Notify checks.
    func deliverDue(now: Date, limit: Int = OutboxDelivery.batchSize) async throws -> Summary {
        let due = try await OutboxMessage.query(on: db)
            .filter(\.$sentAt == nil).filter(\.$failedAt == nil)
            .group(.or) { $0.filter(\.$nextAttemptAt == nil).filter(\.$nextAttemptAt <= now) }
            .sort(\.$createdAt).sort(\.$id)
            .limit(max(1, min(limit, 500)))
            .all()
        var summary = Summary()
        for message in due {
            let id = try message.requireID()
            let attempt = (message.attempts ?? 0) + 1
            guard try await claim(id, seenAttempts: message.attempts, attempt: attempt, now: now) else { continue }
            let outcome = await notify.send(NotifyClient.Email(to: message.to, subject: message.subject, body: links?.expand(message.body) ?? message.body, reference: id.uuidString))
            switch outcome {
            case .delivered(let notifyID):
                try await sql.update(OutboxMessage.schema)
                    .set("sent_at", to: now).set("notify_id", to: notifyID).set("next_attempt_at", to: Date?.none).set("last_error", to: String?.none)
                    // Once Notify has it, the body (which may hold a set-up link) is not kept: a database read or a
                    // backup must not be a way into someone's account. The subject and Notify's id stay as the record.
                    .set("body", to: OutboxMessage.deliveredBody)
                    .where("id", .equal, id).run()
                summary.sent += 1
            case .temporary(let error):
                if let minutes = OutboxRetryPolicy.delayAfterFailure(attempt: attempt) {
                    try await sql.update(OutboxMessage.schema)
                        .set("next_attempt_at", to: now.addingTimeInterval(TimeInterval(minutes * 60))).set("last_error", to: error)
                        .where("id", .equal, id).run()
                    logger.notice("outbox message \(id) not sent (attempt \(attempt)); trying again in \(minutes) minute(s)")
                    summary.retrying += 1
                } else {
                    try await fail(id, error: "Gave up after \(attempt) attempts. " + error, now: now)
                    summary.failed += 1
                }
            case .permanent(let error):
                try await fail(id, error: error, now: now)
                summary.failed += 1
            }
        }
        return summary
    }

    /// True when this run now owns the message's attempt: the row was still unsent, unfailed, due,
    /// and on the attempt count we read.
    private func claim(_ id: UUID, seenAttempts: Int?, attempt: Int, now: Date) async throws -> Bool {
        let update = sql.update(OutboxMessage.schema)
            .set("next_attempt_at", to: now.addingTimeInterval(Self.lease))
            .set("attempts", to: attempt)
            .where("id", .equal, id)
            .where("sent_at", .is, SQLLiteral.null)
            .where("failed_at", .is, SQLLiteral.null)
            .where { $0.where("next_attempt_at", .is, SQLLiteral.null).orWhere("next_attempt_at", .lessThanOrEqual, now) }
        if let seenAttempts { update.where("attempts", .equal, seenAttempts) } else { update.where("attempts", .is, SQLLiteral.null) }
        let rows = try await update.returning("id").all()
        return rows.count == 1
    }

    private func fail(_ id: UUID, error: String, now: Date) async throws {
        try await sql.update(OutboxMessage.schema)
            .set("failed_at", to: now).set("last_error", to: String(error.prefix(1000))).set("next_attempt_at", to: Date?.none)
            .where("id", .equal, id).run()
        logger.warning("outbox message \(id) could not be sent and will not be retried: an administrator can see why on /admin/outbox")
    }

    /// Messages waiting to go (any authority): what `outbox send` reports when no key is configured.
    static func queuedCount(on db: any Database) async throws -> Int {
        try await OutboxMessage.query(on: db).filter(\.$sentAt == nil).filter(\.$failedAt == nil).count()
    }
}

extension Application {
    /// Whether a GOV.UK Notify key is configured, so queued emails actually leave. Pages that
    /// queue an email say "queued" rather than "told" when this is false.
    var notifyConfigured: Bool { continuumConfiguration.notify != nil }

    /// A delivery worker for this application's database, or nil with no Notify key.
    func outboxDelivery() async -> OutboxDelivery? {
        guard let settings = continuumConfiguration.notify else { return nil }
        return OutboxDelivery(db: db, notify: await NotifyClient.make(settings: settings, client: client), logger: logger, links: ehcRequestLinks)
    }
}
