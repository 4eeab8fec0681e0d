import XCTest
import ContinuumDemo
@testable import ContinuumDomain

/// Checks the slot-array measures against a plain, slow restatement of issue 4's
/// definitions over a synthetic year (movers, dual registration, X, Y, Z, #, D).
final class AttendanceIllnessMeasuresReferenceTests: XCTestCase {
    private struct SessionKey: Hashable {
        let upn: PackedUPN
        let date: CalendarDate
        let session: AttendanceSession
    }

    private let notPossible: Set<String> = ["X", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#", "D"]

    /// The merge rule in words: I first, then any possible session, then anything;
    /// ties go to the code listed first.
    private func rank(_ code: AttendanceCode) -> (Int, Int) {
        (code.code == "I" ? 3 : (notPossible.contains(code.code) ? 1 : 2), -Int(code.id))
    }

    func testMatchesAPlainRestatementOfTheDefinitions() throws {
        let calendar = SchoolCalendar.demo(bankHolidays: .englandAndWales)
        let days = (CalendarDate(year: 2024, month: 9, day: 1)...CalendarDate(year: 2025, month: 8, day: 31))
            .filter { calendar.isSchoolDay($0) }
        let synthetic = SyntheticAttendance(seed: 31, pupils: 600, schools: 3, schoolDays: days)
        let marks = synthetic.allMarks()

        var merged: [SessionKey: AttendanceCode] = [:]
        for mark in marks {
            let key = SessionKey(upn: mark.upn, date: mark.date, session: mark.session)
            if let existing = merged[key], rank(existing) >= rank(mark.code) { continue }
            merged[key] = mark.code
        }
        var byPupil: [PackedUPN: [CalendarDate: [AttendanceSession: AttendanceCode]]] = [:]
        for (key, code) in merged { byPupil[key.upn, default: [:]][key.date, default: [:]][key.session] = code }

        var ledger = AttendanceLedger()
        ledger.apply(marks)
        let computed = Dictionary(uniqueKeysWithValues: ledger.measures(academicYear: 2024).map { ($0.upn, $0.measures) })
        XCTAssertEqual(computed.count, synthetic.upns.count)

        var longRuns = 0
        for (upn, dates) in byPupil {
            var sessions = 0, run = 0, longest = 0
            var reached: CalendarDate?
            for date in dates.keys.sorted() {
                let day = dates[date]!
                for session in [AttendanceSession.am, .pm] where day[session]?.code == "I" {
                    sessions += 1
                    if sessions == 30 { reached = date }
                }
                let possible = [day[.am], day[.pm]].compactMap { $0 }.filter { !notPossible.contains($0.code) }
                if possible.isEmpty { continue }
                if possible.allSatisfy({ $0.code == "I" }) {
                    run += 1
                    longest = max(longest, run)
                } else {
                    run = 0
                }
            }
            let expected = IllnessMeasures(illnessSessions: sessions, reached15On: reached, longestConsecutiveDays: longest)
            XCTAssertEqual(computed[upn], expected, "\(upn)")
            if longest >= 15 { longRuns += 1 }
        }
        XCTAssertGreaterThan(longRuns, 5)
    }
}
