import Foundation
import Vapor
import ContinuumPlanning

/// What the planning page's exact search chose: the sites, whether it proved them best, and the line it prints.
struct PlanningSolution: Sendable, Equatable {
    let sites: [Int]
    let isOptimal: Bool
    let summary: String
}

/// The solver's whole input, reduced to a digest: the authority, the objective and its settings,
/// and every child's and candidate site's position in order. Any change to referrals, homes,
/// bases, schools or the query changes the key, so a cached answer is never stale.
struct PlanningSolverKey: Hashable, Sendable {
    let authorityID: UUID
    let digest: String

    init(authorityID: UUID, objective: String, p: Int, fixed: Set<Int>, within: Int, input: SitePlanInput) {
        var hasher = SHA256()
        func add(_ text: String) { hasher.update(data: Data(text.utf8)); hasher.update(data: Data([0])) }
        add(authorityID.uuidString); add(objective); add(String(p)); add(fixed.sorted().map(String.init).joined(separator: ","))
        add(String(within)); add(input.travelModelDescription)
        for child in input.children { add("\(child.id) \(child.location.easting) \(child.location.northing)") }
        add("|")
        for site in input.candidates { add("\(site.id) \(site.location.easting) \(site.location.northing)") }
        self.authorityID = authorityID
        self.digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    init(authorityID: UUID, digest: String) {
        self.authorityID = authorityID
        self.digest = digest
    }
}

/// Runs the planning page's exact search (up to 10 s of CPU) off the event loops and off Swift's
/// cooperative pool, on a thread of its own (issue 13 item 6):
/// - the answer is cached by its input (`PlanningSolverKey`), the cache bounded to `cacheLimit` answers;
/// - a request for an answer already being worked out waits for that run rather than starting another;
/// - one person has at most one run going: a second, different request while it runs is told to try again;
/// - at most `concurrentLimit` runs go at once, whoever asks.
actor PlanningCache {
    static let cacheLimit = 32
    static let concurrentLimit = 2

    enum Answer: Sendable, Equatable {
        case ready(PlanningSolution, fromCache: Bool)
        /// This person already has a run going, or the server has as many as it allows.
        case busy
    }

    private var cached: [PlanningSolverKey: PlanningSolution] = [:]
    /// Least recently used first.
    private var order: [PlanningSolverKey] = []
    private var running: [PlanningSolverKey: Task<PlanningSolution, any Error>] = [:]
    private var runningFor: [UUID: PlanningSolverKey] = [:]
    /// How many times the solver has been started: what the tests count.
    private(set) var solverRuns = 0

    func solve(_ key: PlanningSolverKey, for user: UUID, _ work: @escaping @Sendable () throws -> PlanningSolution) async throws -> Answer {
        if let hit = cached[key] {
            touch(key)
            return .ready(hit, fromCache: true)
        }
        if let task = running[key] { return .ready(try await task.value, fromCache: true) }
        if runningFor[user] != nil || running.count >= Self.concurrentLimit { return .busy }
        solverRuns += 1
        // Unstructured, so a person who closes the page doesn't cancel a run others may be waiting for.
        let task = Task { try await Self.onOwnThread(work) }
        running[key] = task
        runningFor[user] = key
        do {
            let solution = try await task.value
            running[key] = nil
            runningFor[user] = nil
            cached[key] = solution
            touch(key)
            while order.count > Self.cacheLimit { cached[order.removeFirst()] = nil }
            return .ready(solution, fromCache: false)
        } catch {
            running[key] = nil
            runningFor[user] = nil
            throw error
        }
    }

    private func touch(_ key: PlanningSolverKey) {
        order.removeAll { $0 == key }
        order.append(key)
    }

    /// A thread of its own: the search is seconds of CPU that would otherwise hold one of the few
    /// threads every request's async work shares.
    private static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = "continuum-planning"
            thread.start()
        }
    }
}

private struct PlanningCacheKey: StorageKey { typealias Value = PlanningCache }
private struct PlanningCacheLock: LockKey {}

extension Application {
    /// One per application, made on first use.
    var planningCache: PlanningCache {
        locks.lock(for: PlanningCacheLock.self).withLock {
            if let existing = storage[PlanningCacheKey.self] { return existing }
            let made = PlanningCache()
            storage[PlanningCacheKey.self] = made
            return made
        }
    }
}
