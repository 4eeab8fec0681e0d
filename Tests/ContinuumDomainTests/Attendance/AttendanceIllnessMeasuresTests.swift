import XCTest
@testable import ContinuumDomain

final class AttendanceIllnessMeasuresTests: XCTestCase {
    private typealias F = AttendanceFixtures

    private func measures(_ year: Int, _ days: [(String, String, String)]) -> IllnessMeasures {
        IllnessMeasures.compute(F.codes(year, days))
    }

    func testNoMarks() {
        let result = IllnessMeasures.compute(SessionCodes(academicYear: 2024))
        XCTAssertEqual(result, IllnessMeasures(illnessSessions: 0, reached15On: nil, longestConsecutiveDays: 0))
        XCTAssertEqual(result.illnessDays, 0)
    }

    func testMorningOnlyIsHalfADay() {
        let result = measures(2024, [("2024-09-02", "I", "")])
        XCTAssertEqual(result.illnessDays, 0.5)
        XCTAssertEqual(result.longestConsecutiveDays, 1, "the only possible session that day is I")
        XCTAssertNil(result.reached15On)
        XCTAssertEqual(measures(2024, [("2024-09-02", "I", "\\")]).longestConsecutiveDays, 0, "PM present: not an all-I day")
        XCTAssertEqual(measures(2024, [("2024-09-02", "I", "\\")]).illnessDays, 0.5)
    }

    /// 0.5 + 14 + 0.5 days: the 30th I session is the afternoon of the 16th day, whose morning is present.
    func testReached15OnLandsOnAnAfternoon() {
        let days = F.weekdays(from: "2024-09-02", count: 16)
        var rows: [(String, String, String)] = [(days[0].description, "I", "/")]
        rows += F.ill(Array(days[1...14]))
        rows.append((days[15].description, "/", "I"))
        let result = measures(2024, rows)
        XCTAssertEqual(result.illnessSessions, 30)
        XCTAssertEqual(result.illnessDays, 15.0)
        XCTAssertEqual(result.reached15On, days[15])
        XCTAssertEqual(days[15], F.date("2024-09-23"))
        XCTAssertEqual(result.longestConsecutiveDays, 14)
    }

    func testReached15OnLandsOnAMorningAndIgnoresLaterSessions() {
        let days = F.weekdays(from: "2024-09-02", count: 20)
        var rows: [(String, String, String)] = [(days[0].description, "/", "I")]
        rows += F.ill(Array(days[1...19]))
        let result = measures(2024, rows)
        XCTAssertEqual(result.reached15On, days[15], "1 + 14 × 2 = 29 by days[14], so the AM of days[15] is the 30th")
        XCTAssertEqual(result.illnessDays, 19.5)
    }

    func testFourteenAndAHalfDaysNeverReach() {
        let days = F.weekdays(from: "2024-09-02", count: 15)
        let result = measures(2024, F.ill(Array(days[0...13])) + [(days[14].description, "I", "/")])
        XCTAssertEqual(result.illnessDays, 14.5)
        XCTAssertNil(result.reached15On)
    }

    func testRunBrokenByAPresentDayOrHalfDay() {
        let days = F.weekdays(from: "2024-09-02", count: 10)
        var rows = F.ill(Array(days[0...1]))
        rows.append((days[2].description, "/", "\\"))
        rows += F.ill(Array(days[3...5]))
        rows.append((days[6].description, "I", "/"))
        rows += F.ill(Array(days[7...8]))
        let result = measures(2024, rows)
        XCTAssertEqual(result.longestConsecutiveDays, 3)
        XCTAssertEqual(result.illnessDays, 7.5)
        // Authorised or unauthorised absence breaks a run too: only I extends it.
        XCTAssertEqual(measures(2024, F.ill([days[0]]) + [(days[1].description, "M", "M")] + F.ill([days[2]]))
            .longestConsecutiveDays, 1)
        // Issue 14: Q is not a possible session (the DfE 2024 "unable to attend" group, with Y1–Y7), so it no longer breaks a run.
        XCTAssertEqual(measures(2024, F.ill([days[0]]) + [(days[1].description, "Q", "Q")] + F.ill([days[2]]))
            .longestConsecutiveDays, 2, "Q is not a possible session")
    }

    func testRunNotBrokenByAWeekend() {
        // Thursday, Friday, then Monday, Tuesday.
        let result = measures(2024, F.ill(["2024-09-05", "2024-09-06", "2024-09-09", "2024-09-10"].map(F.date)))
        XCTAssertEqual(result.longestConsecutiveDays, 4)
    }

    func testRunNotBrokenByADayWithOnlyNotPossibleMarks() {
        for code in ["X", "Y1", "Y7", "Z", "#", "D"] {
            let rows = F.ill([F.date("2024-09-02")]) + [("2024-09-03", code, code)] + F.ill([F.date("2024-09-04")])
            let result = measures(2024, rows)
            XCTAssertEqual(result.longestConsecutiveDays, 2, code)
            XCTAssertEqual(result.illnessDays, 2, code)
        }
    }

    func testRunNotBrokenByAWeekdayWithNoMarks() {
        let result = measures(2024, F.ill(["2024-09-02", "2024-09-04"].map(F.date)))
        XCTAssertEqual(result.longestConsecutiveDays, 2)
    }

