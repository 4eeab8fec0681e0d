import XCTest
import ContinuumDemo
@testable import ContinuumDomain

final class AttendanceFileTests: XCTestCase {
    private typealias F = AttendanceFixtures
    private let upnA = F.upn(1)
    private let upnB = F.upn(2)

    /// The problems of a file that must be rejected.
    private func problems(_ data: Data, file: StaticString = #filePath, line: UInt = #line) -> [AttendanceFileProblem] {
        do {
            let marks = try AttendanceFile.parse(data)
            XCTFail("expected the file to be rejected, got \(marks.count) marks", file: file, line: line)
            return []
        } catch {
            return error.problems
        }
    }

    private func descriptions(_ data: Data) -> [String] { problems(data).map(\.description) }

    func testParsesAGoodFile() throws {
        let marks = try AttendanceFile.parse(F.file([
            "\(upnA),123456,2024-09-02,AM,/",
            "\(upnA),123456,2024-09-02,PM,I",
            "\(upnB),000987,2025-02-03,AM,Y1",
        ]))
        XCTAssertEqual(marks, [
            AttendanceMark(upn: upnA, urn: 123_456, date: F.date("2024-09-02"), session: .am, code: F.code("/")),
            AttendanceMark(upn: upnA, urn: 123_456, date: F.date("2024-09-02"), session: .pm, code: F.code("I")),
            AttendanceMark(upn: upnB, urn: 987, date: F.date("2025-02-03"), session: .am, code: F.code("Y1")),
        ])
        XCTAssertEqual(marks[0].description, "\(upnA),123456,2024-09-02,AM,/")
        XCTAssertEqual(marks[2].academicYear, 2024)
    }

    func testAcceptsBOMCRLFNoFinalNewlineBlankLinesAndQuotes() throws {
        let text = "\u{FEFF}upn,urn,date,session,code\r\n\"\(upnA)\",\"1\",2024-09-02,\"AM\",\"\\\"\r\n\r\n\(upnA),1,2024-09-02,PM,#"
        let marks = try AttendanceFile.parse(Data(text.utf8))
        XCTAssertEqual(marks.map(\.code.code), ["\\", "#"])
        XCTAssertEqual(marks.map(\.session), [.am, .pm])
    }

    func testHeaderOnlyIsAnEmptyImport() throws {
        XCTAssertEqual(try AttendanceFile.parse(F.file([])), [])
    }

    func testLowerCaseOrPaddedUPNIsNormalisedAsUPNValidateDoes() throws {
        let lower = String(describing: upnA).lowercased()
        let marks = try AttendanceFile.parse(F.file(["\(lower),1,2024-09-02,AM,/", "\"  \(upnA) \",1,2024-09-02,PM,/"]))
        XCTAssertEqual(marks.map(\.upn), [upnA, upnA])
    }

    // MARK: - Header

    func testBadHeaders() {
        XCTAssertEqual(descriptions(Data()), ["line 1: the header must be exactly \"upn,urn,date,session,code\" (got \"\")"])
        XCTAssertEqual(descriptions(Data("UPN,URN,Date,Session,Code\n".utf8)),
                       ["line 1: the header must be exactly \"upn,urn,date,session,code\" (got \"UPN,URN,Date,Session,Code\")"])
        XCTAssertEqual(problems(Data("upn,urn,date,session,code,notes\n".utf8)).map(\.line), [1])
        XCTAssertEqual(problems(Data("upn,urn,date,session\n".utf8)).map(\.line), [1])
        XCTAssertEqual(problems(Data(" upn,urn,date,session,code\n".utf8)).map(\.line), [1])
        // No header at all: the first data row is read as a bad header, and the rest still checked.
        let noHeader = Data("\(upnA),1,2024-09-02,AM,/\n\(upnA),1,2024-09-02,PM,Q\n".utf8)
        XCTAssertEqual(problems(noHeader).map(\.line), [1])
    }

    // MARK: - Rows

