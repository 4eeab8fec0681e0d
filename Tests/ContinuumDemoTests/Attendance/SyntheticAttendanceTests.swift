import XCTest
@testable import ContinuumDemo
@testable import ContinuumDomain

final class SyntheticAttendanceTests: XCTestCase {
    private static let schoolDays: [CalendarDate] = {
        let calendar = SchoolCalendar.demo(bankHolidays: .englandAndWales)
        return (CalendarDate(year: 2024, month: 9, day: 1)...CalendarDate(year: 2025, month: 8, day: 31))
            .filter { calendar.isSchoolDay($0) }
    }()

    private func make(seed: UInt64, pupils: Int = 600, schools: Int = 6) -> SyntheticAttendance {
        SyntheticAttendance(seed: seed, pupils: pupils, schools: schools, schoolDays: Self.schoolDays)
    }

    func testSameSeedSameFilesDifferentSeedDifferentFiles() {
        let first = make(seed: 7), again = make(seed: 7), other = make(seed: 8)
        XCTAssertEqual(first.upns, again.upns)
        for school in first.urns.indices {
            XCTAssertEqual(first.csv(forSchool: school), again.csv(forSchool: school))
        }
        XCTAssertNotEqual(first.csv(forSchool: 0), other.csv(forSchool: 0))
        XCTAssertEqual(first.upns, other.upns, "pupils are numbered, not drawn")
    }

    func testFilesParseAndLookLikeAYear() throws {
        let synthetic = make(seed: 2024)
        XCTAssertGreaterThan(Self.schoolDays.count, 180)
        XCTAssertEqual(Set(synthetic.upns).count, synthetic.upns.count)
        var ledger = AttendanceLedger()
        var rows = 0
        var codesSeen = Set<String>()
        for school in synthetic.urns.indices {
            let marks = try AttendanceFile.parse(synthetic.csv(forSchool: school))
            XCTAssertEqual(marks, synthetic.marks(forSchool: school))
            XCTAssertTrue(marks.allSatisfy { $0.urn == synthetic.urns[school] })
            rows += marks.count
            codesSeen.formUnion(marks.map(\.code.code))
            ledger.apply(marks)
        }
        // Every pupil has both sessions of every school day, plus a few D/Z extras.
        XCTAssertGreaterThanOrEqual(rows, synthetic.upns.count * Self.schoolDays.count * 2)
        for code in ["/", "\\", "I", "L", "M", "G", "O", "N"] { XCTAssertTrue(codesSeen.contains(code), code) }
        XCTAssertTrue(codesSeen.contains("X") || codesSeen.contains("Y1") || codesSeen.contains("#") || codesSeen.contains("Y2"))

        let measures = ledger.measures(academicYear: 2024).map(\.measures)
        XCTAssertEqual(measures.count, synthetic.upns.count)
        let upToFive = measures.filter { $0.illnessDays <= 5 }.count
        XCTAssertGreaterThan(Double(upToFive) / Double(measures.count), 0.75, "most pupils have 0–5 illness days")
        let longSpells = measures.filter { $0.longestConsecutiveDays >= 15 }
        XCTAssertGreaterThan(longSpells.count, 3, "a tail of long spells")
        XCTAssertTrue(longSpells.allSatisfy { $0.reached15On != nil })
        XCTAssertLessThanOrEqual(measures.map(\.longestConsecutiveDays).max() ?? 0, 40 + 1)
    }

    func testADaysFeedIsThatDaysRowsOfTheYear() throws {
        let synthetic = make(seed: 99, pupils: 300, schools: 5)
        let date = Self.schoolDays[100]
        let feed = try AttendanceFile.parse(synthetic.csv(on: date))
        XCTAssertTrue(feed.allSatisfy { $0.date == date })
        let fromYear = synthetic.allMarks().filter { $0.date == date }
        XCTAssertEqual(Set(feed), Set(fromYear))
        XCTAssertEqual(feed.count, fromYear.count)
        XCTAssertEqual(synthetic.marks(on: CalendarDate(year: 2024, month: 9, day: 7)), [], "a Saturday")
    }

    func testMoversAppearInBothSchoolsFiles() {
        let synthetic = make(seed: 5, pupils: 2000, schools: 4)
        let movers = synthetic.upns.indices.filter { synthetic.schools(ofPupil: $0).count == 2 }
        XCTAssertFalse(movers.isEmpty)
        let pupil = movers[0]
        let schools = synthetic.schools(ofPupil: pupil)
        for school in schools {
            XCTAssertTrue(synthetic.marks(forSchool: school).contains { $0.upn == synthetic.upns[pupil] })
        }
    }

    func testWritesOneFilePerSchool() throws {
        let synthetic = make(seed: 1, pupils: 40, schools: 3)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("synthetic-attendance-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let urls = try synthetic.writeFiles(to: directory)
        XCTAssertEqual(urls.map(\.lastPathComponent), synthetic.urns.map { "attendance-\($0).csv" })
        for (school, url) in urls.enumerated() {
            XCTAssertEqual(try AttendanceFile.parse(Data(contentsOf: url)), synthetic.marks(forSchool: school))
        }
    }

    func testManyPupilsGetUniqueValidUPNs() {
        let synthetic = SyntheticAttendance(seed: 1, pupils: 5000, schools: 2, schoolDays: [])
        XCTAssertEqual(Set(synthetic.upns).count, 5000)
        XCTAssertTrue(synthetic.upns.prefix(50).allSatisfy { UPN.validate($0.description).isValid })
    }
}
