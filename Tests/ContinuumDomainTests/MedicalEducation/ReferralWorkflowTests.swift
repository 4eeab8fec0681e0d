import XCTest
@testable import ContinuumDomain

/// The Section 19 referral workflow: every status × every action, urgent and not. A success is
/// always a move `ReferralStatus.canMove` allows; decisions and closures only come by their own action;
/// casework (provision, reviews, the plan, the timetable, sessions, evidence) never moves the status.
final class ReferralWorkflowTests: XCTestCase {
    let today = CalendarDate(year: 2026, month: 11, day: 26)  // a Thursday in term
    let rules = ReferralRules(calendar: .demo(), reviewIntervalSchoolDays: 30)

    func state(_ status: ReferralStatus, urgent: Bool, plan: Bool = true) -> ReferralCaseState {
        ReferralCaseState(id: ReferralID(), status: status, urgent: urgent, hasReintegrationPlan: plan)
    }

    /// What an action should do to a referral: move it, or leave its status and be allowed only in some statuses.
    enum Expected { case moves(to: ReferralStatus), stays(allowedIn: Set<ReferralStatus>) }

    let teacher = TimetableTeacher(id: UUID(), email: "teacher@demo.continuum.test")
    let slotID = UUID()

    func slot(subject: TeachingSubject? = .maths, teacher: TimetableTeacher?? = nil, place: String? = "Home", weekday: Weekday? = .wednesday,
              startsAt: String? = "09:00", minutes: String? = "60") -> ReferralAction {
        .addTimetableSlot(TimetableSlotInput(subject: subject, teacher: teacher ?? self.teacher, place: place, weekday: weekday, startsAt: startsAt, minutes: minutes))
    }

    func session(date: CalendarDate?? = nil, outcome: SessionOutcome? = .delivered, reason: String? = nil) -> ReferralAction {
        .recordSession(SessionInput(slot: slotID, slotWeekday: today.weekday, date: date ?? today, outcome: outcome, reason: reason))
    }

    func actions() -> [(String, Expected, ReferralAction)] {
        ReferralStatus.allCases.map { ("move to \($0.rawValue)", .moves(to: $0), ReferralAction.move(to: $0)) } + [
            ("accept", .moves(to: .accepted), .decide(outcome: .accepted, reasons: "Consultant's letter confirms the child cannot attend", by: "Coordinator")),
            ("decline", .moves(to: .declined), .decide(outcome: .declined, reasons: "Evidence shows the school can meet needs with adjustments", by: "Coordinator")),
            ("close", .moves(to: .closed), .close(outcome: .returnedFullTime, on: today, results: [])),
            ("arrange provision", .stays(allowedIn: [.accepted]), provision()),
            // Only a case receiving provision is reviewed or timetabled (as the pages and controllers always allowed).
            ("record a review", .stays(allowedIn: [.accepted]), .recordReview(heldOn: today, healthInput: "CAMHS: improving", outcome: "Continue")),
            ("timetable a session", .stays(allowedIn: [.accepted]), slot()),
            // HN-11: the plan is kept from the start of a case; a teacher's session and evidence are taken whatever the status.
            ("save the plan", .stays(allowedIn: Set(ReferralStatus.allCases)),
             .savePlan(goals: "Full-time return", steps: "Phased visits", schoolContact: "SENCO", targetOn: today.adding(days: 30))),
            ("record a session", .stays(allowedIn: Set(ReferralStatus.allCases)), session()),
            ("receive evidence", .stays(allowedIn: Set(ReferralStatus.allCases)), .receiveEvidence(type: .gp, file: .document(contentType: "application/pdf", bytes: 1200))),
        ]
    }

