import XCTest
@testable import ContinuumDomain

final class Section19EvidenceTests: XCTestCase {
    // 20 April to 5 June 2026: half term 25–29 May, and the early May bank holiday (Monday 4 May) inside the term.
    let term = TermDates(name: "Summer term 2026", start: CalendarDate(year: 2026, month: 4, day: 20), end: CalendarDate(year: 2026, month: 6, day: 5),
                         halfTermStart: CalendarDate(year: 2026, month: 5, day: 25), halfTermEnd: CalendarDate(year: 2026, month: 5, day: 29))
    var calendar: SchoolCalendar { SchoolCalendar(terms: [term]) }
    let ks3 = ServiceTargets().fullTimeHours(for: .ks3)

    func testTermSchoolDaysExcludeHalfTermAndBankHoliday() {
        // Seven weeks less half term (5 days) less 4 May: 35 − 5 − 1 = 29 school days.
        let hours = Section19Hours.term(term, calendar: calendar, episodes: [], deliveredMinutes: 0, fullTimeHoursPerWeek: ks3)
        XCTAssertEqual(hours.termSchoolDays, 29)
        XCTAssertEqual(hours.fullTimeHours, 24 * 29 / 5, accuracy: 0.0001)
        XCTAssertEqual(Section19Hours.format(hours.fullTimeHours), "139.2")
        XCTAssertFalse(hours.isPartTime, "no provision is not a part-time arrangement")
    }

    func testPartTimeEpisodeOverTheWholeTerm() {
        let episode = Section19Hours.Episode(type: .home, hoursPerWeek: 12, start: CalendarDate(year: 2026, month: 3, day: 1), end: nil)
        let hours = Section19Hours.term(term, calendar: calendar, episodes: [episode], deliveredMinutes: 90 * 20, fullTimeHoursPerWeek: ks3)
        XCTAssertEqual(hours.offeredHours, 12 * 29 / 5, accuracy: 0.0001)
        XCTAssertEqual(hours.offeredPercent, 50)
        XCTAssertEqual(hours.deliveredHours, 30)
        XCTAssertEqual(hours.deliveredPercent, 22) // 30 / 139.2
        XCTAssertTrue(hours.isPartTime)
        XCTAssertEqual(hours.offeredByType[.home] ?? 0, 69.6, accuracy: 0.0001)
    }

    func testFullTimeEpisodeStartingMidTermIsNotPartTime() {
        // From Monday 11 May: 11–22 May and 1–5 June, 15 school days, 3 school weeks.
        let episode = Section19Hours.Episode(type: .base, hoursPerWeek: 24, start: CalendarDate(year: 2026, month: 5, day: 11), end: nil)
        let hours = Section19Hours.term(term, calendar: calendar, episodes: [episode], deliveredMinutes: 0, fullTimeHoursPerWeek: ks3)
        XCTAssertEqual(hours.offeredHours, 72, accuracy: 0.0001)
        XCTAssertEqual(hours.offeredPercent, 52)
        XCTAssertFalse(hours.isPartTime)
    }

    func testConcurrentEpisodesAddUpAndEndedEpisodesStop() {
        let base = Section19Hours.Episode(type: .base, hoursPerWeek: 15, start: CalendarDate(year: 2026, month: 4, day: 1), end: nil)
        let virtual = Section19Hours.Episode(type: .virtual, hoursPerWeek: 10, start: CalendarDate(year: 2026, month: 4, day: 1), end: CalendarDate(year: 2026, month: 5, day: 1))
        let hours = Section19Hours.term(term, calendar: calendar, episodes: [base, virtual], deliveredMinutes: 0, fullTimeHoursPerWeek: 25)
        // Virtual: 20 April to 1 May, 10 school days = 2 weeks = 20 hours; base the whole term = 87 hours.
        XCTAssertEqual(hours.offeredByType[.virtual] ?? 0, 20, accuracy: 0.0001)
        XCTAssertEqual(hours.offeredByType[.base] ?? 0, 87, accuracy: 0.0001)
        XCTAssertTrue(hours.isPartTime, "once the virtual teaching ended the package was 15 of 25 hours")
    }

