import XCTest
import ContinuumDomain

/// Issue 16 part 1 (SURV-2, SURV-4, SURV-5, SURV-6): surveys, answers, links and small-number suppression.
final class SurveyRulesTests: XCTestCase {
    private let policy = SmallNumberSuppression(threshold: 10)
    private func d(_ y: Int, _ m: Int, _ day: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: day) }

    func testStatusMovesOnlyThroughItsTransitions() {
        XCTAssertEqual(try SurveyStatus.draft.next(.open, hasPublishedVersion: true).get(), .open)
        XCTAssertEqual(SurveyStatus.draft.next(.open, hasPublishedVersion: false).failureMessage, "Publish a version of the survey before opening it")
        XCTAssertEqual(try SurveyStatus.open.next(.closed, hasPublishedVersion: true).get(), .closed)
        XCTAssertEqual(try SurveyStatus.closed.next(.open, hasPublishedVersion: true).get(), .open, "a closed survey may reopen")
        XCTAssertEqual(SurveyStatus.draft.next(.closed, hasPublishedVersion: true).failureMessage, "A draft survey cannot be made closed")
        XCTAssertEqual(SurveyStatus.open.next(.open, hasPublishedVersion: true).failureMessage, "A open survey cannot be made open")
        for from in SurveyStatus.allCases { XCTAssertNotNil(from.next(.draft, hasPublishedVersion: true).failureMessage, "nothing returns to draft") }
    }

    func testQuestionsAreCheckedAsTheyAreAdded() throws {
        let scale = try SurveyQuestion.make(code: " Kept-Informed ", text: "I was kept informed", type: "scale", options: nil, hint: nil, maximum: nil, existing: []).get()
        XCTAssertEqual(scale.code, "kept-informed")
        XCTAssertEqual(scale.resultKeys, ["1", "2", "3", "4", "5"])
        let twice = SurveyQuestion.make(code: "kept-informed", text: "Again", type: "scale", options: nil, hint: nil, maximum: nil, existing: [scale])
        XCTAssertEqual(twice.problems, ["code: Another question of this version already has the id kept-informed"])
        XCTAssertEqual(SurveyQuestion.make(code: "", text: "", type: "poll", options: nil, hint: nil, maximum: nil, existing: []).problems,
                       ["code: Enter a short id for the question, like kept-informed", "text: Enter the question", "type: Select the type of question"])
        XCTAssertEqual(SurveyQuestion.make(code: "bad id!", text: "x", type: "text", options: nil, hint: nil, maximum: nil, existing: []).problems,
                       ["code: The question's id must be 40 letters, digits or hyphens or fewer"])
        XCTAssertEqual(SurveyQuestion.make(code: "c", text: "Which?", type: "choice", options: "Only one", hint: nil, maximum: nil, existing: []).problems,
                       ["options: Enter at least two options, one on each line"])
        XCTAssertEqual(SurveyQuestion.make(code: "c", text: "Which?", type: "multi", options: "Yes\nyes", hint: nil, maximum: nil, existing: []).problems,
                       ["options: Each option must be different"])
        let many = (1...13).map { "Option \($0)" }.joined(separator: "\n")
        XCTAssertEqual(SurveyQuestion.make(code: "c", text: "Which?", type: "multi", options: many, hint: nil, maximum: nil, existing: []).problems,
                       ["options: Enter 12 options or fewer"])
        let choice = try SurveyQuestion.make(code: "c", text: "Which?", type: "choice", options: "Home\n\n Base \n", hint: nil, maximum: nil, existing: []).get()
        XCTAssertEqual(choice.options, ["Home", "Base"], "blank lines are dropped and options trimmed")
        XCTAssertEqual(try SurveyQuestion.make(code: "n", text: "How many?", type: "number", options: nil, hint: nil, maximum: "", existing: []).get().maximum, 1000)
        XCTAssertEqual(SurveyQuestion.make(code: "n", text: "How many?", type: "number", options: nil, hint: nil, maximum: "0", existing: []).problems,
                       ["maximum: The largest answer must be a whole number from 1 to 1,000,000"])
    }

    func testSettingsMakeASlugAndRefuseADuplicate() throws {
        let s = try SurveySettings.make(title: "After the final plan: parents", slug: nil, audience: "parent_carer", trigger: "after_final_plan", delayDays: "14", existingSlugs: []).get()
        XCTAssertEqual(s.slug, "after-the-final-plan-parents")
        XCTAssertEqual(s.trigger.service, .ehc)
        XCTAssertEqual(s.delayDays, 14)
        XCTAssertEqual(SurveySettings.make(title: "After the final plan: parents", slug: nil, audience: "parent_carer", trigger: "after_final_plan", delayDays: "366", existingSlugs: ["after-the-final-plan-parents"]).problems,
                       ["slug: Another survey already has the short name after-the-final-plan-parents", "delay: The delay must be a whole number of days from 0 to 365"])
        XCTAssertEqual(SurveySettings.make(title: nil, slug: nil, audience: nil, trigger: nil, delayDays: "-1", existingSlugs: []).problems,
                       ["title: Enter the survey's title", "audience: Select who the survey is for", "trigger: Select when the survey is sent",
                        "delay: The delay must be a whole number of days from 0 to 365"])
        XCTAssertEqual(SurveyTrigger.afterReintegration.service, .section19)
        XCTAssertEqual(SurveyTrigger.afterTraining.service, .training)
    }

    func testAPublishedVersionIsFrozen() {
        XCTAssertNotNil(SurveyVersionRules.canAddQuestion(published: true))
        XCTAssertNil(SurveyVersionRules.canAddQuestion(published: false))
        XCTAssertEqual(SurveyVersionRules.canPublish(published: false, questions: [])?.message, "Add at least one question before publishing")
        XCTAssertEqual(SurveyVersionRules.canPublish(published: true, questions: [SurveyQuestion(code: "a", text: "A", type: .text)])?.message, "This version is already published")
    }

    func testAnswersAreCheckedAgainstTheVersionSent() throws {
        let questions = [SurveyQuestion(code: "helped", text: "The service helped", type: .scale),
                         SurveyQuestion(code: "where", text: "Where", type: .choice, options: ["Home", "Base"]),
                         SurveyQuestion(code: "what", text: "What", type: .multi, options: ["Reading", "Maths", "Art"]),
                         SurveyQuestion(code: "weeks", text: "Weeks", type: .number, maximum: 52),
                         SurveyQuestion(code: "say", text: "Anything else", type: .text)]
        let ok = try SurveyAnswers.check(questions, form: ["helped": ["5"], "what": ["Art", "Reading", "Art"], "weeks": [" 12 "], "say": ["Thank you"]]).get()
        XCTAssertEqual(ok, [SurveyAnswer(question: "helped", value: "5"), SurveyAnswer(question: "what", value: "Reading"), SurveyAnswer(question: "what", value: "Art"),
                            SurveyAnswer(question: "weeks", value: "12"), SurveyAnswer(question: "say", value: "Thank you")],
                       "multiple choice once each in the question's order; skipped questions store nothing")
        XCTAssertEqual(SurveyAnswers.check(questions, form: [:]).problems, ["action: Answer at least one question before sending your answers"])
        XCTAssertEqual(SurveyAnswers.check(questions, form: ["helped": ["6"], "where": ["Hospital"], "what": ["Music"], "weeks": ["53"], "say": [String(repeating: "x", count: 2001)]]).problems,
                       ["q-helped: Select one answer to \u{201C}The service helped\u{201D}", "q-where: Select one answer to \u{201C}Where\u{201D}",
                        "q-what: Select answers to \u{201C}What\u{201D} from the list", "q-weeks: The answer to \u{201C}Weeks\u{201D} must be a whole number from 0 to 52",
                        "q-say: The answer to \u{201C}Anything else\u{201D} must be 2000 characters or fewer"])
        XCTAssertNoThrow(try SurveyAnswers.check(questions, form: ["weeks": ["52"], "say": [String(repeating: "x", count: 2000)]]).get(), "the limits themselves are allowed")
    }

    func testALinkOpensOnceUntilItExpires() {
        let sent = d(2026, 10, 1)
        XCTAssertEqual(SurveyLinkState.of(sentOn: sent, usedAt: false, lifetimeDays: 28, surveyOpen: true, today: d(2026, 10, 29)), .open, "the 28th day after is the last")
        XCTAssertEqual(SurveyLinkState.of(sentOn: sent, usedAt: false, lifetimeDays: 28, surveyOpen: true, today: d(2026, 10, 30)), .expired)
        XCTAssertEqual(SurveyLinkState.of(sentOn: sent, usedAt: true, lifetimeDays: 28, surveyOpen: true, today: sent), .used)
        XCTAssertEqual(SurveyLinkState.of(sentOn: sent, usedAt: false, lifetimeDays: 28, surveyOpen: false, today: sent), .closed)
        XCTAssertNil(SurveyLinkState.open.message)
        XCTAssertEqual(SurveyLinkState.used.message?.title, "This survey link has already been used")
    }

    func testDueAfterTheDelayAndNotForOldCases() {
        let today = d(2026, 12, 4)
        XCTAssertTrue(SurveyDispatch.isDue(event: d(2026, 11, 20), delayDays: 14, today: today), "due on the 14th day")
        XCTAssertFalse(SurveyDispatch.isDue(event: d(2026, 11, 21), delayDays: 14, today: today), "not yet")
        XCTAssertTrue(SurveyDispatch.isDue(event: d(2026, 9, 22), delayDays: 14, today: today), "fell due 59 days ago")
        XCTAssertFalse(SurveyDispatch.isDue(event: d(2026, 9, 21), delayDays: 14, today: today), "fell due 60 days ago: too old to survey")
    }

    func testAManualListIsCheckedAndDeduplicated() throws {
        let list = try ManualSurveyList.make(group: "parent_carer_forum", addresses: "a@example.org\nA@example.org, b@example.org", surveyOpen: true).get()
        XCTAssertEqual(list.addresses, ["a@example.org", "b@example.org"])
        XCTAssertEqual(ManualSurveyList.make(group: "parent_carer_forum", addresses: "a@example.org\nnot an address", surveyOpen: true).problems,
                       ["addresses: Address 2, \u{201C}not an address\u{201D}, is not an email address"])
        XCTAssertEqual(ManualSurveyList.make(group: nil, addresses: "", surveyOpen: false).problems,
                       ["group: Open the survey (publish a version) before sending it", "group: Select the group the list is for",
                        "addresses: Enter the email addresses to send the survey to, one on each line"])
    }

    // MARK: results

    private let scale = SurveyQuestion(code: "helped", text: "The service helped", type: .scale)

    func testCellsUnderTenReadLessThanTen() {
        let counts = SurveyResults.count(scale, total: 60, values: ["1": 0, "2": 3, "3": 12, "4": 20, "5": 25])
        let shown = SurveyResults.suppress(counts, policy: policy)
        XCTAssertEqual(shown.total, "60")
        XCTAssertEqual(shown.counts.map(\.text), ["0", "<10", "<10", "20", "25"],
                       "3 is hidden, and with a total shown the next smallest non-zero cell (12) is hidden too, so 3 can't be had by subtraction; zero is shown")
    }

    func testNoSecondCellWhenTwoAreAlreadySmall() {
        let shown = SurveyResults.suppress(SurveyResults.count(scale, total: 40, values: ["1": 2, "2": 3, "3": 10, "4": 12, "5": 13]), policy: policy)
        XCTAssertEqual(shown.counts.map(\.text), ["<10", "<10", "10", "12", "13"])
    }

    func testASmallTotalHidesEverySmallCell() {
        let shown = SurveyResults.suppress(SurveyResults.count(scale, total: 7, values: ["4": 3, "5": 4]), policy: policy)
        XCTAssertEqual(shown.total, "<10")
        XCTAssertEqual(shown.counts.map(\.text), ["0", "0", "0", "<10", "<10"])
    }

    func testMultipleChoiceAndThemesGetTheSecondCellToo() {
        let multi = SurveyQuestion(code: "what", text: "What", type: .multi, options: ["Reading", "Maths", "Art"])
        let shown = SurveyResults.suppress(SurveyResults.count(multi, total: 30, values: ["Reading": 20, "Maths": 15, "Art": 4]), policy: policy)
        XCTAssertEqual(shown.counts.map(\.text), ["20", "<10", "<10"], "the issue's rule: a shown total and exactly one hidden cell hides a second")
        let text = SurveyQuestion(code: "say", text: "Say", type: .text)
        let themes = SurveyResults.suppress(SurveyResults.count(text, total: 25, values: ["Communication": 14, "Waiting times": 1], themeOrder: ["Communication", "Transport", "Waiting times"]), policy: policy)
        XCTAssertEqual(themes.counts.map(\.key), ["Communication", "Transport", "Waiting times"])
        XCTAssertEqual(themes.counts.map(\.text), ["<10", "0", "<10"])
    }

    func testNumberAnswersAreBanded() {
        XCTAssertEqual(SurveyResults.numberBands(maximum: 52).map(\.label), ["0", "1 to 10", "11 to 20", "21 to 31", "32 to 41", "42 to 52"])
        XCTAssertEqual(SurveyResults.numberBands(maximum: 3).map(\.label), ["0", "1", "2", "3"])
        let q = SurveyQuestion(code: "weeks", text: "Weeks", type: .number, maximum: 52)
        let counts = SurveyResults.count(q, total: 5, values: ["0": 1, "7": 2, "52": 2])
        XCTAssertEqual(counts.counts.map(\.count), [1, 2, 0, 0, 0, 2])
    }

    func testRatesQuartersAndAgreement() {
        XCTAssertEqual(SurveyResults.rate(responses: 203, sent: 1000), 20.3)
        XCTAssertEqual(SurveyResults.rate(responses: 1, sent: 3), 33.3)
        XCTAssertEqual(SurveyResults.rate(responses: 2, sent: 3), 66.7, "rounded half up")
        XCTAssertNil(SurveyResults.rate(responses: 0, sent: 0))
        XCTAssertEqual(SurveyResults.quarter(d(2026, 3, 31)), "2026 Q1")
        XCTAssertEqual(SurveyResults.quarter(d(2026, 4, 1)), "2026 Q2")
        XCTAssertEqual(SurveyResults.quarter(d(2026, 12, 4)), "2026 Q4")
        XCTAssertEqual(SurveyResults.agreePercent(agree: 7, of: 10, policy: policy), 70)
        XCTAssertNil(SurveyResults.agreePercent(agree: 7, of: 9, policy: policy), "a percentage of fewer than 10 is not shown")
    }

    // MARK: feedback

    func testYouSaidWeDidNeedsAReasonWhenNotPossibleAndNoPersonalData() throws {
        let none = DateEntry.blank
        let refused = YouSaidWeDid.make(youSaid: "Later buses", weDid: "Asked the operator", status: "not_possible", rationale: nil, evidence: nil,
                                        reviewOn: none, noPersonalData: false, today: d(2026, 12, 4))
        XCTAssertEqual(refused.problems, ["rationale: Enter why the council could not do this: it is published with the action",
                                          "no-personal-data: Confirm the summaries name no child, family or member of staff: they are published"])
        let done = try YouSaidWeDid.make(youSaid: "Tell us who our caseworker is", weDid: "Named caseworker in every letter", status: "done", rationale: nil, evidence: nil,
                                         reviewOn: none, noPersonalData: true, today: d(2026, 12, 4)).get()
        XCTAssertEqual(done.status, .done)
    }

    func testThemeLabelsAreUnique() {
        XCTAssertNoThrow(try FeedbackTheme.checkLabel("Communication", existing: ["Transport"]).get())
        XCTAssertFalse(FeedbackTheme.checkLabel("communication", existing: ["Communication"]).problems.isEmpty)
        XCTAssertFalse(FeedbackTheme.checkLabel("  ", existing: []).problems.isEmpty)
    }
}

private extension Result where Failure == FieldProblems {
    var problems: [String] { if case let .failure(p) = self { p.list.map(\.description) } else { [] } }
}

private extension Result where Failure == FieldProblem {
    var failureMessage: String? { if case let .failure(p) = self { p.message } else { nil } }
}