    func testEveryStatusTimesEveryAction() {
        for urgent in [false, true] {
            for status in ReferralStatus.allCases {
                for (label, expectation, action) in actions() {
                    let result = ReferralWorkflow.apply(action, on: state(status, urgent: urgent), today: today, rules: rules)
                    let name = "\(label) from \(status.rawValue)\(urgent ? " (urgent)" : "")"
                    switch expectation {
                    case let .moves(target):
                        let isMove: Bool = { if case .move = action { return true }; return false }()
                        let expected = status.canMove(to: target, urgent: urgent) && !(isMove && ReferralWorkflow.decisionStatuses.contains(target))
                        switch result {
                        case let .success(transition):
                            XCTAssertTrue(expected, "\(name) applied")
                            XCTAssertEqual(transition.state.status, target, name)
                            XCTAssertTrue(status.canMove(to: transition.state.status, urgent: urgent), name)
                        case let .failure(problems):
                            XCTAssertFalse(expected, "\(name) refused: \(problems.problems)")
                            XCTAssertFalse(problems.problems.isEmpty, name)
                        }
                    case let .stays(allowed):
                        switch result {
                        case let .success(transition):
                            XCTAssertTrue(allowed.contains(status), "\(name) applied")
                            XCTAssertEqual(transition.state.status, status, name)
                            XCTAssertFalse(transition.effects.isEmpty, name)
                        case let .failure(problems):
                            XCTAssertFalse(allowed.contains(status), "\(name) refused: \(problems.problems)")
                            XCTAssertTrue(problems.refused, name)
                            XCTAssertEqual(problems.problems.count, 1, "\(name): only the status is wrong")
                        }
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

extension ReferralWorkflowTests {
    func problems(_ action: ReferralAction, _ on: ReferralCaseState? = nil) -> [String] {
        guard case let .failure(found) = ReferralWorkflow.apply(action, on: on ?? state(.accepted, urgent: false), today: today, rules: rules) else { return [] }
        return found.problems.map(\.description)
    }

    /// Rulebook HN-12 (LOCAL): a review held schedules the next at the authority's interval from the day held.
    func testRecordingAReviewSchedulesTheNext() throws {
        let held = today.adding(days: -2)  // a Tuesday
        let review = try ReferralWorkflow.apply(.recordReview(heldOn: held, healthInput: " CAMHS: improving\n", outcome: "Continue; add a day at the base"),
                                                on: state(.accepted, urgent: false), today: today, rules: rules).get()
        let next = rules.calendar.addingSchoolDays(30, to: held)
        XCTAssertEqual(rules.reviewDue(after: held), next)
        XCTAssertEqual(review.effects, [.recordReview(CaseReviewEntry(held: held, healthInput: "CAMHS: improving", outcome: "Continue; add a day at the base")),
                                        .scheduleReview(due: next)])
        XCTAssertEqual(review.audit, EHCAuditFact(action: "case.reviewed", detail: "held \(held), next \(next)"))
        XCTAssertEqual(review.state, state(.accepted, urgent: false).withID(review.state.id))
        // A review held at the weekend counts from the Monday.
        let saturday = CalendarDate(year: 2026, month: 11, day: 21)
        XCTAssertEqual(rules.reviewDue(after: saturday), rules.calendar.addingSchoolDays(30, to: CalendarDate(year: 2026, month: 11, day: 23)))
    }

    func testReviewFieldChecks() {
        let review = { (held: CalendarDate?, health: String?, outcome: String?) in ReferralAction.recordReview(heldOn: held, healthInput: health, outcome: outcome) }
        XCTAssertEqual(problems(review(nil, "x", "y")), ["heldOn: Enter the date the review was held, for example 20 11 2026"])
        XCTAssertEqual(problems(review(today.adding(days: 1), "x", "y")), ["heldOn: The review date can't be in the future"])
        XCTAssertEqual(problems(review(today, " \n", "y")), ["healthInput: Record the health professionals' input, or that none was given and why"])
        XCTAssertEqual(problems(review(today, "x", nil)), ["reviewOutcome: Record the outcome of the review"])
        XCTAssertEqual(problems(review(nil, nil, nil), state(.atPanel, urgent: false)),
                       ["heldOn: Only a case receiving provision is reviewed", "heldOn: Enter the date the review was held, for example 20 11 2026",
                        "healthInput: Record the health professionals' input, or that none was given and why", "reviewOutcome: Record the outcome of the review"])
    }

    /// Rulebook HN-11: once the plan is saved, a case that returns to school can close.
    func testSavingThePlanLetsTheCaseClose() throws {
        let target = today.adding(days: 30)
        let saved = try ReferralWorkflow.apply(.savePlan(goals: " Full-time return ", steps: "Phased visits", schoolContact: "SENCO", targetOn: target),
                                               on: state(.accepted, urgent: false, plan: false), today: today, rules: rules).get()
        XCTAssertTrue(saved.state.hasReintegrationPlan)
        XCTAssertEqual(saved.effects, [.savePlan(ReintegrationPlanEntry(goals: "Full-time return", steps: "Phased visits", schoolContact: "SENCO", target: target))])
        XCTAssertEqual(saved.audit, EHCAuditFact(action: "case.reintegration_plan"))
        let closed = try ReferralWorkflow.apply(.close(outcome: .returnedFullTime, on: today, results: []), on: saved.state, today: today, rules: rules).get()
        XCTAssertEqual(closed.state.status, .closed)
    }

    func testPlanFieldChecks() {
        XCTAssertEqual(problems(.savePlan(goals: nil, steps: " ", schoolContact: "", targetOn: nil)),
                       ["goals: Enter the goals of the reintegration plan", "steps: Enter the steps back to school",
                        "schoolContact: Enter the home school's contact for the return", "targetOn: Enter a target date for the return, for example 20 4 2027"])
        XCTAssertEqual(problems(.savePlan(goals: "g", steps: "s", schoolContact: "c", targetOn: nil)), ["targetOn: Enter a target date for the return, for example 20 4 2027"])
    }

    /// A slot is made with its time written HH:MM, and timetabling the teacher links them to the child.
    func testTimetablingASession() throws {
        let added = try ReferralWorkflow.apply(slot(place: " Home ", startsAt: " 9:5 "), on: state(.accepted, urgent: false), today: today, rules: rules).get()
        XCTAssertEqual(added.effects, [.addSlot(NewTimetableSlot(subject: .maths, teacherID: teacher.id, place: "Home", weekday: .wednesday, startsAt: "09:05", minutes: 60)),
                                       .linkTeacher(id: teacher.id)])
        XCTAssertEqual(added.audit, EHCAuditFact(action: "timetable.slot_added", detail: "maths with teacher@demo.continuum.test weekday 3"))
    }

    func testTimetableFieldChecks() {
        XCTAssertEqual(problems(slot(subject: nil)), ["subject: Select the subject"])
        XCTAssertEqual(problems(slot(teacher: .some(nil))), ["teacherID: Select the teacher"])
        XCTAssertEqual(problems(slot(place: "  ")), ["place: Enter where the session happens, for example Redditch base, home or online"])
        for day in [nil, Weekday.saturday, .sunday] { XCTAssertEqual(problems(slot(weekday: day)), ["weekday: Select the day"], "\(String(describing: day))") }
        for time in ["25:00", "06:59", "19:00", "09:60", "0900", "", "9:30:00"] {
            XCTAssertEqual(problems(slot(startsAt: time)), ["startsAt: Enter a start time between 07:00 and 18:59, like 09:30"], time)
        }
        XCTAssertTrue(problems(slot(startsAt: "18:59")).isEmpty)
        for length in ["14", "361", "1.5", "", "sixty"] {
            XCTAssertEqual(problems(slot(minutes: length)), ["minutes: Length must be a whole number of minutes from 15 to 360"], length)
        }
        XCTAssertEqual(problems(slot(), state(.declined, urgent: false)), ["subject: Sessions can only be timetabled for an accepted referral"])
    }

    /// Rulebook HN-10: the school codes K from the sessions delivered; an absence needs its reason.
    func testRecordingASession() throws {
        let delivered = try ReferralWorkflow.apply(session(), on: state(.accepted, urgent: false), today: today, rules: rules).get()
        XCTAssertEqual(delivered.effects, [.recordSession(SessionEntry(slot: slotID, on: today, outcome: .delivered, reason: nil))])
        XCTAssertEqual(delivered.audit, EHCAuditFact(action: "session.recorded", detail: "\(today) delivered"))
        let absent = try ReferralWorkflow.apply(session(date: today.adding(days: 7), outcome: .childAbsent, reason: " Hospital appointment "),
                                                on: state(.accepted, urgent: false), today: today, rules: rules).get()
        XCTAssertEqual(absent.effects, [.recordSession(SessionEntry(slot: slotID, on: today.adding(days: 7), outcome: .childAbsent, reason: "Hospital appointment"))])
    }

    func testSessionFieldChecks() {
        let notItsDay = "main-content: That date is not one of this session's days"
        XCTAssertEqual(problems(session(date: .some(nil))), [notItsDay])
        XCTAssertEqual(problems(session(date: today.adding(days: 1))), [notItsDay])
        XCTAssertEqual(problems(session(date: today.adding(days: 14))), [notItsDay], "more than a week ahead")
        XCTAssertEqual(problems(session(outcome: nil)), ["main-content: Select how the session went"])
        XCTAssertEqual(problems(session(outcome: .childAbsent, reason: " ")), ["main-content: Give the reason the child was absent"])
        XCTAssertTrue(problems(session(outcome: .cancelledByService)).isEmpty, "a cancellation needs no reason")
    }

    /// Rulebook HN-4: the day the first evidence arrived is kept; later evidence does not move it.
    func testReceivingEvidenceKeepsTheFirstArrival() throws {
        let first = try ReferralWorkflow.apply(.receiveEvidence(type: .gp, file: .document(contentType: "application/pdf", bytes: 1200)),
                                               on: state(.received, urgent: false), today: today, rules: rules).get()
        XCTAssertEqual(first.state.evidenceReceived, today)
        XCTAssertEqual(first.effects, [.storeEvidence(NewEvidence(type: .gp, contentType: "application/pdf", bytes: 1200, received: today))])
        XCTAssertEqual(first.audit, EHCAuditFact(action: "evidence.uploaded", detail: "gp application/pdf 1200 bytes"))
        var earlier = state(.accepted, urgent: false)
        earlier.evidenceReceived = today.adding(days: -5)
        let later = try ReferralWorkflow.apply(.receiveEvidence(type: .consultant, file: .document(contentType: "image/png", bytes: 10)), on: earlier, today: today, rules: rules).get()
        XCTAssertEqual(later.state.evidenceReceived, today.adding(days: -5))
        XCTAssertEqual(later.effects, [.storeEvidence(NewEvidence(type: .consultant, contentType: "image/png", bytes: 10, received: today))])
    }

    func testEvidenceFieldChecks() {
        XCTAssertEqual(problems(.receiveEvidence(type: nil, file: .none)), ["evidenceType: Select what kind of evidence this is", "file: Select a file"])
        XCTAssertEqual(problems(.receiveEvidence(type: .gp, file: .tooLarge)), ["file: The file must be smaller than 10 MB"])
        XCTAssertEqual(problems(.receiveEvidence(type: .gp, file: .unrecognised)), ["file: The file must be a PDF, JPEG or PNG"])
    }

    /// Rulebook HN-4: evidence asked for and not yet arrived never holds up the decision.
    func testMissingEvidenceDoesNotDelayTheDecision() throws {
        var waiting = state(.received, urgent: true)
        waiting.evidenceRequested = today.adding(days: -3)
        let accepted = try ReferralWorkflow.apply(.decide(outcome: .accepted, reasons: "GP letter is enough", by: "Coordinator"), on: waiting, today: today, rules: rules).get()
        XCTAssertEqual(accepted.state.status, .accepted)
        XCTAssertNil(accepted.state.evidenceReceived)
    }

    func testTheTeachingWeekAndItsHours() {
        XCTAssertEqual(TeachingWeek.days(containing: today), (23...27).map { CalendarDate(year: 2026, month: 11, day: $0) })
        XCTAssertEqual(TeachingWeek.days(containing: CalendarDate(year: 2026, month: 11, day: 28)).first, CalendarDate(year: 2026, month: 11, day: 30), "at the weekend, next week")
        XCTAssertEqual(TeachingWeek.deliveredHours([(.delivered, 60), (.childAbsent, 30), (.delivered, 30), (.cancelledByService, 45)]), 1.5)
        XCTAssertEqual(TeachingWeek.hours(minutes: [60, 30, 45]), 2.25)
    }
}

extension ReferralCaseState {
    func withID(_ id: ReferralID) -> ReferralCaseState { var copy = self; copy.id = id; return copy }
}
