import Fluent
import Foundation
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 12 item 4: a council's pupils come in through a CTF or a pupils CSV, by the command and
/// the upload page; created or updated by UPN within the authority; a bad file saves nothing.
final class ChildImportTests: XCTestCase {
    struct P {
        var upn: String
        var surname: String
        var forename: String
        var dob = "2015-03-27"
        var sex = "F"
        var provision = "K"
        var need = "SLCN"
    }

    static func upn(_ serial: Int) -> String { UPN.make(laCode: "201", establishment: "3614", year2: 24, serial: serial).value }

    /// A CTF 25 file whose source school is named by LEA and Estab, or (older files) with a URN too.
    static func ctf(_ pupils: [P], urn: String? = nil) -> String {
        let body = pupils.map { p in
            """
                <Pupil>
                  <UPN>\(p.upn)</UPN><Surname>\(p.surname)</Surname><Forename>\(p.forename)</Forename><DOB>\(p.dob)</DOB><Sex>\(p.sex)</Sex>
                  <BasicDetails><PreferredSurname>\(p.surname)</PreferredSurname><PreferredForename>\(p.forename)</PreferredForename><NCyearActual>6</NCyearActual></BasicDetails>
                  <SENhistory><SEN><StartDate>2022-09-01</StartDate><SENprovision>\(p.provision)</SENprovision></SEN>
                    <SENneeds><SENneed><SENtype>\(p.need)</SENtype><SENtypeRank>1</SENtypeRank></SENneed></SENneeds></SENhistory>
                  <Address><BS7666Address><PAON>1</PAON><Street>Mitre Street</Street></BS7666Address><Postcode>EC3A 5DE</Postcode></Address>
                </Pupil>
            """
        }.joined(separator: "\n")
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <CTfile>
          <Header>
            <DocumentName>Common Transfer File</DocumentName><CTFversion>25.0</CTFversion>
            <SourceSchool><LEA>201</LEA><Estab>3614</Estab>\(urn.map { "<URN>\($0)</URN>" } ?? "")<SchoolName>The Aldgate School</SchoolName><AcademicYear>2025</AcademicYear></SourceSchool>
          </Header>
          <CTFpupilData>
        \(body)
          </CTFpupilData>
        </CTfile>
        """
    }

    static func addSchool(_ db: any Database) async throws -> Establishment {
        let school = Establishment(urn: 100000, laCode: "201", establishmentNumber: "3614", name: "The Aldgate School", typeName: "Voluntary aided school",
                                   phase: "Primary", statutoryLowAge: 3, statutoryHighAge: 11, postcode: "EC3A 5DE", easting: nil, northing: nil)
        try await school.create(on: db)
        return school
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("child-import-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testACTFCreatesChildrenAndAChangedOneUpdatesThem() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let school = try await Self.addSchool(app.db)
        let first = try write(Self.ctf([P(upn: Self.upn(1), surname: "Okafor", forename: "Amara"),
                                        P(upn: Self.upn(2), surname: "Bell", forename: "Tom", sex: "M", provision: "E", need: "ASD")]), "first.xml")
        let created = try await ChildImportCommand.run(.ctf, ["--la-code", DemoSeeder.laCode, first], app: app)
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertEqual(created.stdout, #"{"added":2,"updated":0,"unchanged":0}"#)

        let amara = try await Child.query(on: app.db).filter(\.$upn == Self.upn(1)).first()!
        XCTAssertEqual(amara.$authority.id, authorityID)
        XCTAssertEqual(amara.$homeSchool.id, school.id, "found by the source school's LEA and Estab")
        XCTAssertEqual(amara.fullName, "Amara Okafor")
        XCTAssertEqual(amara.homePostcode, "EC3A 5DE")
        XCTAssertEqual(amara.senProvision, "K")
        XCTAssertEqual(amara.primaryNeed, "SLCN")
        XCTAssertEqual(amara.version, 1)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "child.created").filter(\.$childID == amara.id!).count(), 1)

        // The same file again changes nothing; a changed one updates the changed child and adds the new one.
        assertEqual(try await ChildImportCommand.run(.ctf, ["--la-code", DemoSeeder.laCode, first], app: app).stdout, #"{"added":0,"updated":0,"unchanged":2}"#)
        let second = try write(Self.ctf([P(upn: Self.upn(1), surname: "Okafor-Smith", forename: "Amara", provision: "E", need: "SLCN"),
                                         P(upn: Self.upn(2), surname: "Bell", forename: "Tom", sex: "M", provision: "E", need: "ASD"),
                                         P(upn: Self.upn(3), surname: "Khan", forename: "Zara")], urn: "100000"), "second.xml")
        let updated = try await ChildImportCommand.run(.ctf, ["--la-code", DemoSeeder.laCode, second], app: app)
        XCTAssertEqual(updated.stdout, #"{"added":1,"updated":1,"unchanged":1}"#, updated.stderr)
        let changed = try await Child.find(amara.id!, on: app.db)!
        XCTAssertEqual(changed.legalSurname, "Okafor-Smith")
        XCTAssertEqual(changed.senProvision, "E")
        XCTAssertEqual(changed.version, 2, "an update bumps the version")
        XCTAssertTrue(changed.searchKey.contains("okafor-smith"), "the search key follows the new name")
        let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "child.updated").filter(\.$childID == amara.id!).all()
        XCTAssertEqual(audit.count, 1)
        XCTAssertTrue(audit[0].detail.contains("legal_surname, sen_provision"), audit[0].detail)
        XCTAssertFalse(audit[0].detail.contains("Okafor-Smith") || audit[0].detail.contains("SLCN"), "field names only, never values")
        assertEqual(try await Child.query(on: app.db).filter(\.$upn == Self.upn(3)).first()?.$homeSchool.id, school.id)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "children.imported").count(), 3)
        try await app.asyncShutdown()
    }

    func testABadFileOrAnUnknownSchoolSavesNothing() async throws {
        let app = try await TestWorld.makeApp()
        _ = try await Self.addSchool(app.db)
        let before = try await Child.query(on: app.db).count()
        let badCheck = "A" + Self.upn(2).dropFirst()
        let bad = try write(Self.ctf([P(upn: Self.upn(1), surname: "Okafor", forename: "Amara"), P(upn: badCheck, surname: "Bell", forename: "Tom")]), "bad.xml")
        let refused = try await ChildImportCommand.run(.ctf, ["--la-code", DemoSeeder.laCode, bad], app: app)
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stdout, "")
        XCTAssertTrue(refused.stderr.contains("nothing imported; 1 problem to fix"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("Pupil 2: UPN \"\(badCheck)\" is not a valid UPN: \(UPN.checkLetterReason)"), refused.stderr)

        let unknown = try write(Self.ctf([P(upn: Self.upn(1), surname: "Okafor", forename: "Amara")], urn: "999999"), "unknown.xml")
        let noSchool = try await ChildImportCommand.run(.ctf, ["--la-code", DemoSeeder.laCode, unknown], app: app)
        XCTAssertEqual(noSchool.status, 1)
        XCTAssertTrue(noSchool.stderr.contains("Pupil 1: the home school URN 999999 is not a known establishment"), noSchool.stderr)

        let csv = try write("\(PupilCSVReader.header.joined(separator: ","))\n\(Self.upn(1)),Amara,Okafor,,2015-03-27,F,100000,,N,\n\(Self.upn(2)),Tom,Bell,,2015-02-30,M,100000,,N,\n", "pupils.csv")
        let badCSV = try await ChildImportCommand.run(.pupils, ["--la-code", DemoSeeder.laCode, csv], app: app)
        XCTAssertEqual(badCSV.status, 1)
        XCTAssertTrue(badCSV.stderr.contains("line 3: date_of_birth \"2015-02-30\" is not a real date"), badCSV.stderr)

        assertEqual(try await Child.query(on: app.db).count(), before, "nothing from a refused file is saved")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "child.created").count(), 0)
        try await app.asyncShutdown()
    }

    func testAUPNIsUniqueWithinAnAuthorityNotAcrossThem() async throws {
        let app = try await TestWorld.makeApp()
        let demo = try await TestWorld.demoAuthorityID(app.db)
        let neighbour = try await Child.query(on: app.db).filter(\.$legalSurname == "Outofscope").first()!
        let demoChild = try await Child.query(on: app.db).filter(\.$authority.$id == demo).filter(\.$upn != nil).sort(\.$legalSurname).first()!
        let header = PupilCSVReader.header.joined(separator: ",")

        // The neighbour's UPN is another council's record: this council gets its own child with it.
        let shared = try write("\(header)\n\(neighbour.upn!),Canary,Outofscope,,2014-05-05,F,,,E,ASD\n\(demoChild.upn!),\(demoChild.legalForename),\(demoChild.legalSurname),,\(demoChild.dateOfBirth),\(demoChild.sex),,,N,\n", "shared.csv")
        let result = try await ChildImportCommand.run(.pupils, ["--la-code", DemoSeeder.laCode, shared], app: app)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, #"{"added":1,"updated":1,"unchanged":0}"#, "the demo child's own UPN updates that child, never a second one")
        assertEqual(try await Child.query(on: app.db).filter(\.$upn == neighbour.upn!).count(), 2)
        assertEqual(try await Child.query(on: app.db).filter(\.$upn == demoChild.upn!).count(), 1)
        let neighbourAfter = try await Child.find(neighbour.id!, on: app.db)!
        XCTAssertEqual(neighbourAfter.version, neighbour.version, "the other council's child is untouched")

        let twice = try write("\(header)\n\(Self.upn(5)),Ann,Lee,,2013-01-01,F,,,N,\n\(Self.upn(5)),Ann,Leigh,,2013-01-01,F,,,N,\n", "twice.csv")
        let refused = try await ChildImportCommand.run(.pupils, ["--la-code", DemoSeeder.laCode, twice], app: app)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("line 3: upn \(Self.upn(5)) is also on line 2"), refused.stderr)
        assertEqual(try await Child.query(on: app.db).filter(\.$upn == Self.upn(5)).count(), 0)
        try await app.asyncShutdown()
    }

    func testTheCommandWorksOnAnAuthorityThatIsNotTheDemo() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        let council = Authority(name: "City of London", laCode: "201", namedOfficer: "Section 19 officer")
        try await council.create(on: app.db)
        let school = try await Self.addSchool(app.db)
        let path = try write(Self.ctf([P(upn: Self.upn(1), surname: "Okafor", forename: "Amara"), P(upn: Self.upn(2), surname: "Bell", forename: "Tom")]), "ctf.xml")

        // The only authority is chosen without --la-code.
        let result = try await ChildImportCommand.run(.ctf, [path], app: app)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, #"{"added":2,"updated":0,"unchanged":0}"#)
        let children = try await Child.query(on: app.db).filter(\.$authority.$id == council.id!).all()
        XCTAssertEqual(Set(children.compactMap(\.upn)), [Self.upn(1), Self.upn(2)])
        XCTAssertTrue(children.allSatisfy { $0.$homeSchool.id == school.id })

        let csv = try write("\(PupilCSVReader.header.joined(separator: ","))\n\(Self.upn(3)),Zara,Khan,Zee,2016-01-09,F,100000,EC3A 5DE,K,MLD\n", "pupils.csv")
        assertEqual(try await ChildImportCommand.run(.pupils, [csv], app: app).stdout, #"{"added":1,"updated":0,"unchanged":0}"#)
        assertEqual(try await Child.query(on: app.db).filter(\.$upn == Self.upn(3)).first()?.preferredName, "Zee")

        // With a second council, the command will not guess.
        try await Authority(name: "Westminster", laCode: "213", namedOfficer: "n/a").create(on: app.db)
        let ambiguous = try await ChildImportCommand.run(.ctf, [path], app: app)
        XCTAssertEqual(ambiguous.status, 2)
        XCTAssertTrue(ambiguous.stderr.contains("give --la-code"), ambiguous.stderr)
        let unknown = try await ChildImportCommand.run(.ctf, ["--la-code", "999", path], app: app)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("999"), unknown.stderr)
        assertEqual(try await ChildImportCommand.run(.ctf, ["--la-code", "201", path], app: app).stdout, #"{"added":0,"updated":0,"unchanged":2}"#)
        assertEqual(try await ChildImportCommand.run(.ctf, [], app: app).status, 2)
        assertEqual(try await ImportCommand.run(["ctf", "--la-code", "201", path], app: app).status, 0, "reached through `continuum import`")
        try await app.asyncShutdown()
    }

    func testTheUploadPageRefusesABadFileWholeAndImportsAGoodOne() async throws {
        let app = try await TestWorld.makeApp()
        _ = try await Self.addSchool(app.db)
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let list = try await client.get("/children").body
        XCTAssertTrue(list.contains("href=\"/children/import\""), "the children list links to the import page")
        XCTAssertTrue(list.contains("href=\"/children/new\""), "and to adding a child")
        let page = try await client.get("/children/import")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("action=\"/children/import/ctf\"") && page.body.contains("action=\"/children/import/pupils\""))
        XCTAssertTrue(page.body.contains("enctype=\"multipart/form-data\""))

        let empty = try await client.postFile("/children/import/ctf", fields: [:], fileField: "file", filename: "none.xml", bytes: [])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        XCTAssertTrue(empty.body.contains("href=\"#ctf-file\">Select a CTF XML file"), empty.body)

        let badCheck = "A" + Self.upn(2).dropFirst()
        let bad = Self.ctf([P(upn: Self.upn(1), surname: "Okafor", forename: "Amara"), P(upn: badCheck, surname: "Bell", forename: "Tom", dob: "2040-01-01")])
        let refused = try await client.postFile("/children/import/ctf", fields: [:], fileField: "file", filename: "bad.xml", bytes: Array(bad.utf8))
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("govuk-error-summary"))
        XCTAssertTrue(refused.body.contains("The file has 2 problems to fix. Nothing from it was saved"), refused.body)
        XCTAssertTrue(refused.body.contains("Pupil 2: UPN \"\(badCheck)\" is not a valid UPN"), refused.body)
        XCTAssertTrue(refused.body.contains("Pupil 2: DOB 2040-01-01 is in the future"), refused.body)
        assertEqual(try await Child.query(on: app.db).filter(\.$upn == Self.upn(1)).count(), 0, "nothing saved from the refused file")

        // A long list of problems is capped on the page.
        let header = PupilCSVReader.header.joined(separator: ",")
        let many = ([header] + (1...60).map { "\(Self.upn($0)),Ann,Lee,,2013-02-30,F,,,N," }).joined(separator: "\n")
        let capped = try await client.postFile("/children/import/pupils", fields: [:], fileField: "file", filename: "many.csv", bytes: Array(many.utf8))
        XCTAssertEqual(capped.status, .unprocessableEntity)
        XCTAssertTrue(capped.body.contains("href=\"#pupils-file\">line 51:"), "the first 50 are listed")
        XCTAssertFalse(capped.body.contains("line 52:"))
        XCTAssertTrue(capped.body.contains("And 10 more problems"), capped.body)

        let good = Self.ctf([P(upn: Self.upn(1), surname: "Okafor", forename: "Amara"), P(upn: Self.upn(2), surname: "Bell", forename: "Tom", sex: "M")])
        let done = try await client.postFile("/children/import/ctf", fields: [:], fileField: "file", filename: "good.xml", bytes: Array(good.utf8))
        XCTAssertEqual(done.status, .ok)
        XCTAssertTrue(done.body.contains("Pupils imported"))
        XCTAssertTrue(done.body.contains("<dt class=\"govuk-summary-list__key\">Added</dt><dd class=\"govuk-summary-list__value\">2</dd>"), done.body)
        XCTAssertTrue(done.body.contains("href=\"/children\""))
        let amara = try await Child.query(on: app.db).filter(\.$upn == Self.upn(1)).first()!
        let demoID = try await TestWorld.demoAuthorityID(app.db)
        XCTAssertEqual(amara.$authority.id, demoID, "into the officer's own authority")
        let created = try await AuditEvent.query(on: app.db).filter(\.$action == "child.created").filter(\.$childID == amara.id!).first()!
        XCTAssertEqual(created.actor, TestWorld.email(for: .caseworker))

        let csv = "\(header)\n\(Self.upn(1)),Amara,Okafor,Amy,2015-03-27,F,100000,,K,SLCN\n"
        let csvDone = try await client.postFile("/children/import/pupils", fields: [:], fileField: "file", filename: "pupils.csv", bytes: Array(csv.utf8))
        XCTAssertEqual(csvDone.status, .ok)
        XCTAssertTrue(csvDone.body.contains("Updated</dt><dd class=\"govuk-summary-list__value\">1</dd>"), csvDone.body)

        let teacher = TestClient(app)
        try await teacher.signIn(as: .metTeacher)
        assertEqual(try await teacher.get("/children/import").status, .notFound)
        let teacherList = try await teacher.get("/children").body
        XCTAssertFalse(teacherList.contains("/children/import"))
        try await app.asyncShutdown()
    }
}
