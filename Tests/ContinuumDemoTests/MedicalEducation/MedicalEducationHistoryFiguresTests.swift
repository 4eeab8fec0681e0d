import XCTest
@testable import ContinuumDemo
@testable import ContinuumDomain

/// The council paper's figures (issue 3, item 9), computed by the census itself from the demo history.
final class MedicalEducationHistoryFiguresTests: XCTestCase {
    static let calendar = SchoolCalendar.demo()
    static let today = CalendarDate(iso: "2026-11-22")!
    static let history = MedicalEducationHistory.generate(today: today, calendar: calendar)
    static let bases = ["Kidderminster", "Redditch", "Worcester"]

    private func census(_ iso: String, _ history: [HistoricalCase] = history) -> Census {
        Census.compute(at: CalendarDate(iso: iso)!, cases: history.map { $0.censusCase() }, baseNames: Self.bases)
    }

    func testFirstOctober2019() {
        let census = census("2019-10-01")
        XCTAssertEqual(census.total, 48)
        XCTAssertEqual(census.onRoll, [.base: 41, .home: 6, .hospital: 1, .virtual: 0, .outreach: 0])
        XCTAssertEqual(census.bases, ["Kidderminster": 14, "Redditch": 13, "Worcester": 14])
        XCTAssertLessThanOrEqual(census.bases.values.max()! - census.bases.values.min()!, 1, "almost equal at each base")
        XCTAssertEqual(census.awaitingDecision, 0)
    }

    func testFifteenthJanuary2020() {
        let census = census("2020-01-15")
        XCTAssertEqual(census.total, 84)
        XCTAssertEqual(census.onRoll, [.base: 55, .home: 10, .hospital: 0, .virtual: 0, .outreach: 0])
        XCTAssertEqual(census.bases, ["Kidderminster": 22, "Redditch": 11, "Worcester": 22])
        XCTAssertEqual(census.bases.min { $0.value < $1.value }?.key, "Redditch")
        XCTAssertEqual(census.awaitingDecision, 19)
        XCTAssertEqual(census.json().prefix(96),
                       #"{"at":"2020-01-15","total":84,"on_roll":{"base":55,"home":10,"hospital":0,"virtual":0,"outreach":0}"#.prefix(96))
    }

    func testAcademicYear2017To18() {
        XCTAssertEqual(census("2018-08-31").academicYearTotal, 122)
        // Counted from the year's first day, only the children carried over from 2016-17 are seen.
        let year = CalendarDate(iso: "2017-09-01")!...CalendarDate(iso: "2018-08-31")!
        let startedInYear = Self.history.count { $0.episodes.first.map { year.contains($0.start) } ?? false }
        XCTAssertEqual(census("2017-09-01").academicYearTotal + startedInYear, 122)
    }

    func testAboutEightyPercentAnxietyAndMentalHealth() {
        let share = Double(Self.history.count { $0.reason == .anxietyMentalHealth }) / Double(Self.history.count)
        XCTAssertGreaterThanOrEqual(share, 0.75)
        XCTAssertLessThanOrEqual(share, 0.85)
        XCTAssertTrue(ReferralReason.allCases.allSatisfy { reason in Self.history.contains { $0.reason == reason } },
                      "every category appears")
    }

    /// The figures come from the plan, not from a lucky seed.
    func testFiguresHoldForOtherSeedsAndDays() {
        for (seed, today) in [(UInt64(1), "2026-11-22"), (2, "2024-03-06"), (2024, "2021-07-01")] {
            let history = MedicalEducationHistory.generate(seed: seed, today: CalendarDate(iso: today)!, calendar: Self.calendar)
            let october = census("2019-10-01", history), january = census("2020-01-15", history)
            XCTAssertEqual([october.total, october.awaitingDecision, january.total, january.awaitingDecision], [48, 0, 84, 19], "seed \(seed)")
            XCTAssertEqual(october.bases, ["Kidderminster": 14, "Redditch": 13, "Worcester": 14], "seed \(seed)")
            XCTAssertEqual(january.bases, ["Kidderminster": 22, "Redditch": 11, "Worcester": 22], "seed \(seed)")
            XCTAssertEqual(october.onRoll[.hospital], 1, "seed \(seed)")
            XCTAssertEqual(january.onRoll[.home], 10, "seed \(seed)")
            XCTAssertEqual(census("2018-08-31", history).academicYearTotal, 122, "seed \(seed)")
        }
    }
}
