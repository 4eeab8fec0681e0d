import XCTest
@testable import ContinuumDemo
@testable import ContinuumDomain

/// Every demo case must read as a real one: referral before decision before provision, school
/// days only, children of compulsory school age, reviews on schedule, closures with outcomes.
final class MedicalEducationHistoryCoherenceTests: XCTestCase {
    static let calendar = SchoolCalendar.demo()
    static let today = CalendarDate(iso: "2026-11-22")!
    static let history = MedicalEducationHistory.generate(today: today, calendar: calendar)
    private var calendar: SchoolCalendar { Self.calendar }
    private var history: [HistoricalCase] { Self.history }
    private var today: CalendarDate { Self.today }

    /// School days from `a` to `b`, not counting `a` (both school days): 1 for the next school day.
    private func schoolDaysAfter(_ a: CalendarDate, until b: CalendarDate) -> Int { calendar.schoolDays(from: a, to: b) - 1 }

    private func leavingDate(_ dob: CalendarDate) -> CalendarDate {
        calendar.previousSchoolDay(onOrBefore: AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: dob))
    }

    func testHistorySpansSeptember2016ToToday() {
        XCTAssertGreaterThan(history.count, 500)
        XCTAssertEqual(Set(history.map(\.key)).count, history.count, "one key per child")
        XCTAssertEqual(Set(history.map { "\($0.child.fullName) \($0.child.dateOfBirth)" }).count, history.count, "one case per child")
        XCTAssertEqual(history.map(\.key), history.map(\.key).sorted(), "keys in referral order")
        XCTAssertLessThan(history.map(\.receivedOn).min()!, CalendarDate(iso: "2016-09-01")!, "children on roll when records begin")
        XCTAssertTrue(history.contains { $0.receivedOn.year == 2026 })
        let starts = history.compactMap { $0.episodes.first?.start }
        XCTAssertEqual(starts.filter { $0 < CalendarDate(iso: "2016-09-01")! }.count, 38, "the opening caseload only")
    }

    func testEveryDateIsASchoolDayNoLaterThanToday() {
        for item in history {
            var dates = [item.receivedOn] + [item.evidenceRequestedOn, item.evidenceReceivedOn, item.decidedOn, item.withdrawnOn,
                                             item.closure?.closedOn, item.reintegrationTarget].compactMap { $0 }
            dates += item.episodes.flatMap { [$0.start] + [$0.end].compactMap { $0 } } + item.reviews
            for date in dates {
                XCTAssertTrue(calendar.isSchoolDay(date), "\(item.key): \(date) is not a school day")
            }
            for date in dates where date != item.reintegrationTarget {
                XCTAssertLessThanOrEqual(date, today, "\(item.key): \(date) is after today")
            }
        }
    }

    func testReferralThenDecisionThenProvision() {
        var inTarget = 0, decided = 0
        for item in history {
            switch item.status {
            case .accepted, .declined, .closed:
                XCTAssertNotNil(item.decidedOn, item.key)
                XCTAssertNil(item.withdrawnOn, item.key)
                XCTAssertFalse(item.decisionReasons.isEmpty, "\(item.key): a written decision has reasons")
            case .withdrawn:
                XCTAssertNil(item.decidedOn, item.key)
                XCTAssertNotNil(item.withdrawnOn, item.key)
                XCTAssertFalse(item.decisionReasons.isEmpty, item.key)
            case .received, .awaitingInformation, .atPanel:
                XCTAssertNil(item.settledOn, item.key)
                XCTAssertTrue(item.episodes.isEmpty && item.closure == nil && item.reviews.isEmpty, item.key)
            }
            if let settled = item.settledOn { XCTAssertLessThan(item.receivedOn, settled, item.key) }
            if let decidedOn = item.decidedOn {
                decided += 1
                if (2...8).contains(schoolDaysAfter(item.receivedOn, until: decidedOn)) { inTarget += 1 }
            }
            if let first = item.episodes.first {
                XCTAssertTrue([.accepted, .closed].contains(item.status), item.key)
                XCTAssertLessThanOrEqual(item.decidedOn!, first.start, "\(item.key): provision before the decision")
            }
            if let asked = item.evidenceRequestedOn {
                XCTAssertGreaterThanOrEqual(asked, item.receivedOn, item.key)
                XCTAssertLessThanOrEqual(asked, item.settledOn ?? today, item.key)
            }
            if let arrived = item.evidenceReceivedOn {
                XCTAssertGreaterThan(arrived, item.evidenceRequestedOn!, item.key)
            }
            if [.accepted, .closed].contains(item.status) { XCTAssertNotNil(item.reintegrationTarget, item.key) }
        }
        XCTAssertGreaterThan(Double(inTarget) / Double(decided), 0.7, "decisions mostly within 2–8 school days")
        XCTAssertLessThan(inTarget, decided, "some are slower")
    }

    func testEpisodesFollowOnWithoutOverlapping() {
        for item in history {
            for (index, episode) in item.episodes.enumerated() {
                XCTAssertGreaterThan(episode.hoursPerWeek, 0, item.key)
                if let end = episode.end { XCTAssertLessThanOrEqual(episode.start, end, item.key) }
                if episode.type == .base {
                    XCTAssertTrue(MedicalEducationHistory.baseNames.contains(episode.baseName ?? ""), item.key)
                } else {
                    XCTAssertNil(episode.baseName, item.key)
                }
                guard index > 0 else { continue }
                let previous = item.episodes[index - 1]
                XCTAssertNotNil(previous.end, "\(item.key): only the last episode may be open")
                XCTAssertLessThan(previous.end ?? episode.start, episode.start, "\(item.key): episodes overlap")
            }
            XCTAssertEqual(item.status == .accepted && item.episodes.last?.end != nil, false,
                           "\(item.key): provision that has ended is closed")
        }
    }

    func testChildrenAreOfCompulsorySchoolAgeAndMostlySecondary() {
        for item in history {
            let dob = item.child.dateOfBirth
            for episode in item.episodes {
                for date in [episode.start, episode.end ?? today] {
                    XCTAssertTrue(AgeAndStage.isCompulsorySchoolAge(dateOfBirth: dob, on: date), "\(item.key) on \(date)")
                }
            }
            let yearGroup = AgeAndStage.yearGroup(dateOfBirth: dob, on: item.receivedOn)
            XCTAssertEqual(item.child.homeSchoolPhase, yearGroup <= 6 ? "Primary" : "Secondary", item.key)
            XCTAssertTrue(["M", "F"].contains(item.child.sex), item.key)
            XCTAssertTrue(["school", "health", "parent"].contains(item.referredBy), item.key)
            XCTAssertTrue(["none", "pending", "plan"].contains(item.ehcPlan), item.key)
        }
        let provided = history.filter { !$0.episodes.isEmpty }
        let secondary = provided.count { (7...11).contains(AgeAndStage.yearGroup(dateOfBirth: $0.child.dateOfBirth, on: $0.episodes[0].start)) }
        XCTAssertGreaterThan(Double(secondary) / Double(provided.count), 0.75, "mostly Years 7–11")
        XCTAssertLessThan(secondary, provided.count, "some primary")
    }

    func testReviewsEveryThirtyOrSoSchoolDaysWhileActive() {
        for item in history {
            guard let first = item.episodes.first?.start else {
                XCTAssertTrue(item.reviews.isEmpty, item.key)
                continue
            }
            let last = item.episodes.last!.end ?? calendar.previousSchoolDay(onOrBefore: today)
            var previous = first
            for review in item.reviews {
                XCTAssertTrue((25...35).contains(schoolDaysAfter(previous, until: review)), "\(item.key): review on \(review)")
                XCTAssertLessThanOrEqual(review, last, "\(item.key): review after provision ended")
                previous = review
            }
            XCTAssertLessThan(schoolDaysAfter(previous, until: last), 35, "\(item.key): a review was missed")
        }
    }

    func testClosuresAfterProvisionWithOutcomes() {
        var leavers = 0
        for item in history {
            XCTAssertEqual(item.status == .closed, item.closure != nil, item.key)
            guard let closure = item.closure else { continue }
            let lastEnd = item.episodes.last?.end
            XCTAssertNotNil(lastEnd, "\(item.key): closed with provision still open")
            XCTAssertGreaterThanOrEqual(closure.closedOn, lastEnd ?? closure.closedOn, item.key)
            XCTAssertTrue(HistoricalClosure.outcomes.contains(closure.outcome), item.key)
            XCTAssertFalse(closure.note.isEmpty, item.key)
            XCTAssertEqual(closure.gcse != nil, closure.outcome == "post16", "\(item.key): GCSEs for Year 11 leavers only")
            if closure.outcome == "post16" {
                leavers += 1
                XCTAssertEqual(lastEnd, leavingDate(item.child.dateOfBirth), "\(item.key): Year 11 ends on the leaving date")
                XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: item.child.dateOfBirth, on: lastEnd!), 11, item.key)
                for grade in [closure.gcse?.english, closure.gcse?.maths, closure.gcse?.science].compactMap({ $0 }) {
                    XCTAssertTrue((1...9).contains(grade), item.key)
                }
            }
        }
        XCTAssertGreaterThan(leavers, 20)
        let outcomes = Set(history.compactMap { $0.closure?.outcome })
        XCTAssertEqual(outcomes, Set(HistoricalClosure.outcomes), "every outcome occurs")
    }

    /// HN-5: anything below full time for the child's key stage has a recorded reason.
    func testPartTimeEpisodesHaveAReason() {
        let targets = ServiceTargets()
        var partTime = 0
        for item in history {
            let dob = item.child.dateOfBirth
            let below = item.episodes.contains { episode in
                [episode.start, episode.end ?? today].contains { date in
                    episode.hoursPerWeek < targets.fullTimeHours(for: AgeAndStage.keyStage(dateOfBirth: dob, on: date))
                }
            }
            if below {
                partTime += 1
                XCTAssertFalse(item.partTimeReason?.isEmpty ?? true, "\(item.key): part-time without a reason")
            }
        }
        XCTAssertGreaterThan(partTime, 100)
        XCTAssertTrue(history.contains { !$0.episodes.isEmpty && $0.partTimeReason == nil }, "some full-time packages")
    }
}
