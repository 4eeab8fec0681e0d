import Fluent
import Foundation
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 12 item 4: adding a child by hand and changing their details, with the usual checks,
/// optimistic locking, scope and audit.
final class ChildEditTests: XCTestCase {
    static let upn = UPN.make(laCode: "885", establishment: "2001", year2: 25, serial: 901).value

    func form(upn: String = ChildEditTests.upn, dob: String = "2016-04-12", surname: String = "Hughes", urn: String = "") -> [String: String] {
        ["legalForename": "Ffion", "legalSurname": surname, "preferredName": "", "dateOfBirth": dob, "sex": "F", "upn": upn,
         "homePostcode": "wr1 2ab", "confidentialAddress": "true", "homeSchoolURN": urn, "senProvision": "K", "primaryNeed": "SPLD", "secondaryNeed": ""]
    }

    func testAnOfficerAddsAChildWithTheUsualChecks() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let school = try await Establishment.query(on: app.db).filter(\.$laCode == DemoSeeder.laCode).first()!
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let blank = try await client.get("/children/new")
        XCTAssertEqual(blank.status, .ok)
        XCTAssertTrue(blank.body.contains("<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Date of birth</legend>")
                      && blank.body.contains("<label class=\"govuk-label govuk-date-input__label\" for=\"dateOfBirth\">Day</label>"), "a GOV.UK date input")

