import XCTest
@testable import ContinuumDomain

/// The Section 19 referral workflow: every status × every action, urgent and not. A success is
/// always a move `ReferralStatus.canMove` allows; decisions and closures only come by their own action.
final class ReferralWorkflowTests: XCTestCase {
    let today = CalendarDate(year: 2026, month: 11, day: 26)  // a Thursday in term
    let rules = ReferralRules(calendar: .demo(), reviewIntervalSchoolDays: 30)

    func state(_ status: ReferralStatus, urgent: Bool, plan: Bool = true) -> ReferralCaseState {
        ReferralCaseState(id: ReferralID(), status: status, urgent: urgent, hasReintegrationPlan: plan)
    }

    func actions() -> [(String, ReferralStatus?, ReferralAction)] {
        ReferralStatus.allCases.map { ("move to \($0.rawValue)", $0, ReferralAction.move(to: $0)) } + [
            ("accept", .accepted, .decide(outcome: .accepted, reasons: "Consultant's letter confirms the child cannot attend", by: "Coordinator")),
            ("decline", .declined, .decide(outcome: .declined, reasons: "Evidence shows the school can meet needs with adjustments", by: "Coordinator")),
            ("close", .closed, .close(outcome: .returnedFullTime, on: today, results: [])),
        ]
    }

    func testEveryStatusTimesEveryAction() {
        for urgent in [false, true] {
            for status in ReferralStatus.allCases {
                for (label, target, action) in actions() {
                    let result = ReferralWorkflow.apply(action, on: state(status, urgent: urgent), today: today, rules: rules)
                    let name = "\(label) from \(status.rawValue)\(urgent ? " (urgent)" : "")"
                    let isMove: Bool = { if case .move = action { return true }; return false }()
                    let lawful = target.map { status.canMove(to: $0, urgent: urgent) } ?? false
                    let expected = lawful && !(isMove && ReferralWorkflow.decisionStatuses.contains(target!))
                    switch result {
                    case let .success(transition):
                        XCTAssertTrue(expected, "\(name) applied")
                        XCTAssertEqual(transition.state.status, target, name)
                        XCTAssertTrue(status.canMove(to: transition.state.status, urgent: urgent), name)
                    case let .failure(problems):
                        XCTAssertFalse(expected, "\(name) refused: \(problems.problems)")
                        XCTAssertFalse(problems.problems.isEmpty, name)
                    }
                }
            }
        }
    }

    func testOfferedMovesAreLawfulAndNeverDecisions() {
        XCTAssertEqual(ReferralWorkflow.offeredMoves(from: state(.received, urgent: false)), [.awaitingInformation, .atPanel, .withdrawn])
        XCTAssertEqual(ReferralWorkflow.offeredMoves(from: state(.accepted, urgent: true)), [])
        XCTAssertEqual(ReferralWorkflow.offeredMoves(from: state(.closed, urgent: true)), [])
    }

    /// HN-12: accepting schedules the first review 30 school days from the decision; declining schedules none.
    func testAcceptingSchedulesTheFirstReview() throws {
        let accepted = try ReferralWorkflow.apply(actions()[ReferralStatus.allCases.count].2, on: state(.atPanel, urgent: false), today: today, rules: rules).get()
        XCTAssertEqual(accepted.state.decided, today)
        XCTAssertEqual(accepted.state.decidedBy, "Coordinator")
        XCTAssertEqual(accepted.audit, EHCAuditFact(action: "referral.decided", detail: "accepted"))
        let due = rules.calendar.addingSchoolDays(30, to: today)
        XCTAssertEqual(accepted.effects, [.scheduleReview(due: due)])
        XCTAssertEqual(rules.calendar.schoolDays(from: today.adding(days: 1), to: due), 30)
        XCTAssertTrue(rules.calendar.isSchoolDay(today))
        let declined = try ReferralWorkflow.apply(actions()[ReferralStatus.allCases.count + 1].2, on: state(.atPanel, urgent: false), today: today, rules: rules).get()
        XCTAssertEqual(declined.effects, [])
    }

    func testDecisionNeedsAnOutcomeAndReasons() {
        let result = ReferralWorkflow.apply(.decide(outcome: .withdrawn, reasons: "  ", by: "C"), on: state(.atPanel, urgent: false), today: today, rules: rules)
        guard case let .failure(problems) = result else { return XCTFail("applied") }
        XCTAssertEqual(problems.problems.map(\.field), ["outcome", "reasons"])
        let panel = ReferralWorkflow.apply(.decide(outcome: .accepted, reasons: "Reasons", by: "C"), on: state(.received, urgent: false), today: today, rules: rules)
        guard case let .failure(early) = panel else { return XCTFail("decided before the panel") }
        XCTAssertEqual(early.problems.map(\.message), ["Only the panel can decide a referral that is not urgent: move it to the panel first."])
        XCTAssertTrue(early.refused)
    }

