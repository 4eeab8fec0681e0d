import XCTest
@testable import ContinuumDomain

final class AttendanceIllnessAbsenceReportTests: XCTestCase {
    private typealias F = AttendanceFixtures

    func testFormattingSortingAndFiltering() {
        let a = F.upn(1), b = F.upn(2), c = F.upn(3)
        let sortedUPNs = [a, b, c].sorted()
        let rows = [
            IllnessAbsenceRow(upn: sortedUPNs[2], academicYear: 2024,
                              measures: IllnessMeasures(illnessSessions: 31, reached15On: F.date("2025-01-07"),
                                                        longestConsecutiveDays: 12)),
            IllnessAbsenceRow(upn: sortedUPNs[1], academicYear: 2024,
                              measures: IllnessMeasures(illnessSessions: 0, reached15On: nil, longestConsecutiveDays: 0)),
            IllnessAbsenceRow(upn: sortedUPNs[0], academicYear: 2024,
                              measures: IllnessMeasures(illnessSessions: 6, reached15On: nil, longestConsecutiveDays: 3)),
        ]
        XCTAssertEqual(IllnessAbsenceReport.csv(rows), """
            upn,academic_year,illness_days,longest_consecutive_days,reached_15_on
            \(sortedUPNs[0]),2024,3.0,3,
            \(sortedUPNs[2]),2024,15.5,12,2025-01-07

            """)
    }

    func testOneDecimalPlace() {
        XCTAssertEqual(IllnessAbsenceReport.days(sessions: 0), "0.0")
        XCTAssertEqual(IllnessAbsenceReport.days(sessions: 1), "0.5")
        XCTAssertEqual(IllnessAbsenceReport.days(sessions: 2), "1.0")
        XCTAssertEqual(IllnessAbsenceReport.days(sessions: 365), "182.5")
    }

    func testEmptyReportIsTheHeaderOnly() {
        XCTAssertEqual(IllnessAbsenceReport.csv([]), IllnessAbsenceReport.header + "\n")
    }

    func testFromImportedMarks() throws {
        let upn = F.upn(4)
        var ledger = AttendanceLedger()
        ledger.apply(try AttendanceFile.parse(F.file([
            "\(upn),100001,2024-09-02,AM,I",
            "\(F.upn(5)),100001,2024-09-02,AM,/",
        ])))
        XCTAssertEqual(IllnessAbsenceReport.csv(ledger.measures(academicYear: 2024)),
                       IllnessAbsenceReport.header + "\n\(upn),2024,0.5,1,\n")
    }
}
