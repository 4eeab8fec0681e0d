import Fluent
import Vapor

/// SECURITY.md: throttle and lock out repeated failures per account and per socket address.
/// Counts come from the database so every app server sees the same numbers.
///
/// Each attempt is recorded before it is judged (issue 13 item 7): the row goes in first, counted as a
/// failure until the password or code proves right, and only then are the rows counted. Of N guesses racing,
/// the k-th row to land sees at least k rows, so no more than the limit ever reach the password check.
struct SignInThrottle {
    static let window: TimeInterval = 15 * 60
    /// Five wrong passwords lock the account name for the window, whether or not it exists.
    static let maxFailuresPerAccount = 5
    /// Per address, failures up to this many in the window are free; after that each attempt waits
    /// longer after the last failure (1 s, 2 s, 4 s, … up to `maxAddressDelay`) instead of a hard lock,
    /// so one person guessing from a shared address (a school's network) doesn't shut everyone out for long.
    static let freeFailuresPerAddress = 20
    static let maxAddressDelay: TimeInterval = 5 * 60

    enum Decision: Equatable, Sendable {
        case allowed(attempt: UUID)
        case accountLocked
        case addressBackoff(seconds: Int)

        /// The sentence for the error summary and the field.
        var message: String? {
            switch self {
            case .allowed: return nil
            case .accountLocked: return "There have been too many attempts to sign in. Wait 15 minutes, then try again"
            case .addressBackoff(let seconds):
                let wait = seconds < 60 ? "\(seconds) second\(seconds == 1 ? "" : "s")" : "\((seconds + 59) / 60) minute\(seconds > 60 ? "s" : "")"
                return "There have been too many attempts to sign in from your network. Wait \(wait), then try again"
            }
        }

        var retryAfter: Int {
            switch self {
            case .allowed: return 0
            case .accountLocked: return Int(SignInThrottle.window)
            case .addressBackoff(let seconds): return seconds
            }
        }
    }

    let db: any Database

    static func addressDelay(failures: Int) -> TimeInterval {
        guard failures >= freeFailuresPerAddress else { return 0 }
        return min(maxAddressDelay, pow(2, Double(min(failures - freeFailuresPerAddress, 30))))
    }

    /// Records an attempt (as a failure for now) and decides whether it may go on. A refused attempt's row is
    /// taken out again: no password was tried, so it shouldn't lengthen anyone's wait.
    func begin(emailKey: String, socketAddress: String, now: Date = Date()) async throws -> Decision {
        // Under the audit chain's lock, like every other sign-in write: on SQLite a deferred transaction fails
        // if another connection commits between its read and its write, so writes here take turns.
        try await AuditLog.transaction(on: db, actor: Self.actor(socketAddress)) { db in
            ([], try await Self.decide(emailKey: emailKey, socketAddress: socketAddress, now: now, on: db))
        }
    }

    private static func actor(_ socketAddress: String) -> AuditActor {
        AuditActor(userID: nil, name: "sign-in throttle", role: "system", socketAddress: socketAddress)
    }

    private static func decide(emailKey: String, socketAddress: String, now: Date, on db: any Database) async throws -> Decision {
        let attempt = SignInAttempt(emailKey: emailKey, socketAddress: socketAddress, succeeded: false, at: now)
        try await attempt.create(on: db)
        let id = try attempt.requireID()
        let since = now.addingTimeInterval(-window)
        let byAccount = try await SignInAttempt.query(on: db)
            .filter(\.$emailKey == emailKey).filter(\.$succeeded == false).filter(\.$attemptedAt >= since).count()
        var decision = Decision.allowed(attempt: id)
        if byAccount > maxFailuresPerAccount {
            decision = .accountLocked
        } else {
            let others = SignInAttempt.query(on: db)
                .filter(\.$socketAddress == socketAddress).filter(\.$succeeded == false).filter(\.$attemptedAt >= since).filter(\.$id != id)
            let failures = try await others.count()
            let delay = addressDelay(failures: failures)
            if delay > 0, let last = try await others.max(\.$attemptedAt) {
                let remaining = delay - now.timeIntervalSince(last)
                if remaining > 0 { decision = .addressBackoff(seconds: max(1, Int(remaining.rounded(.up)))) }
            }
        }
        if decision != .allowed(attempt: id) {
            try await SignInAttempt.query(on: db).filter(\.$id == id).delete()
        }
        return decision
    }

    /// The attempt proved right: it no longer counts as a failure.
    func succeeded(_ attempt: UUID) async throws {
        try await AuditLog.transaction(on: db, actor: Self.actor("")) { db in ([], try await Self.markSucceeded(attempt, on: db)) }
    }

    /// The same, inside a transaction the caller already holds.
    static func markSucceeded(_ attempt: UUID, on db: any Database) async throws {
        try await SignInAttempt.query(on: db).filter(\.$id == attempt).set(\.$succeeded, to: true).update()
    }
}
