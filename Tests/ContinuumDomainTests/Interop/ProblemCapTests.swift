import Foundation
import XCTest
@testable import ContinuumDomain

/// Issue 13 item 6: every line-based reader keeps at most 1,000 problems and counts the rest, so a
/// file of junk costs a bounded amount of memory to refuse; and no line is read past a bound.
final class ProblemCapTests: XCTestCase {
    private func lines(_ header: String, _ row: String, _ count: Int) -> Data {
        var text = header + "\n"
        text.reserveCapacity(header.count + (row.count + 1) * count)
        for _ in 0..<count { text += row + "\n" }
        return Data(text.utf8)
    }

    func testTheCollectorKeepsTheFirstThousandAndCountsTheRestWithoutMakingThem() {
        var collector = ProblemCollector<String>()
        var made = 0
        func message(_ n: Int) -> String { made += 1; return "problem \(n)" }
        for n in 0..<5_000 { collector.add(message(n)) }
        XCTAssertEqual(collector.kept.count, 1_000)
        XCTAssertEqual(collector.count, 5_000)
        XCTAssertEqual(made, 1_000, "no message is made past the limit")
        XCTAssertEqual(collector.all(summary: ProblemLimit.moreMessage).last, "and 4,000 more problems")
        XCTAssertEqual(ProblemLimit.grouped(1_234_567), "1,234,567")
        XCTAssertEqual(ProblemLimit.moreSentence(1), "And 1 more problem")
    }

    func testAnAttendanceFileOf100000BadLinesKeeps1000Problems() {
        let data = lines(AttendanceFile.header, "not,a,row", 100_000)
        do {
            _ = try AttendanceFile.parse(data)
            XCTFail("junk must be refused")
        } catch {
            XCTAssertEqual(error.problems.count, 1_000)
            XCTAssertEqual(error.more, 99_000)
            XCTAssertEqual(error.count, 100_000)
            XCTAssertEqual(error.lines.count, 1_001)
            XCTAssertEqual(error.lines.last, "and 99,000 more problems")
            XCTAssertEqual(error.problems.first?.line, 2)
        }
    }

    func testAFiftyMegabyteLineIsOneShortProblem() {
        var bytes = Array((AttendanceFile.header + "\n").utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 50 * 1024 * 1024)
        let started = Date()
        do {
            _ = try AttendanceFile.parse(bytes)
            XCTFail("a 50 MB line must be refused")
        } catch {
            XCTAssertEqual(error.count, 1)
            guard let first = error.problems.first else { return XCTFail("no problem") }
            XCTAssertTrue(first.reason.hasPrefix("the line is 52428800 bytes long; a row is at most 1000"), first.reason)
            XCTAssertLessThan(error.description.utf8.count, 400, "the message quotes a bounded part of the line")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        // A long header line is refused the same way.
        let header = Data(String(repeating: "upn,", count: 100_000).utf8)
        XCTAssertThrowsError(try AttendanceFile.parse(header)) { error in
            XCTAssertLessThan(String(describing: error).utf8.count, 400)
        }
    }

    func testEveryOtherLineReaderCapsItsProblems() {
        func check(_ problems: [String], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertEqual(problems.count, 1_001, name, file: file, line: line)
            XCTAssertTrue(problems.last?.lowercased().hasPrefix("and ") == true && problems.last?.hasSuffix("more problems") == true,
                          "\(name): \(problems.last ?? "")", file: file, line: line)
        }
        guard case .problems(let pupils) = PupilCSVReader.read(lines(PupilCSVReader.header.joined(separator: ","), "junk", 5_000)) else { return XCTFail("pupils") }
        check(pupils.map(\.description), "pupils CSV")
        guard case .problems(let ehc) = EHCImportFile.parse(lines(EHCImportFile.header.joined(separator: ","), "junk", 5_000)) else { return XCTFail("ehc") }
        check(ehc.map(\.description), "EHC legacy import")
        guard case .problems(let gias) = GIASFile.parse(lines(GIASFile.required.map { "\"\($0)\"" }.joined(separator: ","), "junk", 5_000)) else { return XCTFail("gias") }
        check(gias.map(\.description), "GIAS")
        guard case .problems(let users) = UserImportFile.parse(lines(UserImportFile.header.joined(separator: ","), ",,nobody,,,,", 1_999)) else { return XCTFail("users") }
        check(users, "user import")
        guard case .invalid(let terms) = TermDateCSV.parse(lines(TermDateCSV.header.joined(separator: ","), "x,,,", 1_999), existing: []) else { return XCTFail("terms") }
        check(terms, "term dates CSV")
    }
}
