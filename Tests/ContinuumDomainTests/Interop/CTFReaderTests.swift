import Foundation
import XCTest
@testable import ContinuumDomain

/// Issue 12 item 4: the Common Transfer File reader, on files written to disk as a school's MIS
/// would send them, in the CTF 25 shape and an older one.
final class CTFReaderTests: XCTestCase {
    static let today = CalendarDate(year: 2026, month: 12, day: 2)
    static let upn1 = UPN.make(laCode: "201", establishment: "3614", year2: 24, serial: 1).value
    static let upn2 = UPN.make(laCode: "201", establishment: "3614", year2: 24, serial: 2).value

    /// A CTF 25.0 file as DfE's GIAP formatter writes it: SourceSchool by LEA and Estab, `Sex`,
    /// SENneeds inside SENhistory, and a contact whose own Surname and Postcode must not be read as the pupil's.
    static func ctf25(pupils: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <CTfile>
          <Header>
            <DocumentName>Common Transfer File</DocumentName>
            <CTFversion>25.0</CTFversion>
            <DateTime>2025-09-10T10:00:00</DateTime>
            <DocumentQualifier>partial</DocumentQualifier>
            <DataDescriptor>CTF</DataDescriptor>
            <SupplierID>Continuum tests</SupplierID>
            <SourceSchool>
              <LEA>201</LEA>
              <Estab>3614</Estab>
              <SchoolName>The Aldgate School</SchoolName>
              <AcademicYear>2025</AcademicYear>
            </SourceSchool>
            <DestSchool><LEA>885</LEA><Estab>MMM</Estab></DestSchool>
          </Header>
          <CTFpupilData>
        \(pupils)
          </CTFpupilData>
        </CTfile>
        """
    }

    static func pupil25(upn: String? = upn1, surname: String = "Okafor", forename: String = "Amara", dob: String = "2015-03-27", sex: String = "F") -> String {
        """
            <Pupil>
              \(upn.map { "<UPN>\($0)</UPN>" } ?? "")
              <Surname>\(surname)</Surname>
              <Forename>\(forename)</Forename>
              <DOB>\(dob)</DOB>
              <Sex>\(sex)</Sex>
              <BasicDetails>
                <PreferredSurname>\(surname)</PreferredSurname>
                <PreferredForename>Amy</PreferredForename>
                <NCyearActual>6</NCyearActual>
              </BasicDetails>
              <FSMhistory><FSMinstance><FSMstartDate>2020-09-01</FSMstartDate><UKcountry>ENG</UKcountry></FSMinstance></FSMhistory>
              <SENhistory>
                <SEN><StartDate>2022-09-01</StartDate><SENprovision>K</SENprovision></SEN>
                <SENneeds>
                  <SENneed><SENtype>ASD</SENtype><SENtypeRank>2</SENtypeRank></SENneed>
                  <SENneed><SENtype>SLCN</SENtype><SENtypeRank>1</SENtypeRank></SENneed>
                </SENneeds>
              </SENhistory>
              <Address>
                <BS7666Address><PAON>1</PAON><Street>Mitre Street</Street><Town>London</Town></BS7666Address>
                <Postcode>ec3a 5de</Postcode>
              </Address>
              <Contacts><Contact><Surname>Someone Else</Surname><Address><Postcode>NOT A POSTCODE</Postcode></Address></Contact></Contacts>
              <StageAssessments><KeyStage><Stage>KS1</Stage><StageAssessment><Locale>ENG</Locale><Year>2022</Year><Subject>MAT</Subject><Result>EXS</Result></StageAssessment></KeyStage></StageAssessments>
            </Pupil>
        """
    }

    /// An older (CTF 20-era) file: SourceSchool has a URN, `Gender` instead of `Sex`, SENneeds beside
    /// SENhistory, a provision history whose latest entry wins, and the postcode nested in the address.
    static let older = """
        <?xml version="1.0" encoding="UTF-8"?>
        <CTfile>
          <Header>
            <DocumentName>Common Transfer File</DocumentName>
            <CTFversion>20.0</CTFversion>
            <SourceSchool><LEA>201</LEA><Estab>3614</Estab><URN>100000</URN><SchoolName>The Aldgate School</SchoolName><AcademicYear>2019</AcademicYear></SourceSchool>
            <DestSchool><LEA>201</LEA><Estab>6005</Estab><URN>100001</URN></DestSchool>
          </Header>
          <CTFpupilData>
            <Pupil>
              <UPN>\(upn2)</UPN>
              <Surname>Bell</Surname>
              <Forename>Tom</Forename>
              <DOB>2012-11-30</DOB>
              <Gender>M</Gender>
              <BasicDetails><NCyearActual>9</NCyearActual></BasicDetails>
              <SENhistory>
                <SEN><StartDate>2016-01-04</StartDate><SENprovision>A</SENprovision></SEN>
                <SEN><StartDate>2019-05-01</StartDate><SENprovision>E</SENprovision></SEN>
              </SENhistory>
              <SENneeds><SENneed><SENtype>SEMH</SENtype><SENtypeRank>1</SENtypeRank></SENneed></SENneeds>
              <Address><BS7666Address><PAON>2</PAON><Postcode>EC2Y 8BB</Postcode></BS7666Address></Address>
            </Pupil>
          </CTFpupilData>
        </CTfile>
        """

    private func write(_ text: String, name: String = "file.xml") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ctf-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    private func problems(_ outcome: CTFReader.Outcome, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        switch outcome {
        case .problems(let found): return found.map(\.description)
        case .file: XCTFail("the file should have been refused", file: file, line: line); return []
        }
    }

    func testReadsTheCTF25Shape() throws {
        let url = try write(Self.ctf25(pupils: Self.pupil25()))
        guard case .file(let file) = CTFReader.read(contentsOf: url, today: Self.today) else { return XCTFail("refused") }
        XCTAssertEqual(file.source.lea, "201")
        XCTAssertEqual(file.source.estab, "3614")
        XCTAssertNil(file.source.urn)
        XCTAssertEqual(file.source.name, "The Aldgate School")
        XCTAssertEqual(file.source.reference, .laEstab(la: "201", estab: "3614"))
        XCTAssertEqual(file.pupils.count, 1)
        let pupil = file.pupils[0]
        XCTAssertEqual(pupil.position, "Pupil 1")
        XCTAssertEqual(pupil.upn.value, Self.upn1)
        XCTAssertEqual(pupil.legalSurname, "Okafor", "the contact's Surname is not the pupil's")
        XCTAssertEqual(pupil.legalForename, "Amara")
        XCTAssertEqual(pupil.preferredName, "Amy")
        XCTAssertEqual(pupil.dateOfBirth, CalendarDate(year: 2015, month: 3, day: 27))
        XCTAssertEqual(pupil.sex, "F")
        XCTAssertEqual(pupil.postcode?.value, "EC3A 5DE", "the pupil's own address, not the contact's")
        XCTAssertEqual(pupil.senProvision, .senSupport)
        XCTAssertEqual(pupil.primaryNeed, .slcn, "rank 1 is the primary need whatever the order")
        XCTAssertEqual(pupil.secondaryNeed, .asd)
        XCTAssertEqual(pupil.ncYearActual, "6")
        XCTAssertEqual(pupil.school, .laEstab(la: "201", estab: "3614"))
    }

    func testReadsTheOlderShapeWithGenderAndSourceSchoolURN() throws {
        guard case .file(let file) = CTFReader.read(contentsOf: try write(Self.older), today: Self.today) else { return XCTFail("refused") }
        XCTAssertEqual(file.source.urn, 100000)
        XCTAssertEqual(file.source.reference, .urn(100000), "the URN is preferred to LEA and Estab")
        let pupil = try XCTUnwrap(file.pupils.first)
        XCTAssertEqual(pupil.sex, "M")
        XCTAssertEqual(pupil.senProvision, .ehcPlan, "the latest provision in the history")
        XCTAssertEqual(pupil.primaryNeed, .semh, "SENneeds beside SENhistory is read too")
        XCTAssertNil(pupil.secondaryNeed)
        XCTAssertEqual(pupil.postcode?.value, "EC2Y 8BB", "the first Postcode inside Address, however nested")
        XCTAssertNil(pupil.preferredName)
        XCTAssertEqual(pupil.school, .urn(100000))
    }

    func testEveryBadPupilIsNamedByPositionAndElementAndTheFileIsRefusedWhole() throws {
        let badCheck = "A" + Self.upn2.dropFirst()
        let text = Self.ctf25(pupils: [
            Self.pupil25(),
            Self.pupil25(upn: nil),
            Self.pupil25(upn: badCheck),
            Self.pupil25(upn: Self.upn2, dob: "2015-02-30"),
            Self.pupil25(upn: UPN.make(laCode: "201", establishment: "3614", year2: 24, serial: 3).value, dob: "2031-01-01", sex: "Q"),
            Self.pupil25(upn: Self.upn1),
        ].joined(separator: "\n"))
        let found = problems(CTFReader.read(contentsOf: try write(text), today: Self.today))
        XCTAssertTrue(found.contains("Pupil 2: UPN is missing: every pupil needs a UPN"), "\(found)")
        XCTAssertTrue(found.contains("Pupil 3: UPN \"\(badCheck)\" is not a valid UPN: \(UPN.checkLetterReason)"), "\(found)")
        XCTAssertTrue(found.contains("Pupil 4: DOB \"2015-02-30\" is not a real date in the format YYYY-MM-DD"), "\(found)")
        XCTAssertTrue(found.contains("Pupil 5: DOB 2031-01-01 is in the future"), "\(found)")
        XCTAssertTrue(found.contains("Pupil 5: Sex \"Q\" must be M, F or U"), "\(found)")
        XCTAssertTrue(found.contains("Pupil 6: UPN \(Self.upn1) is also the UPN of pupil 1: a UPN belongs to one child"), "\(found)")
        XCTAssertFalse(found.contains { $0.hasPrefix("Pupil 1:") }, "the good pupil has no problem: \(found)")
    }

    func testSENCodesAreCheckedAgainstTheCensusLists() throws {
        let text = Self.ctf25(pupils: Self.pupil25().replacingOccurrences(of: "<SENprovision>K</SENprovision>", with: "<SENprovision>X</SENprovision>")
            .replacingOccurrences(of: "<SENtype>ASD</SENtype>", with: "<SENtype>ZZZ</SENtype>"))
        let found = problems(CTFReader.read(Data(text.utf8), today: Self.today))
        XCTAssertTrue(found.contains("Pupil 1: SENhistory/SEN/SENprovision \"X\" must be N, K or E"), "\(found)")
        XCTAssertTrue(found.contains("Pupil 1: SENneeds/SENneed/SENtype \"ZZZ\" is not a school census SEN type code"), "\(found)")

        let noNeed = Self.ctf25(pupils: Self.pupil25().replacingOccurrences(of: "<SENtypeRank>1</SENtypeRank>", with: "<SENtypeRank>2</SENtypeRank>"))
        let twice = problems(CTFReader.read(Data(noNeed.utf8), today: Self.today))
        XCTAssertTrue(twice.contains("Pupil 1: SENneeds has two needs ranked 2"), "\(twice)")
    }

    func testMalformedXMLIsOneProblemWithTheLineTheParserReports() throws {
        // The pupil's Surname element closes with the wrong tag; the problem names that line.
        let text = Self.ctf25(pupils: Self.pupil25()).replacingOccurrences(of: "<Surname>Okafor</Surname>", with: "<Surname>Okafor</Surnme>")
        let lines = text.components(separatedBy: "\n")
        let broken = lines.firstIndex { $0.contains("</Surnme>") }! + 1
        let found = problems(CTFReader.read(contentsOf: try write(text), today: Self.today))
        XCTAssertEqual(found, ["the XML is malformed at line \(broken): a closing tag does not match the element it closes"])
        XCTAssertEqual(problems(CTFReader.read(Data(text.utf8), today: Self.today)), found, "an upload and a file on disk read the same")
    }

    func testNotACTFOrEmptyIsRefused() throws {
        XCTAssertEqual(problems(CTFReader.read(Data("<osm version=\"0.6\"></osm>".utf8), today: Self.today)),
                       ["the file is not a Common Transfer File: its first element is <osm>, not <CTfile>"])
        XCTAssertEqual(problems(CTFReader.read(Data(), today: Self.today)), ["the file is empty: a CTF starts with <CTfile>"])
        let noPupils = Self.ctf25(pupils: "")
        XCTAssertEqual(problems(CTFReader.read(Data(noPupils.utf8), today: Self.today)), ["the file has no pupils (CTFpupilData/Pupil)"])
        let noSchool = Self.ctf25(pupils: Self.pupil25()).replacingOccurrences(of: "<LEA>201</LEA>", with: "").replacingOccurrences(of: "<Estab>3614</Estab>", with: "")
        XCTAssertEqual(problems(CTFReader.read(Data(noSchool.utf8), today: Self.today)),
                       ["Header: SourceSchool needs a URN, or an LEA and Estab, to name the pupils' school"])
    }

    func testEntitiesAreNeverResolved() throws {
        // An external entity would read a file on the server into a pupil's name; it must stay unexpanded.
        let text = Self.ctf25(pupils: Self.pupil25(surname: "&secret;"))
            .replacingOccurrences(of: "<CTfile>", with: "<!DOCTYPE CTfile [<!ENTITY secret SYSTEM \"file:///etc/hostname\">]>\n<CTfile>")
        let outcome = CTFReader.read(Data(text.utf8), today: Self.today)
        if case .file(let file) = outcome {
            XCTAssertFalse(file.pupils.contains { !$0.legalSurname.isEmpty && $0.legalSurname != "&secret;" }, "an entity was expanded")
        } else {
            XCTAssertFalse(problems(outcome).isEmpty)
        }
    }

    /// The file the browser journey uploads (browser-tests/fixtures/ctf-two-pupils.xml) must itself be a valid CTF.
    func testTheBrowserJourneysFixtureIsAValidCTF() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("browser-tests/fixtures/ctf-two-pupils.xml")
        guard case .file(let file) = CTFReader.read(contentsOf: url, today: Self.today) else { return XCTFail("the browser fixture is refused") }
        XCTAssertEqual(file.source.reference, .urn(100000))
        XCTAssertEqual(file.pupils.map(\.upn.value), ["J201361424001", "Y201361424002"])
        XCTAssertEqual(file.pupils.map(\.legalForename), ["Amara", "Thomas"])
        XCTAssertEqual(file.pupils.map(\.preferredName), [nil, "Tom"])
    }

    func testAnOversizedFileIsRefusedBeforeItIsRead() throws {
        // A sparse file: 101 MB long but with no data written, so reading it whole would be obvious in time and memory.
        let url = try write("<CTfile>", name: "huge.xml")
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(CTFReader.maximumBytes + 1_048_576))
        try handle.close()
        let started = Date()
        let found = problems(CTFReader.read(contentsOf: url, today: Self.today))
        XCTAssertEqual(found, ["the file is 101 MB; the largest CTF accepted is 100 MB: ask for it in parts"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "refused by its size, not parsed")
    }
}