        let badCheck = "A" + Self.upn.dropFirst()
        let bad = try await client.post("/children/new", form(upn: badCheck, dob: "2031-01-01", urn: "9999999"))
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("href=\"#upn\">Enter a valid UPN: \(UPN.checkLetterReason)"), bad.body)
        XCTAssertTrue(bad.body.contains("href=\"#dateOfBirth\">Date of birth must be today or in the past"))
        XCTAssertTrue(bad.body.contains("href=\"#homeSchoolURN\">There is no school with URN 9999999"))
        XCTAssertTrue(bad.body.contains("<span class=\"govuk-visually-hidden\">Error:</span> Enter a valid UPN"), "the message is beside the field too")
        XCTAssertTrue(bad.body.contains("value=\"Hughes\""), "what was typed is kept")
        let tooOld = try await client.post("/children/new", form(dob: "1990-06-01"))
        XCTAssertTrue(tooOld.body.contains("Date of birth must be within the last 25 years"), tooOld.body)
        let taken = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).first()!
        let duplicate = try await client.post("/children/new", form(upn: taken.upn!.lowercased()))
        XCTAssertEqual(duplicate.status, .unprocessableEntity)
        XCTAssertTrue(duplicate.body.contains("Another child in this council already has the UPN \(taken.upn!)"), duplicate.body)
        assertEqual(try await Child.query(on: app.db).filter(\.$upn == Self.upn).count(), 0)

        // The neighbour's UPN is free here: uniqueness is within one council.
        let neighbourUPN = try await Child.query(on: app.db).filter(\.$legalSurname == "Outofscope").first()!.upn!
        try await client.get("/children/new")
        let shared = try await client.post("/children/new", form(upn: neighbourUPN))
        XCTAssertEqual(shared.status, .seeOther, shared.body)

        try await client.get("/children/new")
        let made = try await client.post("/children/new", form(urn: String(school.urn)))
        XCTAssertEqual(made.status, .seeOther, made.body)
        let child = try await Child.query(on: app.db).filter(\.$upn == Self.upn).first()!
        XCTAssertEqual(made.location, "/children/\(child.id!.uuidString)")
        XCTAssertEqual(child.$authority.id, authorityID)
        XCTAssertEqual(child.homePostcode, "WR1 2AB")
        XCTAssertTrue(child.confidentialAddress)
        XCTAssertEqual(child.$homeSchool.id, school.id)
        XCTAssertEqual(child.primaryNeed, "SPLD")
        XCTAssertTrue(child.searchKey.contains("hughes, ffion"))
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "child.created").filter(\.$childID == child.id!).count(), 1)
        let record = try await client.get("/children/\(child.id!.uuidString)").body
        XCTAssertTrue(record.contains("href=\"/children/\(child.id!.uuidString)/edit\""), "the record links to changing it")
        try await app.asyncShutdown()
    }

    func testChangingDetailsIsAuditedAndAStaleVersionIsAConflict() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).sort(\.$legalSurname).first()!
        let id = child.id!.uuidString
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        let page = try await client.get("/children/\(id)/edit")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("name=\"version\" value=\"\(child.version)\""))
        XCTAssertTrue(page.body.contains("value=\"\(child.legalSurname)\""))
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "child.view").filter(\.$childID == child.id!).filter(\.$detail == "change details form").count(), 1)

        var fields = ["legalForename": child.legalForename, "legalSurname": "Renamed", "preferredName": child.preferredName ?? "",
                      "dateOfBirth": child.dateOfBirth.description, "sex": child.sex, "upn": child.upn!, "homePostcode": child.homePostcode ?? "",
                      "homeSchoolURN": "", "senProvision": child.senProvision, "primaryNeed": child.primaryNeed ?? "",
                      "secondaryNeed": child.secondaryNeed ?? "", "version": String(child.version)]
        if child.confidentialAddress { fields["confidentialAddress"] = "true" }
        if let school = try await child.$homeSchool.get(on: app.db) { fields["homeSchoolURN"] = String(school.urn) }

        var badUPN = fields
        badUPN["upn"] = "A" + child.upn!.dropFirst(1)
        if badUPN["upn"] == child.upn { badUPN["upn"] = "B" + child.upn!.dropFirst(1) }
        let refused = try await client.post("/children/\(id)/edit", badUPN)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("govuk-error-summary"))
        XCTAssertTrue(refused.body.contains("Enter a valid UPN: \(UPN.checkLetterReason)"), refused.body)

        try await client.get("/children/\(id)/edit")
        let saved = try await client.post("/children/\(id)/edit", fields)
        XCTAssertEqual(saved.status, .seeOther, saved.body)
        XCTAssertEqual(saved.location, "/children/\(id)")
        let after = try await Child.find(child.id!, on: app.db)!
        XCTAssertEqual(after.legalSurname, "Renamed")
        XCTAssertEqual(after.version, child.version + 1)
        XCTAssertTrue(after.searchKey.contains("renamed"))
        let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "child.updated").filter(\.$childID == child.id!).all()
        XCTAssertEqual(audit.map(\.detail), ["changed legal_surname"])

        // Someone else's form, drawn before that save, still carries the old version.
        try await client.get("/children/\(id)/edit")
        var stale = fields
        stale["legalSurname"] = "Overwritten"
        let conflict = try await client.post("/children/\(id)/edit", stale)
        XCTAssertEqual(conflict.status, .conflict)
        XCTAssertTrue(conflict.body.contains("Someone else changed this child&#39;s record") || conflict.body.contains("Someone else changed this child's record"), conflict.body)
        assertEqual(try await Child.find(child.id!, on: app.db)!.legalSurname, "Renamed", "nothing overwritten")
        try await app.asyncShutdown()
    }

    func testOtherRolesAndOtherCouncilsChildrenAreOutOfReach() async throws {
        let app = try await TestWorld.makeApp()
        let neighbour = try await Child.query(on: app.db).filter(\.$legalSurname == "Outofscope").first()!
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        assertEqual(try await client.get("/children/\(neighbour.id!.uuidString)/edit").status, .notFound)
        try await client.get("/children/new")
        let post = try await client.post("/children/\(neighbour.id!.uuidString)/edit", form())
        XCTAssertEqual(post.status, .notFound)
        XCTAssertFalse(post.body.contains(TestWorld.neighbourChildName))
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == AccessDenial.action).filter(\.$entityType == "child").filter(\.$entityID == neighbour.id!.uuidString).count(), 2)
        assertEqual(try await Child.find(neighbour.id!, on: app.db)!.legalSurname, "Outofscope")

        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        assertEqual(try await school.get("/children/new").status, .notFound)
        let schoolList = try await school.get("/children").body
        XCTAssertFalse(schoolList.contains("href=\"/children/new\""))
        try await app.asyncShutdown()
    }
}
