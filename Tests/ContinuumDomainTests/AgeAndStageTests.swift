import XCTest
@testable import ContinuumDomain

final class AgeAndStageTests: XCTestCase {
    private func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testBriefExampleYear8() {
        let dob = date("2011-09-01"), on = date("2024-10-01")
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: dob, on: on), 8)
        XCTAssertEqual(AgeAndStage.keyStage(yearGroup: 8), .ks3)
        XCTAssertEqual(AgeAndStage.keyStage(yearGroup: 8)?.number, 3)
        XCTAssertTrue(AgeAndStage.isCompulsorySchoolAge(dateOfBirth: dob, on: on))
        XCTAssertEqual(AgeAndStage.age(dateOfBirth: dob, on: on), 13)
    }

    func testCohortBoundaryIsFirstSeptember() {
        let on = date("2023-09-05")
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: date("2018-08-31"), on: on), 1)
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: date("2018-09-01"), on: on), 0)
        XCTAssertEqual(AgeAndStage.yearGroupName(0), "Reception")
        // 31 August turns 16 in the earlier school year, so leaves a year earlier than 1 September.
        XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: date("2008-08-31")), date("2024-06-28"))
        XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: date("2008-09-01")), date("2025-06-27"))
    }

    func testRulebookCheckBornSeptember2007IsYear11() {
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: date("2007-09-15"), on: date("2023-09-01")), 11)
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: date("2007-09-15"), on: date("2024-08-31")), 11)
        XCTAssertEqual(AgeAndStage.keyStage(yearGroup: 11), .ks4)
    }

    func testYearGroupsOutsideSchool() {
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: date("2022-10-01"), on: date("2024-10-01")), -3)
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: date("2021-10-01"), on: date("2024-10-01")), -2)
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: date("2005-01-01"), on: date("2024-10-01")), 15)
        XCTAssertEqual(AgeAndStage.yearGroupName(-1), "Nursery 2")
        XCTAssertEqual(AgeAndStage.yearGroupName(-2), "Nursery 1")
        XCTAssertEqual(AgeAndStage.yearGroupName(13), "Year 13")
    }

    func testKeyStages() {
        let expected: [Int: KeyStage?] = [
            -3: nil, -2: .earlyYears, -1: .earlyYears, 0: .earlyYears, 1: .ks1, 2: .ks1, 3: .ks2, 6: .ks2,
            7: .ks3, 9: .ks3, 10: .ks4, 11: .ks4, 12: .post16, 13: .post16, 14: .post16,
        ]
        for (yearGroup, stage) in expected {
            XCTAssertEqual(AgeAndStage.keyStage(yearGroup: yearGroup), stage, "NCY \(yearGroup)")
        }
        XCTAssertEqual(KeyStage.allCases.compactMap(\.number), [1, 2, 3, 4])
        XCTAssertEqual(KeyStage.ks2.displayName, "Key stage 2")
        XCTAssertEqual(AgeAndStage.keyStage(dateOfBirth: date("2016-05-01"), on: date("2024-10-01")), .ks2)
    }

    func testReceptionHasNoKeyStageNumber() {
        XCTAssertEqual(AgeAndStage.keyStage(yearGroup: 0), .earlyYears)
        XCTAssertNil(AgeAndStage.keyStage(yearGroup: 0)?.number)
        XCTAssertNil(AgeAndStage.keyStage(yearGroup: 12)?.number)
    }

    func testIPSEAStartExample() {
        // Fifth birthday 10 February 2024 → compulsory school age from 31 March 2024.
        let dob = date("2019-02-10")
        XCTAssertEqual(AgeAndStage.compulsorySchoolAgeStart(dateOfBirth: dob), date("2024-03-31"))
        XCTAssertFalse(AgeAndStage.isCompulsorySchoolAge(dateOfBirth: dob, on: date("2024-03-30")))
        XCTAssertTrue(AgeAndStage.isCompulsorySchoolAge(dateOfBirth: dob, on: date("2024-03-31")))
    }

    func testIPSEAEndExample() {
        let dob = date("2007-09-23")
        XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: dob), date("2024-06-28"))
        XCTAssertTrue(AgeAndStage.isCompulsorySchoolAge(dateOfBirth: dob, on: date("2024-06-28")))
        XCTAssertFalse(AgeAndStage.isCompulsorySchoolAge(dateOfBirth: dob, on: date("2024-06-29")))
    }

    func testStartOnEachPrescribedDay() {
        let cases: [(String, String)] = [
            ("2019-03-31", "2024-03-31"), // fifth birthday on a prescribed day starts that day
            ("2019-04-01", "2024-08-31"),
            ("2019-08-31", "2024-08-31"),
            ("2019-09-01", "2024-12-31"),
            ("2019-12-31", "2024-12-31"),
            ("2019-01-01", "2024-03-31"),
        ]
        for (dob, start) in cases {
            XCTAssertEqual(AgeAndStage.compulsorySchoolAgeStart(dateOfBirth: date(dob)), date(start), dob)
        }
    }

    func testLeapDayBirthdays() {
        let dob = date("2020-02-29")
        XCTAssertEqual(AgeAndStage.birthday(5, dateOfBirth: dob), date("2025-03-01"))
        XCTAssertEqual(AgeAndStage.birthday(5, dateOfBirth: dob, convention: .twentyEighthOfFebruary), date("2025-02-28"))
        XCTAssertEqual(AgeAndStage.birthday(4, dateOfBirth: dob), date("2024-02-29"))
        XCTAssertEqual(AgeAndStage.age(dateOfBirth: dob, on: date("2025-02-28")), 4)
        XCTAssertEqual(AgeAndStage.age(dateOfBirth: dob, on: date("2025-02-28"), convention: .twentyEighthOfFebruary), 5)
        XCTAssertEqual(AgeAndStage.age(dateOfBirth: dob, on: date("2025-03-01")), 5)
        XCTAssertEqual(AgeAndStage.age(dateOfBirth: dob, on: date("2024-02-29")), 4)
        XCTAssertEqual(AgeAndStage.age(dateOfBirth: dob, on: date("2024-02-28")), 3)
        for convention in LeapDayBirthdayConvention.allCases {
            XCTAssertEqual(AgeAndStage.compulsorySchoolAgeStart(dateOfBirth: dob, leapDayConvention: convention),
                           date("2025-03-31"), "\(convention)")
        }
        XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: dob), date("2036-06-27"))
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: dob, on: date("2025-09-01")), 1)
        XCTAssertEqual(LeapDayBirthdayConvention.default, .firstOfMarch)
    }

    func testLiteralSection8EndRule() {
        let literal = CompulsorySchoolAgeEndRule.schoolYearBeginsWithFirstTerm(SchoolCalendar.demo())
        // The demo autumn term 2024 begins Monday 2 September, so a 16th birthday on Sunday 1 September
        // falls before the school year begins: the literal reading ends compulsory school age that June.
        XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: date("2008-09-01"), rule: literal), date("2024-06-28"))
        XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: date("2008-09-01"), rule: .cohort), date("2025-06-27"))
        XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: date("2008-09-02"), rule: literal), date("2025-06-27"))
        // Everyone else agrees under both rules.
        for dob in ["2007-09-23", "2008-08-31", "2008-06-28", "2008-06-29", "2008-03-15", "2008-12-31", "2008-07-31"] {
            XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: date(dob), rule: literal),
                           AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: date(dob), rule: .cohort), dob)
        }
        // Without term dates for the year, the school year is taken to begin on 1 September.
        let empty = CompulsorySchoolAgeEndRule.schoolYearBeginsWithFirstTerm(SchoolCalendar(terms: [], bankHolidays: .englandAndWales))
        XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: date("2008-09-01"), rule: empty), date("2025-06-27"))
        XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: date("2008-08-31"), rule: empty), date("2024-06-28"))
    }

    func testCohortRuleEndsEveryoneInTheSameYearGroupTogether() {
        var dob = date("2008-09-01")
        while dob <= date("2009-08-31") {
            XCTAssertEqual(AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: dob), date("2025-06-27"), "\(dob)")
            dob = dob.adding(days: 1)
        }
    }

    func testAges() {
        XCTAssertEqual(AgeAndStage.age(dateOfBirth: date("2008-06-28"), on: date("2024-06-27")), 15)
        XCTAssertEqual(AgeAndStage.age(dateOfBirth: date("2008-06-28"), on: date("2024-06-28")), 16)
        XCTAssertEqual(AgeAndStage.age(dateOfBirth: date("2008-06-28"), on: date("2008-06-28")), 0)
    }
}
