import XCTest
import ContinuumDomain

/// Issue 16 part 3 (OUT-1 to OUT-5): rounds, bids, scoring, moderation, awards within budget, outcomes.
final class OutreachRulesTests: XCTestCase {
    private func d(_ y: Int, _ m: Int, _ day: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: day) }
    private let criteria = [
        OutreachCriterion(name: "Fit with purpose", weightPercent: 40, maxScore: 5),
        OutreachCriterion(name: "Impact", weightPercent: 30, maxScore: 5),
        OutreachCriterion(name: "Deliverability", weightPercent: 30, maxScore: 10),
    ]

    func testRoundStatusMovesOneStageAtATime() {
        XCTAssertEqual(try OutreachRoundStatus.draft.next(.open, hasLots: true, hasCriteria: true).get(), .open)
        XCTAssertEqual(OutreachRoundStatus.draft.next(.open, hasLots: false, hasCriteria: true).failureMessage, "Add at least one lot before opening the round")
        XCTAssertEqual(OutreachRoundStatus.draft.next(.open, hasLots: true, hasCriteria: false).failureMessage, "Add criteria whose weights total 100% before opening the round")
        XCTAssertEqual(OutreachRoundStatus.draft.next(.published, hasLots: true, hasCriteria: true).failureMessage, "A round that is draft cannot move to outcome published")
        XCTAssertEqual(OutreachRoundStatus.closed.next(.scoring, hasLots: true, hasCriteria: true, hasPanel: false).failureMessage, "Add at least one panel member before scoring starts")
        XCTAssertEqual(OutreachRoundStatus.scoring.next(.moderation, hasLots: true, hasCriteria: true, allScored: false).failureMessage, "Every panel member must score every bid before moderation")
        XCTAssertEqual(try OutreachRoundStatus.decided.next(.published, hasLots: true, hasCriteria: true).get(), .published)
        XCTAssertNil(OutreachRoundStatus.published.following, "a published round is the end")
        for from in OutreachRoundStatus.allCases { XCTAssertNotNil(from.next(.draft, hasLots: true, hasCriteria: true).failureMessage, "nothing returns to draft") }
        XCTAssertFalse(OutreachRoundStatus.scoring.scoresVisibleToPanel, "OUT-3: blind until moderation")
        XCTAssertTrue(OutreachRoundStatus.moderation.scoresVisibleToPanel)
    }

    func testRoundDatesMustRunInOrder() throws {
        let ok = try OutreachRoundSettings.make(title: "Outreach round 1", roundNumber: "1", opens: "2023-05-01", closes: "2023-06-16", evaluation: "2023-07-10", publication: "2023-09-15").get()
        XCTAssertEqual(ok.dates.publication, d(2023, 9, 15))
        XCTAssertEqual(OutreachRoundSettings.make(title: "", roundNumber: "0", opens: "2023-05-01", closes: "2023-04-30", evaluation: "2023-04-29", publication: "2023-04-28").problems, [
            "title: Enter the round's title", "number: The round number must be a whole number from 1 to 99",
            "closes: The round must close on or after the day it opens, 1 May 2023",
            "evaluation: The panel must sit on or after the day the round closes, 30 April 2023",
            "publication: The outcome must be published on or after the panel, 29 April 2023"])
        XCTAssertEqual(OutreachRoundSettings.make(title: "R", roundNumber: nil, opens: "31/2/2023", closes: "", evaluation: "1//2023", publication: "2023-09-15").problems, [
            "opens: The date the round opens must be a real date", "closes: Enter the date the round closes", "evaluation: The date of the panel must include a month"])
    }

    func testCriteriaWeightsTotalAHundred() throws {
        var list: [OutreachCriterion] = []
        list.append(try OutreachCriterion.make(name: "Fit", weight: "60", maxScore: "5", guidance: nil, existing: list).get())
        XCTAssertFalse(OutreachCriterion.weightsComplete(list))
        XCTAssertEqual(OutreachCriterion.make(name: "Impact", weight: "50", maxScore: "5", guidance: nil, existing: list).problems, ["weight: The weights would total 110%: at most 40% is left"])
        XCTAssertEqual(OutreachCriterion.make(name: "fit", weight: "0", maxScore: "101", guidance: nil, existing: list).problems, [
            "criterion: This round already has a criterion called fit", "weight: The weight must be a whole number of percent from 1 to 100",
            "maxscore: The highest score must be a whole number from 1 to 100"])
        list.append(try OutreachCriterion.make(name: "Impact", weight: "40", maxScore: "10", guidance: "Evidence of need", existing: list).get())
        XCTAssertTrue(OutreachCriterion.weightsComplete(list))
    }

    func testLotsHaveAPositiveBudgetInPence() throws {
        XCTAssertEqual(try OutreachLotEntry.make(name: "SEMH", budget: "£150,000", existingNames: []).get().budget, Money(pence: 15_000_000))
        XCTAssertEqual(OutreachLotEntry.make(name: "semh", budget: "0", existingNames: ["semh"]).problems, ["lot: This round already has a lot called semh", "budget: The lot's budget must be more than £0"])
        XCTAssertEqual(OutreachLotEntry.make(name: nil, budget: "lots", existingNames: []).problems, ["lot: Enter the lot's area of need or district", "budget: The lot's budget must be an amount in pounds, like 1200.50"])
    }

    func testABidAfterTheRoundClosesIsRefused() {
        let opens = d(2023, 5, 1), closes = d(2023, 6, 16)
        XCTAssertNil(OutreachBidEntry.windowProblem(status: .open, opens: opens, closes: closes, today: closes), "the closing day itself is in time")
        XCTAssertNil(OutreachBidEntry.windowProblem(status: .open, opens: opens, closes: closes, today: opens))
        XCTAssertEqual(OutreachBidEntry.windowProblem(status: .open, opens: opens, closes: closes, today: d(2023, 6, 17))?.message, "Bids for this round closed on 16 June 2023: no more bids can be taken")
        XCTAssertEqual(OutreachBidEntry.windowProblem(status: .closed, opens: opens, closes: closes, today: d(2023, 6, 1))?.message, "Bids for this round closed on 16 June 2023: no more bids can be taken", "closed early by staff")
        XCTAssertEqual(OutreachBidEntry.windowProblem(status: .open, opens: opens, closes: closes, today: d(2023, 4, 30))?.message, "Bids for this round open on 1 May 2023")
        XCTAssertEqual(OutreachBidEntry.windowProblem(status: .draft, opens: opens, closes: closes, today: d(2023, 5, 2))?.message, "Bids for this round open on 1 May 2023")
    }

    func testBidPriceIsPoundsToPenceAndCapacityIsChecked() throws {
        let budget = Money(pence: 5_000_000)
        let bid = try OutreachBidEntry.make(price: "£12,500.50", schools: "8", hours: "120", method: "Termly visits", lotBudget: budget).get()
        XCTAssertEqual(bid.price.pence, 1_250_050)
        XCTAssertEqual(OutreachBidEntry.make(price: "60000", schools: "0", hours: "x", method: " ", lotBudget: budget).problems, [
            "price: The price must be no more than the lot's budget of £50,000.00", "schools: The number of schools must be a whole number from 1 to 500",
            "hours: The number of hours must be a whole number from 1 to 100,000", "method: Enter the method statement"])
        XCTAssertEqual(OutreachBidEntry.make(price: "12.345", schools: "", hours: "1", method: "m", lotBudget: budget).problems, [
            "price: The price must be an amount in pounds, like 1200.50", "schools: Enter the number of schools"])
    }

    func testAScoreOutsideTheCriterionsRangeIsRefused() {
        XCTAssertEqual(try OutreachScoring.score("5", criterion: criteria[0], field: "s0").get(), 5)
        XCTAssertEqual(try OutreachScoring.score("0", criterion: criteria[0], field: "s0").get(), 0)
        XCTAssertEqual(OutreachScoring.score("6", criterion: criteria[0], field: "s0").failureMessage, "The score for Fit with purpose must be a whole number from 0 to 5")
        XCTAssertEqual(OutreachScoring.score("-1", criterion: criteria[0], field: "s0").failureMessage, "The score for Fit with purpose must be a whole number from 0 to 5")
        XCTAssertEqual(OutreachScoring.score("2.5", criterion: criteria[0], field: "s0").failureMessage, "The score for Fit with purpose must be a whole number from 0 to 5")
        XCTAssertEqual(OutreachScoring.score("", criterion: criteria[0], field: "s0").failureMessage, "Enter a score for Fit with purpose")
    }

    func testWeightedTotalIsTheSumOfWeightTimesScore() {
        // 40% × 4/5 + 30% × 3/5 + 30% × 7/10 = 32 + 18 + 21 = 71.00
        XCTAssertEqual(OutreachScoring.weightedHundredths(criteria: criteria, scores: [4, 3, 7]), 7100)
        XCTAssertEqual(OutreachScoring.weightedHundredths(criteria: criteria, scores: [5, 5, 10]), 10000)
        XCTAssertEqual(OutreachScoring.weightedHundredths(criteria: criteria, scores: [0, 0, 0]), 0)
        XCTAssertNil(OutreachScoring.weightedHundredths(criteria: criteria, scores: [4, nil, 7]), "unscored until every criterion has a score")
        // Thirds round half up once: 100% × 1/3 = 33.333… → 33.33; 2/3 → 66.67.
        let third = [OutreachCriterion(name: "Only", weightPercent: 100, maxScore: 3)]
        XCTAssertEqual(OutreachScoring.weightedHundredths(criteria: third, scores: [1]), 3333)
        XCTAssertEqual(OutreachScoring.weightedHundredths(criteria: third, scores: [2]), 6667)
        XCTAssertEqual(OutreachScoring.display(7100), "71.00")
        XCTAssertEqual(OutreachScoring.display(6607), "66.07")
        XCTAssertEqual(OutreachScoring.meanDisplay([3, 4]), "3.5")
    }

    func testModerationNeedsTheAgreedScoreAndAReason() throws {
        let agreed = try OutreachScoring.moderation(score: "4", reason: "Panel agreed the evidence of need was strong", criterion: criteria[0], field: "m0").get()
        XCTAssertEqual(agreed.score, 4)
        XCTAssertEqual(OutreachScoring.moderation(score: "4", reason: "  ", criterion: criteria[0], field: "m0").problems, ["m0-reason: Enter the reason for the agreed score for Fit with purpose"])
        XCTAssertEqual(OutreachScoring.moderation(score: "9", reason: "", criterion: criteria[0], field: "m0").problems, [
            "m0: The agreed score for Fit with purpose must be a whole number from 0 to 5", "m0-reason: Enter the reason for the agreed score for Fit with purpose"])
    }

    func testAnAwardOverTheLotsBudgetIsRefusedWithTheAmountNamed() throws {
        let budget = Money(pence: 15_000_000) // £150,000
        XCTAssertEqual(try OutreachAwards.check(amount: "15000", bidPrice: Money(pence: 1_500_000), lotName: "SEMH", lotBudget: budget, alreadyAwarded: Money(pence: 13_500_000)).get(), Money(pence: 1_500_000), "exactly to the budget")
        XCTAssertEqual(OutreachAwards.check(amount: "15000", bidPrice: Money(pence: 1_500_000), lotName: "SEMH", lotBudget: budget, alreadyAwarded: Money(pence: 14_000_000)).failureMessage,
                       "An award of £15,000.00 would take SEMH to £155,000.00, over its budget of £150,000.00 by £5,000.00: £10,000.00 is left")
        XCTAssertEqual(try OutreachAwards.check(amount: "10000", bidPrice: Money(pence: 1_500_000), lotName: "SEMH", lotBudget: budget, alreadyAwarded: .zero).get(), Money(pence: 1_000_000), "partial awards are allowed")
        XCTAssertEqual(OutreachAwards.check(amount: "16000", bidPrice: Money(pence: 1_500_000), lotName: "SEMH", lotBudget: budget, alreadyAwarded: .zero).failureMessage,
                       "The amount awarded, £16,000.00, must be no more than the bid's price of £15,000.00")
        XCTAssertEqual(OutreachAwards.check(amount: "", bidPrice: Money(pence: 1), lotName: "SEMH", lotBudget: budget, alreadyAwarded: .zero).failureMessage, "Enter the amount awarded")
        XCTAssertEqual(OutreachAwards.check(amount: "0", bidPrice: Money(pence: 1), lotName: "SEMH", lotBudget: budget, alreadyAwarded: .zero).failureMessage, "The amount awarded must be more than £0")
    }

    func testASecondRoundReopensTheUnawardedLots() {
        let lots: [(id: Int, name: String, budget: Money)] = [(1, "SEMH", Money(pence: 100)), (2, "Autism", Money(pence: 200)), (3, "Medway South", Money(pence: 300))]
        XCTAssertEqual(OutreachReopening.unawardedLots(lots, awardedLotIDs: [1, 3]).map(\.name), ["Autism"])
        XCTAssertEqual(OutreachReopening.canReopen(status: .decided, unawarded: 1)?.message, "A round's unawarded lots can be reopened only once its outcome is published")
        XCTAssertEqual(OutreachReopening.canReopen(status: .published, unawarded: 0)?.message, "Every lot of this round was awarded: there is nothing to reopen")
        XCTAssertNil(OutreachReopening.canReopen(status: .published, unawarded: 1))
    }

    func testOutcomesAndVisits() throws {
        XCTAssertEqual(OutreachOutcome.allCases.map(\.rawValue), ["placement_sustained", "ehc_request_avoided", "ehc_request_made", "exclusion_avoided", "other"])
        let visit = try OutreachVisitEntry.make(date: "2023-10-03", type: "consultation", hours: "2", outcome: "placement_sustained", support: "Met the SENCO",
                                                contractStart: d(2023, 9, 1), contractEnd: d(2024, 8, 31), today: d(2023, 10, 4)).get()
        XCTAssertEqual(visit.outcome, .placementSustained)
        XCTAssertEqual(OutreachVisitEntry.make(date: "2023-08-31", type: "chat", hours: "25", outcome: nil, support: "", contractStart: d(2023, 9, 1), contractEnd: d(2024, 8, 31), today: d(2023, 10, 4)).problems, [
            "visit: The date of the visit must be on or after 1 September 2023, when the contract started", "type: Select the type of visit",
            "hours: The hours of support must be a whole number from 1 to 24", "outcome: Select the outcome", "support: Enter the support given"])
        XCTAssertEqual(OutreachVisitEntry.make(date: "2023-10-05", type: "training", hours: "1", outcome: "other", support: "x", contractStart: d(2023, 9, 1), contractEnd: d(2024, 8, 31), today: d(2023, 10, 4)).problems,
                       ["visit: The date of the visit must be today or in the past"])
    }

    func testANamedPupilNeedsConsent() throws {
        XCTAssertEqual(OutreachRequestEntry.make(pupilNamed: true, consent: nil, needs: "SEMH support", schoolChosen: true).problems,
                       ["consent: Confirm the parent or carer (or the young person) has agreed to the pupil being named to an outreach provider"])
        XCTAssertTrue(try OutreachRequestEntry.make(pupilNamed: true, consent: "yes", needs: "SEMH support", schoolChosen: true).get().namesPupil)
        XCTAssertFalse(try OutreachRequestEntry.make(pupilNamed: false, consent: nil, needs: "Whole-school autism advice", schoolChosen: true).get().namesPupil)
        XCTAssertEqual(OutreachRequestEntry.make(pupilNamed: false, consent: nil, needs: "", schoolChosen: false).problems, ["school: Select the school", "needs: Enter what support is needed"])
    }

    func testContractsEndingWithinThreeMonths() {
        let today = d(2024, 6, 1)
        XCTAssertTrue(OutreachContracts.endsWithinThreeMonths(end: d(2024, 8, 31), today: today))
        XCTAssertTrue(OutreachContracts.endsWithinThreeMonths(end: d(2024, 9, 1), today: today), "exactly three months is within")
        XCTAssertFalse(OutreachContracts.endsWithinThreeMonths(end: d(2024, 9, 2), today: today))
        XCTAssertFalse(OutreachContracts.endsWithinThreeMonths(end: d(2024, 5, 31), today: today), "already ended")
        XCTAssertEqual(OutreachContracts.datesProblem(start: d(2024, 9, 1), end: d(2024, 8, 31))?.message, "The contract must end on or after it starts, 1 September 2024")
    }

    func testProvidersAreNamedOnceWithAType() throws {
        XCTAssertEqual(try OutreachProviderEntry.make(name: "Bradfields Outreach", type: "special_school_outreach", contactName: nil, contactEmail: "out@bradfields.example", areas: "Autism", existingNames: []).get().type, .specialSchoolOutreach)
        XCTAssertEqual(OutreachProviderEntry.make(name: "bradfields outreach", type: "shop", contactName: nil, contactEmail: "nope", areas: nil, existingNames: ["bradfields outreach"]).problems, [
            "name: A provider called bradfields outreach already exists", "type: Select the type of provider", "email: Enter an email address in the correct format, like name@example.com"])
    }
}

private extension Result where Failure == FieldProblems {
    var problems: [String] { if case let .failure(p) = self { p.list.map(\.description) } else { [] } }
}

private extension Result where Failure == FieldProblem {
    var failureMessage: String? { if case let .failure(p) = self { p.message } else { nil } }
}