    func testEpisodeOutsideTheTermOffersNothing() {
        let before = Section19Hours.Episode(type: .home, hoursPerWeek: 10, start: CalendarDate(year: 2026, month: 1, day: 5), end: CalendarDate(year: 2026, month: 4, day: 17))
        let hours = Section19Hours.term(term, calendar: calendar, episodes: [before], deliveredMinutes: 0, fullTimeHoursPerWeek: ks3)
        XCTAssertEqual(hours.offeredHours, 0)
        XCTAssertFalse(hours.isPartTime)
    }

    func testFullTimeDependsOnKeyStage() {
        let episode = Section19Hours.Episode(type: .home, hoursPerWeek: 23.5, start: term.start, end: nil)
        let targets = ServiceTargets()
        let ks2 = Section19Hours.term(term, calendar: calendar, episodes: [episode], deliveredMinutes: 0, fullTimeHoursPerWeek: targets.fullTimeHours(for: .ks2))
        let ks4 = Section19Hours.term(term, calendar: calendar, episodes: [episode], deliveredMinutes: 0, fullTimeHoursPerWeek: targets.fullTimeHours(for: .ks4))
        XCTAssertFalse(ks2.isPartTime, "23.5 hours is full time at key stage 2")
        XCTAssertEqual(ks2.offeredPercent, 100)
        XCTAssertTrue(ks4.isPartTime, "23.5 hours is part time at key stage 4 (25)")
        XCTAssertEqual(ks4.offeredPercent, 94)
    }

    func testPartTimeReviewStatus() {
        let today = CalendarDate(year: 2026, month: 11, day: 20)
        XCTAssertEqual(PartTimeReview.status(hoursPerWeek: 25, fullTimeHoursPerWeek: 25, reviewOn: nil, endsOn: nil, today: today), .fullTime)
        XCTAssertEqual(PartTimeReview.status(hoursPerWeek: 10, fullTimeHoursPerWeek: 25, reviewOn: today.adding(days: -1), endsOn: nil, today: today),
                       .overdue(since: today.adding(days: -1)))
        XCTAssertEqual(PartTimeReview.status(hoursPerWeek: 10, fullTimeHoursPerWeek: 25, reviewOn: today, endsOn: nil, today: today), .dueOn(today),
                       "a review due today is not yet overdue")
        XCTAssertEqual(PartTimeReview.status(hoursPerWeek: 10, fullTimeHoursPerWeek: 25, reviewOn: nil, endsOn: nil, today: today), .noReviewDate)
        XCTAssertEqual(PartTimeReview.status(hoursPerWeek: 10, fullTimeHoursPerWeek: 25, reviewOn: today.adding(days: -30), endsOn: today.adding(days: -2), today: today), .fullTime,
                       "an arrangement that has ended needs no review")
    }

    func testGradesAreNineToOneUOrLegacyLetters() {
        XCTAssertEqual(GCSEGrade("9"), .numeric(9))
        XCTAssertEqual(GCSEGrade(" 1 "), .numeric(1))
        XCTAssertEqual(GCSEGrade("u"), .ungraded)
        XCTAssertEqual(GCSEGrade("a*"), .legacy("A*"))
        XCTAssertEqual(GCSEGrade("G"), .legacy("G"))
        for bad in ["0", "10", "H", "A**", "", "5-4", "09", "B+", "pass"] { XCTAssertNil(GCSEGrade(bad), bad) }
        XCTAssertEqual(GCSEGrade.all.count, 18)
        XCTAssertEqual(GCSEGrade.all.map(\.code).prefix(3), ["9", "8", "7"])
        XCTAssertTrue(GCSEGrade("4")!.isStandardPass)
        XCTAssertFalse(GCSEGrade("3")!.isStandardPass)
        XCTAssertTrue(GCSEGrade("C")!.isStandardPass)
        XCTAssertFalse(GCSEGrade("D")!.isStandardPass)
    }

    func testDestinationsSayWhetherTheChildWasReintegrated() {
        XCTAssertTrue(ClosureDestination.homeSchool.isReintegration)
        XCTAssertTrue(ClosureDestination.newSchool.isReintegration)
        XCTAssertFalse(ClosureDestination.alternativeProvision.isReintegration)
        XCTAssertFalse(ClosureDestination.post16.isReintegration)
    }
}
