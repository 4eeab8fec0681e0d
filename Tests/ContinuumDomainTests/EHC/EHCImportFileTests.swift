import Foundation
import XCTest
@testable import ContinuumDomain

final class EHCImportFileTests: XCTestCase {
    private func parse(_ text: String) -> EHCImportFile.Outcome { EHCImportFile.parse(Data(text.utf8)) }
    private let good = UPN.make(laCode: "885", establishment: "2001", year2: 15, serial: 1).value
    private let other = UPN.make(laCode: "885", establishment: "2001", year2: 15, serial: 2).value

    func testValidRowsGiveStagesFromTheirHistory() throws {
        let outcome = parse("""
        upn,request_date,decision,decision_date,final_date,exception
        \(good),2024-01-08,assess,2024-02-12,2024-05-20,
        \(other),2024-01-08,refuse,2024-02-01,,
        \(good),2024-09-02,,,,
        \(other),2024-03-04,assess,2024-04-01,2024-10-01,c
        """)
        guard case .rows(let rows) = outcome else { return XCTFail("expected rows, got \(outcome)") }
        XCTAssertEqual(rows.map(\.stage), [.finalIssued, .refusedToAssess, .requested, .finalIssued])
        XCTAssertEqual(rows.map(\.line), [2, 3, 4, 5])
        XCTAssertEqual(rows[3].exception, .c)
        XCTAssertEqual(rows[0].finalDate, CalendarDate(year: 2024, month: 5, day: 20))
    }

    func testEveryBadLineIsReportedByNumberAndNothingIsReturned() {
        let outcome = parse("""
        upn,request_date,decision,decision_date,final_date,exception
        \(good),2024-01-08,assess,2024-02-12,2024-05-20,
        A801200001001,2024-01-08,assess,2024-02-12,,
        \(other),2024-02-30,assess,2024-03-12,,
        \(other),2024-03-01,maybe,2024-03-12,,
        \(other),2024-04-01,refuse,2024-04-20,2024-08-01,
        \(other),2024-05-01,assess,2024-04-20,,
        \(other),2024-06-01,assess,2024-06-20,,e
        \(good),2024-01-08,assess,2024-02-12,2024-05-20,
        \(other),2024-07-01,assess
        """)
        guard case .problems(let problems) = outcome else { return XCTFail("expected problems") }
        let lines = Set(problems.map(\.line))
        XCTAssertEqual(lines, [3, 4, 5, 6, 7, 8, 9, 10])
        XCTAssertTrue(problems.contains { $0.line == 3 && $0.message.contains("check letter") })
        XCTAssertTrue(problems.contains { $0.line == 4 && $0.message.contains("request_date \"2024-02-30\" is not a real date") })
        XCTAssertTrue(problems.contains { $0.line == 5 && $0.message.contains("must be assess, refuse or withdrawn") })
        XCTAssertTrue(problems.contains { $0.line == 6 && $0.message.contains("only possible when the decision was to assess") })
        XCTAssertTrue(problems.contains { $0.line == 7 && $0.message.contains("before request_date") })
        XCTAssertTrue(problems.contains { $0.line == 8 && $0.message.contains("one of a, b, c, d") })
        XCTAssertTrue(problems.contains { $0.line == 9 && $0.message.contains("repeats the case on line 2") })
        XCTAssertTrue(problems.contains { $0.line == 10 && $0.message.contains("has 3 columns") })
        XCTAssertEqual(problems.first?.description.hasPrefix("line 3: "), true)
    }

    func testTheHeaderMustBeExact() {
        guard case .problems(let problems) = parse("upn,request,decision\n") else { return XCTFail() }
        XCTAssertEqual(problems.map(\.line), [1])
        guard case .problems(let empty) = parse("") else { return XCTFail() }
        XCTAssertTrue(empty[0].message.contains("empty"))
    }
}

final class EHCNextStepTests: XCTestCase {
    private let request = CalendarDate(year: 2025, month: 1, day: 6)

