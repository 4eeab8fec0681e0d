import XCTest
@testable import ContinuumDemo
@testable import ContinuumDomain

/// The state on `today` the coordinator's dashboard is demonstrated with, and determinism.
final class MedicalEducationHistoryLiveTests: XCTestCase {
    static let calendar = SchoolCalendar.demo()
    static let today = CalendarDate(iso: "2026-11-22")!
    static let history = MedicalEducationHistory.generate(today: today, calendar: calendar)
    private var history: [HistoricalCase] { Self.history }
    private let targets = ServiceTargets()

    private func schoolDaysSince(_ date: CalendarDate) -> Int { Self.calendar.schoolDays(from: date, to: Self.today) - 1 }

    func testLiveCaseloadToday() {
        let census = Census.compute(at: Self.today, cases: history.map { $0.censusCase() }, baseNames: MedicalEducationHistory.baseNames)
        XCTAssertTrue((40...70).contains(census.total - census.awaitingDecision), "on roll: \(census.total - census.awaitingDecision)")
        XCTAssertTrue((3...10).contains(census.awaitingDecision), "a handful awaiting: \(census.awaitingDecision)")
        let waiting = history.filter { $0.status.isOpen && !$0.status.isDecided }
        XCTAssertEqual(waiting.count, census.awaitingDecision)
        XCTAssertTrue(waiting.contains { schoolDaysSince($0.receivedOn) > targets.decisionSchoolDays }, "one overdue decision")
        XCTAssertTrue(waiting.contains { $0.status == .awaitingInformation }, "evidence being chased")
    }

    /// HN-1: an accepted child with no provision past the target is a breach the dashboard must show.
    func testAcceptedChildWithoutProvision() {
        let breaches = history.filter {
            $0.status == .accepted && $0.episodes.isEmpty && schoolDaysSince($0.decidedOn!) > targets.firstProvisionSchoolDays
        }
        XCTAssertFalse(breaches.isEmpty)
    }

    /// Placements past four terms: autistic children awaiting specialist places, some still running.
    func testLongPlacementsAwaitingSpecialistPlaces() {
        let fourTerms = 4 * 63
        let long = history.filter { item in
            guard let first = item.episodes.first else { return false }
            return Self.calendar.schoolDays(from: first.start, to: item.episodes.last!.end ?? Self.today) > fourTerms
        }
        let specialist = long.filter { $0.decisionReasons.contains("specialist school") }
        XCTAssertGreaterThanOrEqual(specialist.count, 5)
        XCTAssertTrue(specialist.allSatisfy { [.other, .anxietyMentalHealth].contains($0.reason) })
        XCTAssertGreaterThanOrEqual(specialist.count { $0.status == .accepted }, 2, "still waiting today")
        XCTAssertTrue(specialist.contains { $0.closure?.outcome == "specialist_provision" && $0.closure!.note.contains("specialist") })
    }

    func testDeclinedAndWithdrawnReferrals() {
        let declined = history.filter { $0.status == .declined }
        let withdrawn = history.filter { $0.status == .withdrawn }
        XCTAssertGreaterThan(declined.count, 20)
        XCTAssertGreaterThan(withdrawn.count, 10)
        XCTAssertTrue((declined + withdrawn).allSatisfy { $0.episodes.isEmpty && $0.decisionReasons.count > 30 })
    }

    func testDeterministicForASeed() {
        XCTAssertEqual(MedicalEducationHistory.generate(today: Self.today, calendar: Self.calendar), history)
        XCTAssertNotEqual(MedicalEducationHistory.generate(seed: 20, today: Self.today, calendar: Self.calendar), history)
    }

    /// Building the demo on another day changes only the last two years or so (the live cases
    /// near today include placements that began about two years before it).
    func testThePastDoesNotDependOnToday() {
        let earlier = CalendarDate(iso: "2025-06-02")!
        let then = MedicalEducationHistory.generate(today: earlier, calendar: Self.calendar)
        let settledBefore = CalendarDate(iso: "2023-06-01")!
        let old = history.filter { ($0.closure?.closedOn ?? $0.settledOn ?? earlier) < settledBefore && $0.episodes.allSatisfy { $0.end != nil } }
        let oldThen = Dictionary(uniqueKeysWithValues: then.map { ($0.key, $0) })
        XCTAssertGreaterThan(old.count, 500)
        for item in old where item.receivedOn < settledBefore {
            XCTAssertEqual(oldThen[item.key], item, item.key)
        }
    }
}