    func testMorningIllAfternoonNotPossibleExtendsTheRun() {
        let rows: [(String, String, String)] = [
            ("2024-09-02", "I", "I"), ("2024-09-03", "I", "#"), ("2024-09-04", "I", "I"), ("2024-09-05", "X", "I"),
        ]
        let result = measures(2024, rows)
        XCTAssertEqual(result.longestConsecutiveDays, 4)
        XCTAssertEqual(result.illnessDays, 3.0, "2 + 1 + 2 + 1 sessions")
    }

    /// A spell that spans a mid-year move, with both schools marking the move day.
    func testMergesAcrossTwoSchoolsOnAMove() throws {
        let upn = F.upn(9)
        let oldSchool = 100_001, newSchool = 100_002
        var lines: [String] = []
        // Old school: present all November, ill from Wed 27 Nov to Fri 29 Nov (its last day).
        for day in F.weekdays(from: "2024-11-01", count: 21) {
            let code = day >= F.date("2024-11-27") ? ("I", "I") : ("/", "\\")
            lines.append("\(upn),\(oldSchool),\(day),AM,\(code.0)")
            lines.append("\(upn),\(oldSchool),\(day),PM,\(code.1)")
        }
        // New school: Z on 29 Nov before admission (old school's I wins), then ill Mon 2 Dec to Thu 5 Dec, back Fri.
        lines += ["\(upn),\(newSchool),2024-11-29,AM,Z", "\(upn),\(newSchool),2024-11-29,PM,Z"]
        for day in F.weekdays(from: "2024-12-02", count: 5) {
            let code = day == F.date("2024-12-06") ? ("/", "\\") : ("I", "I")
            lines.append("\(upn),\(newSchool),\(day),AM,\(code.0)")
            lines.append("\(upn),\(newSchool),\(day),PM,\(code.1)")
        }
        // Dual marking of the same session by both schools counts once.
        lines.append("\(upn),\(newSchool),2024-11-28,PM,I")
        var ledger = AttendanceLedger()
        ledger.apply(try AttendanceFile.parse(F.file(lines.reversed())))
        XCTAssertEqual(ledger.urns(of: upn).sorted(), [oldSchool, newSchool])
        let rows = ledger.measures(academicYear: 2024)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].measures.longestConsecutiveDays, 7)
        XCTAssertEqual(rows[0].measures.illnessDays, 7)
        // Each school alone sees only its part of the spell.
        let old = try XCTUnwrap(ledger.sessionCodes(upn: upn, urn: oldSchool, academicYear: 2024))
        XCTAssertEqual(IllnessMeasures.compute(old).longestConsecutiveDays, 3)
        XCTAssertNil(ledger.merged(upn: upn, academicYear: 2025))
    }

    func testAcademicYearBoundarySplitsTheCount() throws {
        let upn = F.upn(3)
        // Ten school days of I up to Fri 29 Aug 2025, with 31 Aug (Sunday) marked too, then ten from Mon 1 Sep.
        var lines = F.weekdays(from: "2025-08-18", count: 10).flatMap {
            ["\(upn),100001,\($0),AM,I", "\(upn),100001,\($0),PM,I"]
        }
        lines.append("\(upn),100001,2025-08-31,AM,I")
        lines += F.weekdays(from: "2025-09-01", count: 10).flatMap {
            ["\(upn),100001,\($0),AM,I", "\(upn),100001,\($0),PM,I"]
        }
        var ledger = AttendanceLedger()
        ledger.apply(try AttendanceFile.parse(F.file(lines)))
        let year2024 = try XCTUnwrap(ledger.measures(academicYear: 2024).first?.measures)
        let year2025 = try XCTUnwrap(ledger.measures(academicYear: 2025).first?.measures)
        XCTAssertEqual(year2024.illnessDays, 10.5)
        XCTAssertEqual(year2024.longestConsecutiveDays, 11, "31 August is the last day of 2024/25")
        XCTAssertEqual(year2025.illnessDays, 10)
        XCTAssertEqual(year2025.longestConsecutiveDays, 10, "runs do not carry over 1 September")
        XCTAssertNil(year2024.reached15On)
        XCTAssertNil(year2025.reached15On, "the count starts again each academic year")
    }

    func testRunAcross29FebruaryInALeapAcademicYear() {
        let rows = F.ill(["2024-02-28", "2024-02-29", "2024-03-01"].map(F.date))
        let result = measures(2023, rows)
        XCTAssertEqual(result.longestConsecutiveDays, 3)
        XCTAssertEqual(result.illnessDays, 3)
        // 14 days of I to 28 Feb, then 29 Feb is the 15th day.
        let spell = F.weekdays(from: "2024-02-09", count: 15)
        XCTAssertEqual(spell.last, F.date("2024-02-29"))
        XCTAssertEqual(measures(2023, F.ill(spell)).reached15On, F.date("2024-02-29"))
    }

    func testConfigurableThreshold() {
        let codes = F.codes(2024, F.ill(F.weekdays(from: "2024-09-02", count: 12)))
        XCTAssertEqual(IllnessMeasures.compute(codes, thresholdSessions: 20).reached15On, F.date("2024-09-13"))
        XCTAssertNil(IllnessMeasures.compute(codes).reached15On)
    }
}
