import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 13 item 6: the planning page's exact search runs off the event loop, once per input (the
/// answer cached, the cache bounded), and at most once at a time per person.
final class PlanningCacheTests: XCTestCase {
    func testConcurrentRequestsFromOnePersonRunTheSolverOnceAndAChangedInputRunsItAgain() async throws {
        let app = try await TestWorld.makeApp()
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        // A second tab of the same signed-in session.
        let tab = TestClient(app)
        tab.cookies = coordinator.cookies
        let path = "/planning?children=year&hubs=2"
        async let first = coordinator.get(path)
        async let second = tab.get(path)
        let (one, two) = try await (first, second)
        XCTAssertEqual(one.status, .ok)
        XCTAssertEqual(two.status, .ok)
        for page in [one, two] { XCTAssertTrue(page.body.contains("2 new hubs, least travel (proved optimal)"), page.body) }
        assertEqual(await app.planningCache.solverRuns, 1, "two concurrent requests, one run")
        let third = try await coordinator.get(path)
        XCTAssertEqual(third.status, .ok)
        assertEqual(await app.planningCache.solverRuns, 1, "the third request is answered from the cache")
        XCTAssertNotNil(hubLine(one.body))
        XCTAssertEqual(hubLine(one.body), hubLine(third.body), "the cached answer is the same answer")

        // A child of the cohort moving home changes the input: the cache doesn't answer for it.
        let children = try await Referral.query(on: app.db).filter(\.$receivedOn >= CalendarDate.today().adding(days: -365)).with(\.$child).all()
            .map(\.child).filter { $0.homePostcode != nil }
        let mover = try XCTUnwrap(children.first)
        mover.homePostcode = try XCTUnwrap(children.first { $0.homePostcode != mover.homePostcode }).homePostcode
        try await mover.save(on: app.db)
        assertEqual(try await coordinator.get(path).status, .ok)
        assertEqual(await app.planningCache.solverRuns, 2, "a changed input is searched again")
        try await app.asyncShutdown()
    }

    private func hubLine(_ body: String) -> String? {
        guard let start = body.range(of: "Least total travel:") else { return nil }
        return String(body[start.lowerBound...].prefix { $0 != "<" })
    }

    func testOneRunPerPersonAtATimeSharedByTheSameInputAndABoundedCache() async throws {
        let cache = PlanningCache()
        let gate = DispatchSemaphore(value: 0)
        let authority = UUID(), user = UUID(), other = UUID()
        let a = PlanningSolverKey(authorityID: authority, digest: "a"), b = PlanningSolverKey(authorityID: authority, digest: "b")
        let solution = PlanningSolution(sites: [1, 2], isOptimal: true, summary: "two sites")
        let running = Task { try await cache.solve(a, for: user) { gate.wait(); return solution } }
        while await cache.solverRuns == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
        let busy = try await cache.solve(b, for: user) { XCTFail("a second run for the same person must not start"); return solution }
        XCTAssertEqual(busy, .busy, "one run at a time per person")
        let waiting = Task { try await cache.solve(a, for: other) { XCTFail("the same input must not be searched twice"); return solution } }
        try await Task.sleep(nanoseconds: 50_000_000)
        gate.signal()
        assertEqual(try await running.value, .ready(solution, fromCache: false))
        assertEqual(try await waiting.value, .ready(solution, fromCache: true), "the same input waits for the run going")
        assertEqual(await cache.solverRuns, 1)
        assertEqual(try await cache.solve(b, for: user) { solution }, .ready(solution, fromCache: false), "once the run is over the person may start another")

        // The cache holds at most `cacheLimit` answers, least recently used out first.
        for n in 0..<PlanningCache.cacheLimit { _ = try await cache.solve(PlanningSolverKey(authorityID: authority, digest: "fill \(n)"), for: user) { solution } }
        let before = await cache.solverRuns
        _ = try await cache.solve(a, for: user) { solution }
        assertEqual(await cache.solverRuns, before + 1, "the oldest answer was dropped")
    }
}
