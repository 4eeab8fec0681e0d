import Foundation
import XCTest
@testable import ContinuumDomain

/// Issue 12 item 4: the pupils CSV (a school-census extract), all or nothing with line numbers.
final class PupilCSVReaderTests: XCTestCase {
    static let today = CalendarDate(year: 2026, month: 12, day: 2)
    static let header = "upn,legal_forename,legal_surname,preferred_name,date_of_birth,sex,urn,postcode,sen_provision,primary_need"
    static let upn1 = UPN.make(laCode: "885", establishment: "2001", year2: 24, serial: 1).value
    static let upn2 = UPN.make(laCode: "885", establishment: "2001", year2: 24, serial: 2).value

    private func read(_ lines: [String]) -> PupilCSVReader.Outcome {
        PupilCSVReader.read(Data(([Self.header] + lines).joined(separator: "\r\n").utf8), today: Self.today)
    }

    private func problems(_ outcome: PupilCSVReader.Outcome, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        switch outcome {
        case .problems(let found): return found.map(\.description)
        case .rows: XCTFail("the file should have been refused", file: file, line: line); return []
        }
    }

    func testReadsGoodRows() throws {
        guard case .rows(let rows) = read([
            "\(Self.upn1),Amara,Okafor,Amy,2015-03-27,F,116003,wr1 2ab,K,SLCN",
            "\(Self.upn2.lowercased()),\"O'Brien, Jr\",Bell,,2012-11-30,M,,,,",
            "",
        ]) else { return XCTFail("refused") }
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0].position, "line 2")
        XCTAssertEqual(rows[0].upn.value, Self.upn1)
        XCTAssertEqual(rows[0].preferredName, "Amy")
        XCTAssertEqual(rows[0].school, .urn(116003))
        XCTAssertEqual(rows[0].postcode?.value, "WR1 2AB")
        XCTAssertEqual(rows[0].senProvision, .senSupport)
        XCTAssertEqual(rows[0].primaryNeed, .slcn)
        XCTAssertFalse(rows[0].carriesSecondaryNeed, "the CSV has no secondary need column")
        XCTAssertEqual(rows[1].upn.value, Self.upn2, "a UPN is upper-cased")
        XCTAssertEqual(rows[1].legalForename, "O'Brien, Jr", "a quoted field may hold a comma")
        XCTAssertNil(rows[1].school)
        XCTAssertEqual(rows[1].senProvision, .none, "empty provision is no SEN")
    }

    func testEveryBadRowIsListedByLineAndNothingIsReturned() {
        let badCheck = "A" + Self.upn1.dropFirst()
        let found = problems(read([
            "\(Self.upn1),Amara,Okafor,,2015-03-27,F,116003,,N,",
            "\(badCheck),Tom,Bell,,2012-11-30,M,,,,",
            ",Ann,Lee,,2013-01-01,F,,,,",
            "\(Self.upn2),Ann,,,2013-02-30,X,12ab,ZZ1 1ZZ,Q,",
            "\(Self.upn1),Dup,Licate,,2013-01-01,F,,,,",
            "\(UPN.make(laCode: "885", establishment: "2001", year2: 24, serial: 9).value),Old,Person,,1990-01-01,F,,,K,",
            "only,three,columns",
        ]))
        XCTAssertTrue(found.contains("line 3: upn \"\(badCheck)\" is not valid: \(UPN.checkLetterReason)"), "\(found)")
        XCTAssertTrue(found.contains("line 4: upn is empty: every pupil needs a UPN"), "\(found)")
        XCTAssertTrue(found.contains("line 5: legal_surname is empty"), "\(found)")
        XCTAssertTrue(found.contains("line 5: date_of_birth \"2013-02-30\" is not a real date in the format YYYY-MM-DD"), "\(found)")
        XCTAssertTrue(found.contains("line 5: sex \"X\" must be M, F or U"), "\(found)")
        XCTAssertTrue(found.contains("line 5: urn \"12ab\" must be a URN of up to 7 digits"), "\(found)")
        XCTAssertTrue(found.contains("line 5: sen_provision \"Q\" must be N, K or E (or empty for none)"), "\(found)")
        XCTAssertTrue(found.contains("line 6: upn \(Self.upn1) is also on line 2: a UPN belongs to one child"), "\(found)")
        XCTAssertTrue(found.contains("line 7: date_of_birth 1990-01-01 is more than 25 years ago: not a child or young person"), "\(found)")
        XCTAssertTrue(found.contains("line 8: has 3 columns but the header has 10"), "\(found)")
        XCTAssertFalse(found.contains { $0.hasPrefix("line 2:") }, "\(found)")
    }

    func testNeedsMustMatchTheProvision() {
        let found = problems(read(["\(Self.upn1),Amara,Okafor,,2015-03-27,F,,,E,", "\(Self.upn2),Tom,Bell,,2012-11-30,M,,,N,ASD"]))
        XCTAssertEqual(found, ["line 2: sen_provision E and primary_need: \(SENNeed.primaryRequiredMessage)",
                               "line 3: sen_provision N and primary_need: \(SENNeed.needWithoutProvisionMessage)"])
    }

    func testTheHeaderMustBeExact() {
        let found = problems(PupilCSVReader.read(Data("upn,forename,surname\n".utf8), today: Self.today))
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("line 1: the header must be exactly \(Self.header)"), found[0])
        XCTAssertEqual(problems(PupilCSVReader.read(Data(), today: Self.today)),
                       ["line 1: the file is empty; the first line must be the header \(Self.header)"])
        XCTAssertEqual(problems(read([])), ["line 2: the file has a header but no pupils"])
    }

    func testAFileOnDiskIsRefusedBySizeFirst() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pupils-\(UUID().uuidString).csv")
        try Data(Self.header.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(PupilCSVReader.maximumBytes + 1))
        try handle.close()
        XCTAssertEqual(problems(PupilCSVReader.read(contentsOf: url, today: Self.today)),
                       ["the file is 101 MB; the largest pupils CSV accepted is 100 MB"])
    }
}
