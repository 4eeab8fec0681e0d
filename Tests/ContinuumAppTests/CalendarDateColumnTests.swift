import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 14 item 3: date-only columns are `CalendarDate` on the models and stay YYYY-MM-DD text in
/// the database, on SQLite and (the CI lane, through DATABASE_URL) PostgreSQL alike.
final class CalendarDateColumnTests: XCTestCase {
    func testDateColumnsAreStoredAsTextAndReadAndFilteredAsDates() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        do {
            try await checkDateColumns(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private func checkDateColumns(_ app: Application) async throws {
        let authority = Authority(name: "Date Column Council", laCode: "998", namedOfficer: "Named Officer")
        try await authority.create(on: app.db)
        let authorityID = try authority.requireID()
        // Across a year end, so text order and calendar order could differ if the text were not YYYY-MM-DD.
        let starts = [CalendarDate(year: 2024, month: 9, day: 2), CalendarDate(year: 2025, month: 1, day: 6), CalendarDate(year: 2025, month: 4, day: 22)]
        for (index, start) in starts.enumerated() {
            try await TermDate(authorityID: authorityID, kind: .term, name: "Term \(index + 1)", startsOn: start, endsOn: start.adding(days: 60)).create(on: app.db)
        }

        // Through Fluent: the model reads back the CalendarDate it saved.
        let first = try await TermDate.query(on: app.db).filter(\.$name == "Term 1").first()
        XCTAssertEqual(first?.startsOn, starts[0])
        XCTAssertEqual(first?.endsOn, CalendarDate(year: 2024, month: 11, day: 1))

        // The column holds the text "YYYY-MM-DD": no migration, and raw SQL sees what it always saw.
        let sql = try XCTUnwrap(app.db as? any SQLDatabase)
        let raw = try await sql.select().column("starts_on").from(TermDate.schema).where("name", .equal, "Term 2").first()
        XCTAssertEqual(try raw?.decode(column: "starts_on", as: String.self), "2025-01-06")

        // Through SQLKit: the same column decodes as a CalendarDate, and a bound CalendarDate compares as the text.
        let typed = try await sql.select().column("starts_on").from(TermDate.schema)
            .where("authority_id", .equal, authorityID).orderBy("starts_on").all()
        XCTAssertEqual(try typed.map { try $0.decode(column: "starts_on", as: CalendarDate.self) }, starts)
        let before = try await sql.select().column("name").from(TermDate.schema)
            .where("authority_id", .equal, authorityID).where("starts_on", .lessThan, starts[1]).all()
        XCTAssertEqual(try before.map { try $0.decode(column: "name", as: String.self) }, ["Term 1"])

        // A Fluent filter on a CalendarDate: `>=` finds the dates on and after it, sorted as the calendar.
        let fromJanuary = try await TermDate.query(on: app.db).filter(\.$authority.$id == authorityID)
            .filter(\.$startsOn >= CalendarDate(year: 2025, month: 1, day: 6)).sort(\.$startsOn).all()
        XCTAssertEqual(fromJanuary.map(\.name), ["Term 2", "Term 3"])

        // An optional date column: NULL when absent, the text when set.
        let base = TeachingBase(authorityID: authorityID, name: "Date Column Base", address: "1 Test Street", postcode: "SW1A 1AA", capacity: 4)
        base.opensOn = starts[2]
        try await base.create(on: app.db)
        let stored = try await TeachingBase.find(try base.requireID(), on: app.db)
        XCTAssertEqual(stored?.opensOn, starts[2])
        XCTAssertNil(stored?.closesOn)
        let baseRow = try await sql.select().column("opens_on").column("closes_on").from(TeachingBase.schema)
            .where("id", .equal, try base.requireID()).first()
        XCTAssertEqual(try baseRow?.decode(column: "opens_on", as: String.self), "2025-04-22")
        XCTAssertNil(try baseRow?.decode(column: "closes_on", as: String?.self))
        let open = try await TeachingBase.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$closesOn == nil).count()
        XCTAssertEqual(open, 1)
    }
}
