import Fluent
import Foundation

/// At most `limit` public EHC requests an hour from one socket address (issue 13 item 8). Each attempt is
/// written before it is counted, so requests racing on several app servers can't all slip under the limit:
/// each sees the others' rows (the same lesson as the sign-in throttle, issue 13 item 7). Every POST of the
/// form counts, valid or not, since each one costs the council work.
struct PublicRequestLimiter: Sendable {
    static let limit = 10
    static let window: TimeInterval = 3600

    let db: any Database

    /// Records this attempt and says whether it is within the limit.
    func admit(_ socketAddress: String, now: Date = Date()) async throws -> Bool {
        // Bounded: the address is a socket address, or "unknown"; cut anyway so a proxy's header can't grow a row.
        let address = String(socketAddress.prefix(64))
        try await PublicRequestAttempt(socketAddress: address, attemptedAt: now).create(on: db)
        let since = now.addingTimeInterval(-Self.window)
        // Attempts older than the window say nothing any more, and an address is personal data: keep none.
        try await PublicRequestAttempt.query(on: db).filter(\.$attemptedAt < since).delete()
        let recent = try await PublicRequestAttempt.query(on: db).filter(\.$socketAddress == address).filter(\.$attemptedAt > since).count()
        return recent <= Self.limit
    }
}