    /// HN-11: a case that returns to school closes only with its reintegration plan; GCSE grades are 1–9.
    func testClosing() throws {
        let noPlan = ReferralWorkflow.apply(.close(outcome: .returnedFullTime, on: today, results: []), on: state(.accepted, urgent: false, plan: false), today: today, rules: rules)
        guard case let .failure(problems) = noPlan else { return XCTFail("closed without a plan") }
        XCTAssertEqual(problems.problems.map(\.message), ["Record the reintegration plan before closing a case that returns to school"])
        let movedAway = try ReferralWorkflow.apply(.close(outcome: .movedAway, on: today, results: []), on: state(.accepted, urgent: false, plan: false), today: today, rules: rules).get()
        XCTAssertEqual(movedAway.state.closureOutcome, "moved_away")

        let graded = try ReferralWorkflow.apply(.close(outcome: .post16, on: today, results: [(.englishLanguage, "English", "5"), (.maths, "Maths", ""), (.combinedScience, "Science", "4")]),
                                                on: state(.accepted, urgent: false), today: today, rules: rules).get()
        XCTAssertEqual(graded.state.closureOutcome, "post16 (GCSE English 5, Science 4)")
        XCTAssertEqual(graded.effects, [.endOpenEpisodes(on: today), .recordGCSEResults([GCSEResultEntry(subject: .englishLanguage, grade: .numeric(5)),
                                                                                          GCSEResultEntry(subject: .combinedScience, grade: .numeric(4))])])
        let bad = ReferralWorkflow.apply(.close(outcome: nil, on: nil, results: [(.maths, "Maths", "10")]), on: state(.accepted, urgent: false), today: today, rules: rules)
        guard case let .failure(all) = bad else { return XCTFail("closed with nothing") }
        XCTAssertEqual(all.problems.map(\.field), ["closeOutcome", "closedOn", "maths"])
    }

    func provision(_ type: ProvisionType? = .home, base: ProvisionBaseChoice = .none, hours: String? = "25", start: CalendarDate? = nil,
                   reason: String? = nil, review: CalendarDate? = nil) -> ReferralAction {
        .arrangeProvision(ProvisionInput(type: type, base: base, hours: hours, start: start ?? today, startTyped: true, partTimeReason: reason,
                                         reviewOn: review, fullTimeHours: 25))
    }

    /// Provision is arranged only for an accepted referral, and never moves its status.
    func testProvisionOnlyForAnAcceptedReferral() throws {
        for status in ReferralStatus.allCases {
            let result = ReferralWorkflow.apply(provision(), on: state(status, urgent: false), today: today, rules: rules)
            switch result {
            case let .success(transition):
                XCTAssertEqual(status, .accepted)
                XCTAssertEqual(transition.state, state(status, urgent: false).withID(transition.state.id))
                XCTAssertEqual(transition.audit.action, "provision.arranged")
            case let .failure(problems):
                XCTAssertNotEqual(status, .accepted)
                XCTAssertTrue(problems.refused)
                XCTAssertEqual(problems.problems.map(\.field), ["type"])
            }
        }
    }

    /// Rulebook HN-5: below full time needs the health reason and a review date after the start.
    func testPartTimeProvisionNeedsItsReasonAndReview() throws {
        let accepted = state(.accepted, urgent: false)
        guard case let .failure(missing) = ReferralWorkflow.apply(provision(hours: "10"), on: accepted, today: today, rules: rules) else { return XCTFail("part time with no reason") }
        XCTAssertEqual(missing.problems.count, 2)
        let review = today.adding(days: 42)
        let episode = try ReferralWorkflow.apply(provision(hours: "10", reason: "Anxiety: building up hours with CAMHS", review: review), on: accepted, today: today, rules: rules).get()
        XCTAssertEqual(episode.effects, [.createEpisode(NewProvisionEpisode(type: .home, baseID: nil, hoursPerWeek: 10, start: today,
                                                                            partTimeReason: "Anxiety: building up hours with CAMHS", partTimeReviewOn: review))])
        XCTAssertEqual(episode.audit.detail, "home  10.0h from \(today)")
        // Full time records no part-time reason even if one was typed.
        let full = try ReferralWorkflow.apply(provision(hours: "25", reason: "typed anyway", review: review), on: accepted, today: today, rules: rules).get()
        XCTAssertEqual(full.effects, [.createEpisode(NewProvisionEpisode(type: .home, baseID: nil, hoursPerWeek: 25, start: today, partTimeReason: nil, partTimeReviewOn: nil))])
    }

    func testProvisionFieldChecks() {
        let accepted = state(.accepted, urgent: false)
        func fields(_ action: ReferralAction, _ s: ReferralCaseState? = nil) -> [String] {
            guard case let .failure(problems) = ReferralWorkflow.apply(action, on: s ?? accepted, today: today, rules: rules) else { return [] }
            return problems.problems.map(\.message)
        }
        let id = UUID()
        XCTAssertEqual(fields(provision(.base, base: .none)), ["Select the teaching base"])
        XCTAssertEqual(fields(provision(.base, base: .base(id: id, name: "Redditch", openOnStart: false))), ["Redditch is not open then: select an open teaching base"])
        XCTAssertEqual(fields(provision(.home, base: .unknown)), ["Choose a teaching base only for a base place"])
        XCTAssertEqual(fields(provision(nil)), ["Select the type of provision"])
        XCTAssertEqual(fields(provision(hours: "41")), ["Hours a week must be a number from 0.5 to 40"])
        XCTAssertEqual(fields(provision(hours: " ")), ["Enter the hours a week"])
        var decided = accepted
        decided.decided = today
        XCTAssertEqual(fields(provision(start: today.adding(days: -1)), decided), ["Start date must be on or after the decision (\(today.longFormat))"])
        XCTAssertEqual(fields(.arrangeProvision(ProvisionInput(type: .home, base: .none, hours: "25", start: nil, startTyped: false, partTimeReason: nil, reviewOn: nil, fullTimeHours: 25))),
                       ["Enter the start date"])
        guard case let .success(placed) = ReferralWorkflow.apply(provision(.base, base: .base(id: id, name: "Worcester", openOnStart: true)), on: accepted, today: today, rules: rules) else {
            return XCTFail("an open base refused")
        }
        XCTAssertEqual(placed.audit.detail, "base Worcester 25.0h from \(today)")
    }
}

extension ReferralCaseState {
    func withID(_ id: ReferralID) -> ReferralCaseState { var copy = self; copy.id = id; return copy }
}
