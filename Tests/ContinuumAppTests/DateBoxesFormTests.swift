import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 14 item 3: every form takes dates in the GOV.UK date-input pattern (day, month and year boxes),
/// joined by one decoder and read by one `DateEntry`.
final class DateBoxesFormTests: XCTestCase {
    func testJoinKeepsOtherFieldsAndPrefersTheBoxes() {
        XCTAssertNil(DateBoxes.join("title=Fire&assessedOn=2026-09-01"), "no boxes: decoded untouched")
        let joined = DateBoxes.join("title=Fire+drill&since=2026-01-01&since-day=3&since-month=12&since-year=2026&note=a%26b")!
        let pairs = Set(joined.split(separator: "&").map(String.init))
        XCTAssertEqual(pairs, ["title=Fire+drill", "note=a%26b", "since=3%2F12%2F2026"])
        XCTAssertEqual(DateBoxes.join("on-day=&on-month=&on-year="), "on=", "three empty boxes are a blank date")
        XCTAssertEqual(DateBoxes.join("on-day=+3+&on-year=2026"), "on=3%2F%2F2026", "a missing box stays missing")
    }

    func testAFormSavesTheBoxesAndShowsThemAgainWithTheirError() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).sort(\.$legalSurname).first()!
        let path = "/children/\(child.id!)"
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let form = try await coordinator.get(path + "/agencies").body
        for box in ["since-day", "since-month", "since-year"] {
            XCTAssertTrue(form.contains("name=\"\(box)\""), "the involvement form has the \(box) box")
        }

        let missingMonth = try await coordinator.post(path + "/involvements", ["agency": "camhs", "contactName": "Dr Lee",
                                                                               "since-day": "7", "since-month": "", "since-year": "2026"])
        XCTAssertEqual(missingMonth.status, .unprocessableEntity)
        XCTAssertTrue(missingMonth.body.contains("href=\"#since\">The date the agency became involved must include a month"), missingMonth.body)
        XCTAssertTrue(missingMonth.body.contains("id=\"since\" name=\"since-day\" type=\"text\" inputmode=\"numeric\" value=\"7\""),
                      "the typed day is shown again in its box")

        let unreal = try await coordinator.post(path + "/involvements", ["agency": "camhs", "contactName": "Dr Lee",
                                                                         "since-day": "31", "since-month": "9", "since-year": "2026"])
        XCTAssertTrue(unreal.body.contains("The date the agency became involved must be a real date"))

        let saved = try await coordinator.post(path + "/involvements", ["agency": "camhs", "contactName": "Dr Lee",
                                                                        "since-day": "7", "since-month": "Sep", "since-year": "2026"])
        XCTAssertEqual(saved.status, .seeOther)
        let list = try await coordinator.get(path + "/agencies")
        XCTAssertTrue(list.body.contains("7 September 2026"))
        try await app.asyncShutdown()
    }

    func testAGETFilterTakesTheBoxesToo() async throws {
        let app = try await TestWorld.makeApp()
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let census = try await coordinator.get("/medical-education/census?at-day=15&at-month=1&at-year=2026")
        XCTAssertEqual(census.status, .ok)
        XCTAssertTrue(census.body.contains("value=\"15\"") && census.body.contains("15 January 2026"), "the census is as at the boxes' date")
        let bad = try await coordinator.get("/medical-education/census?at-day=15&at-month=&at-year=2026")
        XCTAssertTrue(bad.body.contains("Census date must be a real date"))
        try await app.asyncShutdown()
    }
}