    /// A year the calendar arithmetic can't reach safely is refused like any bad date, so no stored mark can trap later.
    func testDatesOutsideThePlausibleYearsAreBadRows() {
        let found = problems(F.file(["\(upnA),1,0001-01-01,AM,/", "\(upnA),1,9999-12-31,AM,/", "\(upnA),1,1899-12-31,AM,/", "\(upnA),1,1900-01-01,AM,/"]))
        XCTAssertEqual(found.map(\.line), [2, 3, 4])
        XCTAssertTrue(found.allSatisfy { $0.description.contains("date must be a real date") })
    }

    func testEveryKindOfBadRowWithItsLineNumber() {
        let wrongCheck = "A" + String(describing: upnA).dropFirst()
        let lines = [
            "\(upnA),1,2024-09-02,AM,/",          // 2 fine
            "\(upnA),1,2024-09-02,AM",            // 3 four fields
            "\(upnA),1,2024-09-02,AM,/,extra",    // 4 six fields
            "\(wrongCheck),1,2024-09-02,AM,/",    // 5 check letter
            "H80120000100,1,2024-09-02,AM,/",     // 6 length
            ",1,2024-09-02,AM,/",                 // 7 missing UPN
            "\(upnA),0,2024-09-02,AM,/",          // 8 URN zero
            "\(upnA),12a,2024-09-02,AM,/",        // 9 URN not digits
            "\(upnA),-5,2024-09-02,AM,/",         // 10 URN negative
            "\(upnA),1,2024-02-30,AM,/",          // 11 impossible date
            "\(upnA),1,02/09/2024,AM,/",          // 12 wrong date format
            "\(upnA),1,2024-9-2,AM,/",            // 13 loose date
            "\(upnA),1,2024-09-02,am ,/",         // 14 session case and space
            "\(upnA),1,2024-09-02,EVE,/",         // 15 session unknown
            "\(upnA),1,2024-09-02,AM,J",          // 16 pre-2024 code
            "\(upnA),1,2024-09-02,AM,i",          // 17 lower-case code
            "\(upnA),1,2024-09-02,AM,",           // 18 empty code
            "\(upnA),1,2024-09-02,AM,\"I",        // 19 unclosed quote
        ]
        let found = problems(F.file(lines))
        XCTAssertEqual(found.map(\.line), Array(3...19))
        XCTAssertEqual(found.map(\.description), [
            "line 3: expected 5 fields (upn,urn,date,session,code) but found 4",
            "line 4: expected 5 fields (upn,urn,date,session,code) but found 6",
            "line 5: upn is not valid: \(UPN.checkLetterReason) (got \"\(wrongCheck)\")",
            "line 6: upn is not valid: \(UPN.lengthReason) (got \"H80120000100\")",
            "line 7: upn is missing (got \"\")",
            "line 8: urn must be a positive whole number (got \"0\")",
            "line 9: urn must be a positive whole number (got \"12a\")",
            "line 10: urn must be a positive whole number (got \"-5\")",
            "line 11: date must be a real date written YYYY-MM-DD (got \"2024-02-30\")",
            "line 12: date must be a real date written YYYY-MM-DD (got \"02/09/2024\")",
            "line 13: date must be a real date written YYYY-MM-DD (got \"2024-9-2\")",
            "line 14: session must be AM or PM (got \"am \")",
            "line 15: session must be AM or PM (got \"EVE\")",
            "line 16: code must be one of the 2024 attendance codes (got \"J\")",
            "line 17: code must be one of the 2024 attendance codes (got \"i\")",
            "line 18: code must be one of the 2024 attendance codes (got \"\")",
            "line 19: a quoted field is not closed on this line (fields may not span lines)",
        ])
    }

    func testSeveralProblemsOnOneLineAreAllReported() {
        let found = problems(F.file(["BADUPN,x,2024-13-01,Am,??"]))
        XCTAssertEqual(found.count, 5)
        XCTAssertTrue(found.allSatisfy { $0.line == 2 })
        XCTAssertEqual(found.map { String($0.reason.prefix(4)) }, ["upn ", "urn ", "date", "sess", "code"])
    }