    func testEachStageNamesTheStatutoryDateAndWhoActs() throws {
        let requested = try XCTUnwrap(EHCNextStep.compute(stage: .requested, dates: EHCCaseDates(request: request), adviceOutstanding: false))
        XCTAssertEqual(requested.due, CalendarDate(year: 2025, month: 2, day: 17)) // + 6 weeks
        XCTAssertEqual(requested.responsible, .council)

        var dates = EHCCaseDates(request: request, decision: CalendarDate(year: 2025, month: 2, day: 10), adviceRequested: CalendarDate(year: 2025, month: 2, day: 11))
        let advice = try XCTUnwrap(EHCNextStep.compute(stage: .assessing, dates: dates, adviceOutstanding: true))
        XCTAssertEqual(advice.due, CalendarDate(year: 2025, month: 3, day: 25)) // advice + 42
        XCTAssertEqual(advice.responsible, .advisers)
        let draft = try XCTUnwrap(EHCNextStep.compute(stage: .assessing, dates: dates, adviceOutstanding: false))
        XCTAssertEqual(draft.due, request.adding(days: 112)) // reg 10(1): 16 weeks

        dates.draftServed = CalendarDate(year: 2025, month: 4, day: 28)
        let final = try XCTUnwrap(EHCNextStep.compute(stage: .draftIssued, dates: dates, adviceOutstanding: false))
        XCTAssertEqual(final.due, CalendarDate(year: 2025, month: 5, day: 26)) // + 20 weeks
        XCTAssertTrue(final.what.contains("12 May 2025"), "the 15 days for comments end on served + 14")

        dates.exception = .c
        XCTAssertNil(EHCNextStep.compute(stage: .draftIssued, dates: dates, adviceOutstanding: false)?.due, "an exception leaves no fixed date")
        XCTAssertNil(EHCNextStep.compute(stage: .assessing, dates: dates, adviceOutstanding: false)?.due)

        let plan = EHCCaseDates(request: request, finalIssued: CalendarDate(year: 2024, month: 2, day: 29))
        XCTAssertEqual(EHCNextStep.compute(stage: .finalIssued, dates: plan, adviceOutstanding: false)?.due, CalendarDate(year: 2025, month: 2, day: 27), "AR-1 leap day: 28 Feb 2025 − 1")
        XCTAssertNil(EHCNextStep.compute(stage: .refusedToAssess, dates: plan, adviceOutstanding: false))
    }

    func testOverdueIsCountedInDays() throws {
        let step = try XCTUnwrap(EHCNextStep.compute(stage: .requested, dates: EHCCaseDates(request: request), adviceOutstanding: false))
        XCTAssertFalse(step.isOverdue(on: CalendarDate(year: 2025, month: 2, day: 17)))
        XCTAssertEqual(step.daysOverdue(on: CalendarDate(year: 2025, month: 2, day: 20)), 3)
    }
}

final class EHCBacklogForecastTests: XCTestCase {
    func testClearanceFromIntakeAndProductivity() {
        // 12 weeks: 120 requests (10 a week); 10 caseworkers closed 180 (1.5 each a week).
        let f = EHCBacklogForecast.from(backlog: 100, intake: 120, completions: 180, caseworkerWeeks: 120, window: 12, caseworkers: 10)
        XCTAssertEqual(f.intakePerWeek, 10)
        XCTAssertEqual(f.completionsPerCaseworkerWeek, 1.5)
        XCTAssertEqual(f.weeklyReduction(), 5)
        XCTAssertEqual(f.weeksToClear(), 20)
        XCTAssertEqual(f.weeksToClear(extraCaseworkers: 2), 13) // 100 / 8 = 12.5 → 13
        XCTAssertEqual(f.clearanceDate(from: CalendarDate(year: 2026, month: 1, day: 5)), CalendarDate(year: 2026, month: 5, day: 25))
        XCTAssertEqual(f.predictedBacklog(afterWeeks: 12), 40)
        XCTAssertEqual(f.predictedBacklog(afterWeeks: 40), 0)
    }

