import Fluent
import Vapor
import XCTest
@testable import ContinuumApp

/// Two app servers share one database: an edit made on one reaches the other when its cached brand expires.
final class BrandingCacheTests: XCTestCase {
    func testAnotherServersCachedBrandExpiresAndReadsTheEdit() async throws {
        let app = try await TestWorld.makeApp()
        do {
            let authorityID = try await TestWorld.demoAuthorityID(app.db)
            let thisServer = BrandingCache(lifetime: 0.5), otherServer = BrandingCache(lifetime: 0.5)
            let before = try await otherServer.brand(for: authorityID, on: app.db).namedOfficer
            let authority = try await Authority.find(authorityID, on: app.db)!
            authority.namedOfficer = "A New Named Officer"
            try await authority.save(on: app.db)
            thisServer.forget(authorityID)
            assertEqual(try await thisServer.brand(for: authorityID, on: app.db).namedOfficer, "A New Named Officer", "the editing server forgets at once")
            assertEqual(try await otherServer.brand(for: authorityID, on: app.db).namedOfficer, before, "the other server still has its cached copy")
            try await Task.sleep(nanoseconds: 700_000_000)
            assertEqual(try await otherServer.brand(for: authorityID, on: app.db).namedOfficer, "A New Named Officer", "and reads the edit once it expires")
        } catch { XCTFail("\(error)") }
        try await app.asyncShutdown()
    }
}
