import Fluent
import Vapor

/// SECURITY.md: throttle and lock out repeated failures per account and per socket address.
/// Counts come from the database so every app server sees the same numbers.
struct SignInThrottle {
    static let window: TimeInterval = 15 * 60
    /// Five wrong passwords lock the account name for the window, whether or not it exists.
    static let maxFailuresPerAccount = 5
    static let maxFailuresPerAddress = 30

    let db: any Database

    func isLocked(emailKey: String, socketAddress: String, now: Date = Date()) async throws -> Bool {
        let since = now.addingTimeInterval(-Self.window)
        let byAccount = try await SignInAttempt.query(on: db)
            .filter(\.$emailKey == emailKey).filter(\.$succeeded == false).filter(\.$attemptedAt >= since).count()
        if byAccount >= Self.maxFailuresPerAccount { return true }
        let byAddress = try await SignInAttempt.query(on: db)
            .filter(\.$socketAddress == socketAddress).filter(\.$succeeded == false).filter(\.$attemptedAt >= since).count()
        return byAddress >= Self.maxFailuresPerAddress
    }

    func record(emailKey: String, socketAddress: String, succeeded: Bool, now: Date = Date()) async throws {
        try await SignInAttempt(emailKey: emailKey, socketAddress: socketAddress, succeeded: succeeded, at: now).create(on: db)
    }
}