    func testABacklogThatGrowsNeverClears() {
        let f = EHCBacklogForecast.from(backlog: 100, intake: 240, completions: 120, caseworkerWeeks: 120, window: 12, caseworkers: 10)
        XCTAssertNil(f.weeksToClear())
        XCTAssertEqual(f.predictedBacklog(afterWeeks: 12), 220)
        XCTAssertEqual(f.weeksToClear(extraCaseworkers: 20), 10) // 30 × 1 − 20 = 10 a week
        XCTAssertEqual(EHCBacklogForecast.from(backlog: 0, intake: 0, completions: 0, caseworkerWeeks: 0, window: 12, caseworkers: 0).weeksToClear(), 0)
    }
}

final class SEN2CeaseReasonTests: XCTestCase {
    func testCodesMatchTheSEN2CodeList() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../shared/data/sen2/sen2-code-lists.csv").standardized
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw XCTSkip("shared SEN2 code list not present") }
        let codes = text.components(separatedBy: .newlines).filter { $0.hasPrefix("CeaseReason,") }.compactMap { Int($0.split(separator: ",")[1]) }
        XCTAssertEqual(codes, SEN2CeaseReason.allCases.map(\.rawValue))
    }
}

final class FamilyResponseTimeTests: XCTestCase {
    func testWorkingDaysSkipWeekendsAndBankHolidays() {
        // Thursday 24 December 2026 → Tuesday 29 December: Christmas (Fri 25) and Boxing Day substitute (Mon 28) are bank holidays.
        let sent = CalendarDate(year: 2026, month: 12, day: 24)
        XCTAssertEqual(FamilyResponseTime.workingDays(from: sent, to: CalendarDate(year: 2026, month: 12, day: 29)), 1)
        XCTAssertEqual(FamilyResponseTime.workingDays(from: sent, to: sent), 0)
        let summary = FamilyResponseTime.summary([(CalendarDate(year: 2026, month: 11, day: 2), CalendarDate(year: 2026, month: 11, day: 9)),   // Mon → next Mon: 5
                                                  (CalendarDate(year: 2026, month: 11, day: 2), CalendarDate(year: 2026, month: 11, day: 10)),  // 6
                                                  (CalendarDate(year: 2026, month: 11, day: 2), nil)],
                                                 today: CalendarDate(year: 2026, month: 11, day: 20))
        XCTAssertEqual(summary.answered, 2)
        XCTAssertEqual(summary.withinTarget, 1)
        XCTAssertEqual(summary.overdueUnanswered, 1)
        XCTAssertEqual(summary.medianWorkingDays, 6)
    }
}

final class UnderFiveReviewTests: XCTestCase {
    func testUnderFivesGetAnInterimReviewAndOthersTheAnnualOne() throws {
        let issued = CalendarDate(year: 2025, month: 3, day: 10)
        var dates = EHCCaseDates(request: CalendarDate(year: 2024, month: 10, day: 1), finalIssued: issued, birthDate: CalendarDate(year: 2021, month: 6, day: 1))
        let interim = try XCTUnwrap(EHCNextStep.compute(stage: .finalIssued, dates: dates, adviceOutstanding: false))
        XCTAssertEqual(interim.due, CalendarDate(year: 2025, month: 9, day: 9), "6 months − 1 day for a child of 3")
        XCTAssertTrue(interim.what.contains("under 5"))
        dates.birthDate = CalendarDate(year: 2020, month: 3, day: 10) // 5 on the day the plan is issued
        XCTAssertEqual(EHCNextStep.compute(stage: .finalIssued, dates: dates, adviceOutstanding: false)?.due, CalendarDate(year: 2026, month: 3, day: 9))
        dates.birthDate = nil
        XCTAssertEqual(dates.nextReviewDue(after: issued).interim, false, "unknown age: the statutory 12 months")
        dates.underFiveReviewMonths = 3
        dates.birthDate = CalendarDate(year: 2022, month: 1, day: 1)
        XCTAssertEqual(dates.nextReviewDue(after: issued).due, CalendarDate(year: 2025, month: 6, day: 9), "configurable")
    }
}