    func testAllProblemsInAFileAreReportedNotJustTheFirst() {
        var lines: [String] = []
        for index in 0..<1000 {
            lines.append(index % 100 == 7 ? "\(upnA),1,2024-09-02,XX,/" : "\(upnA),1,2024-09-02,AM,/")
        }
        let found = problems(F.file(lines))
        XCTAssertEqual(found.map(\.line), stride(from: 9, to: 1002, by: 100).map { $0 })
    }

    func testBlankLinesStillCountForLineNumbers() {
        let found = problems(Data("\(AttendanceFile.header)\n\n\n\(upnA),1,2024-09-02,PX,/\n".utf8))
        XCTAssertEqual(found.map(\.line), [4])
    }

    func testLongFieldsAreCutInTheReason() {
        let long = String(repeating: "9", count: 200)
        let reason = problems(F.file(["\(upnA),1,2024-09-02,AM,\(long)"]))[0].reason
        XCTAssertTrue(reason.hasSuffix(String(repeating: "9", count: 60) + "…\")"), reason)
    }

    func testQuotedFieldFollowedByJunkIsAProblem() {
        let found = problems(F.file(["\"\(upnA)\"x,1,2024-09-02,AM,/"]))
        XCTAssertEqual(found.map(\.description),
                       ["line 2: a closing quote must be followed by a comma or the end of the line"])
    }

    // MARK: - Writing

    func testWriterRoundTrips() throws {
        let marks = [
            AttendanceMark(upn: upnA, urn: 7, date: F.date("1999-01-05"), session: .pm, code: F.code("\\")),
            AttendanceMark(upn: upnB, urn: 2_147_483_647, date: F.date("2025-08-31"), session: .am, code: F.code("C1")),
        ]
        let data = AttendanceFile.csv(marks)
        XCTAssertEqual(String(decoding: data, as: UTF8.self),
                       "upn,urn,date,session,code\n\(upnA),7,1999-01-05,PM,\\\n\(upnB),2147483647,2025-08-31,AM,C1\n")
        XCTAssertEqual(try AttendanceFile.parse(data), marks)
    }

    // MARK: - UPN on bytes agrees with UPN.validate

    func testPackedUPNAcceptsExactlyWhatUPNValidateAccepts() {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabz -")
        var checked = 0, valid = 0
        for index in 0..<20_000 {
            var characters = Array(String(describing: F.upn(index % 1000, establishment: 2000 + index % 7)))
            // Mutate none, one or two characters so that both verdicts are common.
            for _ in 0..<random.below(3) {
                characters[random.below(13)] = alphabet[random.below(alphabet.count)]
            }
            if random.chance(perMille: 50) { characters.removeLast() }
            let text = String(characters)
            let expected = UPN.validate(text).upn
            let packed = PackedUPN(text)
            XCTAssertEqual(packed?.description, expected?.value, text)
            let fast = Array(text.utf8).withUnsafeBufferPointer { PackedUPN.validatedFast($0) }
            if let fast { XCTAssertEqual(fast.description, expected?.value, "fast path accepted \(text)") }
            checked += 1
            if expected != nil { valid += 1 }
        }
        XCTAssertGreaterThan(valid, 3000)
        XCTAssertGreaterThan(checked - valid, 3000)
    }

    func testPackedUPNOrderIsStringOrderAndRoundTrips() throws {
        let upns = (0..<200).map { F.upn(($0 * 37) % 1000, establishment: 2000 + $0 % 3) }
        XCTAssertEqual(upns.sorted().map(\.description), upns.map(\.description).sorted())
        for upn in upns.prefix(10) {
            XCTAssertEqual(PackedUPN(upn.upn), upn)
            XCTAssertEqual(try JSONDecoder().decode(PackedUPN.self, from: JSONEncoder().encode(upn)), upn)
        }
        XCTAssertEqual(PackedUPN("G80120000101A")?.description, "G80120000101A", "temporary UPN")
        XCTAssertNil(PackedUPN("Z801200001001"))
    }
}
