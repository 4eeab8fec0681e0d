import Foundation
import NIOConcurrencyHelpers
import Vapor

/// `continuum outbox send`: for an operator's scheduler (cron or a systemd timer, every minute).
/// Sends what is due and prints one line of JSON,
/// `{"sent":n,"retrying":n,"failed":n,"queued_without_key":n}`. With no Notify key configured it
/// sends nothing, says on standard error that the messages stay queued, and exits 0: a council that
/// has not set Notify up yet is not an error.
enum OutboxCommand {
    static let usage = "usage: continuum outbox send"

    static func run(_ args: [String], app: Application, now: Date = Date()) async throws -> CLIResult {
        guard args == ["send"] else { return .usage(usage) }
        guard let delivery = await app.outboxDelivery() else {
            let queued = try await OutboxDelivery.queuedCount(on: app.db)
            return CLIResult(stdout: line(OutboxDelivery.Summary(), queuedWithoutKey: queued),
                             stderr: "NOTIFY_API_KEY is not set: nothing was sent; \(queued) message(s) stay queued until a GOV.UK Notify key and template are configured",
                             status: 0)
        }
        let summary = try await delivery.deliverDue(now: now)
        return .ok(line(summary, queuedWithoutKey: 0))
    }

    static func line(_ summary: OutboxDelivery.Summary, queuedWithoutKey: Int) -> String {
        JSONLine.object([("sent", .int(summary.sent)), ("retrying", .int(summary.retrying)), ("failed", .int(summary.failed)),
                         ("queued_without_key", .int(queuedWithoutKey))])
    }
}

/// `serve` delivers the outbox itself every 30 seconds when a Notify key is configured, so a small
/// council needs no scheduler. The loop starts when the server has booted and is cancelled at
/// shutdown; several servers running it at once is safe (OutboxDelivery claims each message).
final class OutboxDeliveryLoop: LifecycleHandler {
    static let interval: Duration = .seconds(30)
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    /// Installs the loop on `app` when a key is configured; otherwise does nothing.
    static func install(_ app: Application) {
        guard app.notifyConfigured else {
            app.logger.notice("No NOTIFY_API_KEY: emails stay queued in the outbox and are not sent")
            return
        }
        app.lifecycle.use(OutboxDeliveryLoop())
    }

    func didBootAsync(_ application: Application) async throws {
        let started = Task.detached { [application] in
            guard let delivery = await application.outboxDelivery() else { return }
            while !Task.isCancelled {
                var summary = OutboxDelivery.Summary()
                do {
                    summary = try await delivery.deliverDue(now: Date())
                    if summary != OutboxDelivery.Summary() {
                        application.logger.info("outbox: \(summary.sent) sent, \(summary.retrying) to retry, \(summary.failed) failed")
                    }
                } catch {
                    // A database outage: try again on the next tick.
                    application.logger.error("outbox delivery run failed: \(String(reflecting: type(of: error)))")
                }
                // A full batch means more are due: carry straight on rather than wait.
                if summary.sent + summary.retrying + summary.failed < OutboxDelivery.batchSize { try? await Task.sleep(for: Self.interval) }
            }
        }
        task.withLockedValue { $0 = started }
    }

    func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { current in defer { current = nil }; return current }
        running?.cancel()
        await running?.value
    }
}
