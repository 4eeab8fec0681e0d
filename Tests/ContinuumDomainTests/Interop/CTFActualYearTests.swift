import Foundation
import XCTest
@testable import ContinuumDomain

/// Issue 14, rulebook AGE-3: the CTF's `NCyearActual` is checked and turned into the difference
/// from the chronological year in the school year the file was made.
final class CTFActualYearTests: XCTestCase {
    static let today = CalendarDate(year: 2026, month: 12, day: 2)

    static func file(dateTime: String?, pupils: [(dob: String, year: String?)]) -> Data {
        let body = pupils.enumerated().map { index, p in
            let upn = UPN.make(laCode: "201", establishment: "3614", year2: 24, serial: index + 1).value
            return """
                <Pupil>
                  <UPN>\(upn)</UPN><Surname>Okafor</Surname><Forename>Amara</Forename><DOB>\(p.dob)</DOB><Sex>F</Sex>
                  <BasicDetails>\(p.year.map { "<NCyearActual>\($0)</NCyearActual>" } ?? "")</BasicDetails>
                </Pupil>
            """
        }.joined(separator: "\n")
        return Data("""
        <?xml version="1.0" encoding="UTF-8"?>
        <CTfile>
          <Header>
            <DocumentName>Common Transfer File</DocumentName><CTFversion>25.0</CTFversion>
            \(dateTime.map { "<DateTime>\($0)</DateTime>" } ?? "")
            <SourceSchool><LEA>201</LEA><Estab>3614</Estab><SchoolName>The Aldgate School</SchoolName><AcademicYear>2025</AcademicYear></SourceSchool>
          </Header>
          <CTFpupilData>
        \(body)
          </CTFpupilData>
        </CTfile>
        """.utf8)
    }

    private func pupils(_ data: Data) throws -> [PupilRecord] {
        switch CTFReader.read(data, today: Self.today) {
        case .file(let file): return file.pupils
        case .problems(let problems): XCTFail("\(problems)"); return []
        }
    }

    func testTheActualYearIsStoredAsItsDifferenceInTheFilesSchoolYear() throws {
        // Born 27 March 2015: Year 6 in 2025/26 (AGE-3: 2025 − 2015 − 4), when the file was made. Born 30 August
        // 2020: chronologically Year 1, but a summer-born child whose school start was deferred is in Reception.
        let read = try pupils(Self.file(dateTime: "2025-09-10T10:00:00",
                                        pupils: [("2015-03-27", "6"), ("2015-03-27", "5"), ("2015-03-27", "X"), ("2015-03-27", nil), ("2020-08-30", "R")]))
        XCTAssertEqual(read.map(\.ncYearOffset), [nil, -1, nil, nil, -1])
        XCTAssertEqual(read.map(\.ncYearActual), ["6", "5", "X", nil, "R"])
        XCTAssertEqual(read.map(\.carriesActualYear), [true, true, true, false, true])
        // Read in a later school year, the stored difference still names Year 6 then and Year 7 now.
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: read[1].dateOfBirth, on: Self.today, yearOffset: read[1].ncYearOffset), 6)
    }

    func testWithoutADateTheFileIsDatedByTheDayItIsRead() throws {
        // On 2 December 2026 the child born 27 March 2015 is in Year 7: "6" is a year behind.
        XCTAssertEqual(try pupils(Self.file(dateTime: nil, pupils: [("2015-03-27", "6")])).first?.ncYearOffset, -1)
        XCTAssertEqual(try pupils(Self.file(dateTime: "not a date", pupils: [("2015-03-27", "7")])).first?.ncYearOffset, nil)
        // A date after the day of reading is not believed.
        XCTAssertEqual(try pupils(Self.file(dateTime: "2027-10-01T09:00:00", pupils: [("2015-03-27", "7")])).first?.ncYearOffset, nil)
    }

    func testAYearThatIsNotAnNCYearRefusesTheFile() {
        guard case .problems(let problems) = CTFReader.read(Self.file(dateTime: "2025-09-10T10:00:00", pupils: [("2015-03-27", "6"), ("2015-03-27", "Y6")]), today: Self.today) else {
            return XCTFail("a bad NCyearActual must refuse the file")
        }
        XCTAssertEqual(problems.map(\.description),
                       [#"Pupil 2: BasicDetails/NCyearActual "Y6" must be a national curriculum year: E1, E2, N1, N2, R, 1 to 14, or X"#])
    }
}
