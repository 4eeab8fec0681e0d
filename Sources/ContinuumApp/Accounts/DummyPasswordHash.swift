import NIOConcurrencyHelpers
import Vapor

/// The hash an unknown email is verified against, so "no such account" costs the same as a wrong
/// password. Made on first use rather than at start-up: CLI commands never sign anyone in and
/// shouldn't pay a bcrypt round each; `serve` warms it before taking requests.
final class DummyPasswordHash: Sendable {
    private let cost: Int
    private let cached = NIOLockedValueBox<String?>(nil)

    init(cost: Int) { self.cost = cost }

    var value: String {
        get throws {
            try cached.withLockedValue { hash in
                if let hash { return hash }
                let made = try Bcrypt.hash(SessionToken.random(), cost: cost)
                hash = made
                return made
            }
        }
    }

    func warm() throws { _ = try value }
}

struct DummyPasswordHashKey: StorageKey { typealias Value = DummyPasswordHash }
