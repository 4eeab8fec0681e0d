import XCTest
@testable import ContinuumDomain

/// Issue 17: the post-16 cohort, currency, the NEET counts and the NCCIS code list (rulebook P16-1 to P16-5, NCCIS-1 to NCCIS-5).
final class Post16RulesTests: XCTestCase {
    private func d(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
    private let codes2026 = NCCISCodeSet.bundled(miYear: 2026)
    private let codes2025 = NCCISCodeSet.bundled(miYear: 2025)

    static func upn(_ n: Int) -> String {
        let twelve = "885" + String(format: "%08d", n) + "0"
        return String(UPN.checkLetter(for: twelve)!) + twelve
    }

    // MARK: P16-4 academic age and the cohort

    func testAcademicAgeIsTheAgeOnThe31AugustBeforeTheAcademicYear() {
        // Born 31 August 2009: 17 on 31 August 2026, so academic age 17 all through 2026/27.
        XCTAssertEqual(Post16Cohort.academicAge(dateOfBirth: d("2009-08-31"), on: d("2026-11-30")), 17)
        // Born a day later: 16 on that 31 August, though 17 for most of the year.
        XCTAssertEqual(Post16Cohort.academicAge(dateOfBirth: d("2009-09-01"), on: d("2026-11-30")), 16)
        XCTAssertEqual(Post16Cohort.academicAge(dateOfBirth: d("2009-09-01"), on: d("2027-08-31")), 16)
        // 31 August is the last day of the academic year; 1 September starts the next.
        XCTAssertEqual(Post16Cohort.academicAge(dateOfBirth: d("2009-09-01"), on: d("2027-09-01")), 17)
        // A 29 February birthday: the 31 August rule is unaffected by the leap-day convention.
        XCTAssertEqual(Post16Cohort.academicAge(dateOfBirth: d("2008-02-29"), on: d("2026-10-31")), 18)
    }

    func testTheCohortBasis() {
        let day = d("2026-11-30")
        XCTAssertEqual(Post16Cohort.basis(dateOfBirth: d("2010-08-31"), hasEHCPlan: false, on: day), .academicAge16To17)
        XCTAssertEqual(Post16Cohort.basis(dateOfBirth: d("2008-09-01"), hasEHCPlan: false, on: day), .academicAge16To17)
        // Academic age 18 without a plan: no longer tracked (P16-4: relaxed from September 2016).
        XCTAssertNil(Post16Cohort.basis(dateOfBirth: d("2008-08-31"), hasEHCPlan: false, on: day))
        XCTAssertEqual(Post16Cohort.basis(dateOfBirth: d("2008-08-31"), hasEHCPlan: true, on: day), .ehcPlanTo25)
        // A plan holder is tracked up to the day before the 25th birthday.
        XCTAssertEqual(Post16Cohort.basis(dateOfBirth: d("2001-12-01"), hasEHCPlan: true, on: day), .ehcPlanTo25)
        XCTAssertNil(Post16Cohort.basis(dateOfBirth: d("2001-11-30"), hasEHCPlan: true, on: day))
        // Year 11 (academic age 15) joins from the January before they leave.
        XCTAssertNil(Post16Cohort.basis(dateOfBirth: d("2011-05-01"), hasEHCPlan: false, on: d("2026-12-31")))
        XCTAssertEqual(Post16Cohort.basis(dateOfBirth: d("2011-05-01"), hasEHCPlan: false, on: d("2027-01-01")), .year11)
        XCTAssertEqual(Post16Cohort.basis(dateOfBirth: d("2011-05-01"), hasEHCPlan: false, on: d("2027-08-31")), .year11)
        // Year 10 is not tracked.
        XCTAssertNil(Post16Cohort.basis(dateOfBirth: d("2012-05-01"), hasEHCPlan: true, on: d("2027-03-01")))
        XCTAssertTrue(Post16Cohort.isAcademicAge16To17(dateOfBirth: d("2010-08-31"), on: day))
        XCTAssertFalse(Post16Cohort.isAcademicAge16To17(dateOfBirth: d("2010-09-01"), on: day))
    }

    // MARK: P16-3, NCCIS-5 currency on its boundary days

    func testCurrencyLapsesOnTheDayItsPeriodEnds() throws {
        // 230 (full-time FE) has a 365-day currency period in the 2026 file.
        XCTAssertEqual(codes2026[230]?.currencyDays, 365)
        let spell = Post16Spell(code: 230, start: d("2026-09-07"), confirmedOn: d("2026-10-01"))
        let lapse = try XCTUnwrap(Post16Activity.lapsesOn(spell, codes: codes2026))
        XCTAssertEqual(lapse, d("2027-10-01"))
        let dayBefore = Post16Activity.on(d("2027-09-30"), spells: [spell], codes: codes2026)
        XCTAssertEqual(dayBefore.countsAs, .participating)
        XCTAssertFalse(dayBefore.lapsed)
        XCTAssertEqual(dayBefore.lapsesOn, d("2027-10-01"))
        let onTheDay = Post16Activity.on(d("2027-10-01"), spells: [spell], codes: codes2026)
        XCTAssertEqual(onTheDay.countsAs, .notKnown)
        XCTAssertTrue(onTheDay.lapsed)
        XCTAssertEqual(Post16Activity.on(d("2027-10-02"), spells: [spell], codes: codes2026).countsAs, .notKnown)
        // A NEET code lapses sooner (91 days), and a confirmation restarts the period.
        let seeking = Post16Spell(code: 619, start: d("2026-06-01"), confirmedOn: d("2026-09-01"))
        XCTAssertEqual(Post16Activity.on(d("2026-11-30"), spells: [seeking], codes: codes2026).countsAs, .neet)
        XCTAssertEqual(Post16Activity.on(d("2026-12-01"), spells: [seeking], codes: codes2026).countsAs, .notKnown)
        var reconfirmed = seeking; reconfirmed.confirmedOn = d("2026-11-15")
        XCTAssertEqual(Post16Activity.on(d("2026-12-01"), spells: [reconfirmed], codes: codes2026).countsAs, .neet)
        // The not-known codes never lapse: they already are not known.
        XCTAssertNil(Post16Activity.lapsesOn(Post16Spell(code: 810, start: d("2020-01-01"), confirmedOn: d("2020-01-01")), codes: codes2026))
    }

    func testTheActivityIsTheSpellWithTheLatestStartOnOrBeforeTheDay() {
        let fe = Post16Spell(code: 230, start: d("2026-09-07"), confirmedOn: d("2026-10-01"))
        let neet = Post16Spell(code: 619, start: d("2026-07-01"), confirmedOn: d("2026-07-01"))
        let apprenticeship = Post16Spell(code: 310, start: d("2026-12-01"), confirmedOn: d("2026-11-20"))
        let spells = [apprenticeship, neet, fe]
        XCTAssertEqual(Post16Activity.on(d("2026-08-31"), spells: spells, codes: codes2026).spell, neet)
        XCTAssertEqual(Post16Activity.on(d("2026-09-07"), spells: spells, codes: codes2026).spell, fe)
        XCTAssertEqual(Post16Activity.on(d("2026-11-30"), spells: spells, codes: codes2026).spell, fe)
        XCTAssertEqual(Post16Activity.on(d("2026-12-01"), spells: spells, codes: codes2026).spell, apprenticeship)
        // No spell by then: not known.
        let none = Post16Activity.on(d("2026-06-30"), spells: spells, codes: codes2026)
        XCTAssertNil(none.spell)
        XCTAssertEqual(none.countsAs, .notKnown)
        XCTAssertEqual(Post16Activity.on(d("2026-06-30"), spells: [], codes: codes2026).countsAs, .notKnown)
        // A code the year's list does not have is not known (720 left the list in 2026).
        let refugee = Post16Spell(code: 720, start: d("2026-09-01"), confirmedOn: d("2026-10-01"))
        XCTAssertEqual(Post16Activity.on(d("2026-11-30"), spells: [refugee], codes: codes2026).countsAs, .notKnown)
        XCTAssertEqual(Post16Activity.on(d("2026-11-30"), spells: [refugee], codes: codes2025).countsAs, .neet)
    }

    // MARK: NCCIS-1, NCCIS-2 the code list is data

    func testTheCodeListsLoadPerYearWithTheirCountsAs() {
        XCTAssertEqual(codes2025.miYear, 2025)
        XCTAssertNotNil(codes2025[720])
        XCTAssertNil(codes2026[720])
        XCTAssertEqual(codes2026.codes.count, 45)
        // Custody is excluded from the denominator (P16-5).
        for code in [130, 290, 710] { XCTAssertEqual(codes2026[code]?.countsAs, .excluded, "\(code)") }
        // NCCIS-2: re-engagement, gap year and agreed start dates are not education or training.
        for code in [530, 260, 615, 616] { XCTAssertEqual(codes2026[code]?.countsAs, .neet, "\(code)") }
        for code in [810, 820, 830, 150] { XCTAssertEqual(codes2026[code]?.countsAs, .notKnown, "\(code)") }
        for code in [210, 250, 310, 330, 450, 460] { XCTAssertEqual(codes2026[code]?.countsAs, .participating, "\(code)") }
        XCTAssertEqual(Set(codes2026.codes.values.filter(\.hoursRequired).map(\.code)), [250, 320, 381, 550])
        XCTAssertEqual(Set(codes2026.codes.values.filter(\.employerRequired).map(\.code)), [310, 450, 460])
        XCTAssertEqual(NCCISCodeSet.miYear(for: d("2026-08-31")), 2025)
        XCTAssertEqual(NCCISCodeSet.miYear(for: d("2026-09-01")), 2026)
        XCTAssertEqual(NCCISCodeSet.miYear(for: d("2031-01-01")), 2026)
        XCTAssertEqual(NCCISCodeSet.miYear(for: d("2019-01-01")), 2025)
    }

    func testACodeFileIsRefusedWhenItIsWrong() {
        let bad = Data("code,label,group,counts_as,hours_required,employer_required,currency_days\r\n230,FE,education,eet,false,false,365\r\n".utf8)
        XCTAssertThrowsError(try NCCISCodeSet.parse(csv: bad, fileName: "x.csv", miYear: 2027)) { error in
            XCTAssertEqual(error as? BundledDataError, .malformedRow(file: "x.csv", line: 2, reason: "counts_as eet is not one of participating, neet, not_known, excluded"))
        }
        let good = Data("code,label,group,counts_as,hours_required,employer_required,currency_days\r\n230,FE,education,participating,false,false,200\r\n".utf8)
        XCTAssertEqual(try NCCISCodeSet.parse(csv: good, fileName: "x.csv", miYear: 2027)[230]?.currencyDays, 200)
    }

    // MARK: the NEET report's counts and percentages

    func testPercentagesAreToOneDecimalPlaceWithHalvesUp() {
        XCTAssertEqual(Tenths.percent(1, of: 8).description, "12.5")
        XCTAssertEqual(Tenths.percent(1, of: 16).description, "6.3")   // 6.25
        XCTAssertEqual(Tenths.percent(1, of: 3).description, "33.3")
        XCTAssertEqual(Tenths.percent(2, of: 3).description, "66.7")
        XCTAssertEqual(Tenths.percent(0, of: 0).description, "0.0")
        XCTAssertEqual(Tenths.percent(7, of: 7).description, "100.0")
    }

    func testTheMonthsFiguresExcludeCustodyFromTheDenominator() {
        let month = NCCISMonth(year: 2026, month: 11)
        let dob = d("2009-10-01") // academic age 16
        let c = d("2026-10-01")
        let people: [(dateOfBirth: CalendarDate, spells: [Post16Spell])] = [
            (dob, [Post16Spell(code: 230, start: d("2026-09-01"), confirmedOn: c)]),
            (dob, [Post16Spell(code: 310, start: d("2026-09-01"), confirmedOn: c)]),
            (dob, [Post16Spell(code: 619, start: d("2026-09-01"), confirmedOn: c)]),
            (dob, [Post16Spell(code: 710, start: d("2026-09-01"), confirmedOn: c)]),
            (dob, []),
            // Outside the 16–17 cohort: not counted.
            (d("2008-01-01"), [Post16Spell(code: 619, start: d("2026-09-01"), confirmedOn: c)]),
        ]
        let f = NEETFigures.count(month: month, people: people, codes: codes2026)
        XCTAssertEqual([f.cohort, f.eet, f.neet, f.notKnown, f.excluded], [5, 2, 1, 1, 1])
        XCTAssertEqual(f.json, #"{"month":"2026-11","cohort":5,"eet":2,"neet":1,"not_known":1,"excluded":1,"neet_pct":25.0,"not_known_pct":25.0,"neet_or_not_known_pct":50.0}"#)
        XCTAssertEqual(NCCISMonth(year: 2027, month: 2).lastDay, d("2027-02-28"))
        XCTAssertEqual(NCCISMonth(year: 2028, month: 2).lastDay, d("2028-02-29"))
        XCTAssertEqual(NCCISMonth("2026-13"), nil)
        XCTAssertEqual(NCCISMonth("2026-1"), nil)
        XCTAssertEqual(NCCISMonth(year: 2026, month: 12).adding(months: 1), NCCISMonth(year: 2027, month: 1))
        XCTAssertEqual(NCCISMonth(year: 2026, month: 1).adding(months: -13), NCCISMonth(year: 2024, month: 12))
    }

    func testTheHeadlineIsTheMeanOfDecemberJanuaryAndFebruary() {
        XCTAssertEqual(NEETHeadline.months(year: 2027), [NCCISMonth(year: 2026, month: 12), NCCISMonth(year: 2027, month: 1), NCCISMonth(year: 2027, month: 2)])
        // ⚠ NI 117's months, as configuration.
        XCTAssertEqual(NEETHeadline.months(year: 2027, monthsOfYear: [11, 12, 1]).map(\.description), ["2026-11", "2026-12", "2027-01"])
        func f(_ m: NCCISMonth, cohort: Int, neet: Int, notKnown: Int, excluded: Int = 0) -> NEETFigures {
            var x = NEETFigures(month: m); x.cohort = cohort; x.neet = neet; x.notKnown = notKnown; x.excluded = excluded
            x.eet = cohort - neet - notKnown - excluded; return x
        }
        let months = NEETHeadline.months(year: 2027)
        // 4%, 5% and 6% NEET: mean 5.0; not known 1/100, 2/100, 2/100 → 1.666… → 1.7; together 5, 7, 8 → 6.666… → 6.7.
        let h = NEETHeadline(year: 2027, snapshots: [f(months[0], cohort: 100, neet: 4, notKnown: 1), f(months[1], cohort: 100, neet: 5, notKnown: 2),
                                                     f(months[2], cohort: 102, neet: 6, notKnown: 2, excluded: 2)])
        XCTAssertEqual(h.neetPercent.description, "5.0")
        XCTAssertEqual(h.notKnownPercent.description, "1.7")
        XCTAssertEqual(h.neetOrNotKnownPercent.description, "6.7")
        // The mean of the rates, not the pooled counts: 1/3 and 0/1000 average to 16.7, where pooling would give 0.1.
        let skewed = NEETHeadline(year: 2027, snapshots: [f(months[0], cohort: 3, neet: 1, notKnown: 0), f(months[1], cohort: 1000, neet: 0, notKnown: 0)])
        XCTAssertEqual(skewed.neetPercent.description, "16.7")
        // County-sized denominators do not overflow.
        let big = NEETHeadline(year: 2027, snapshots: months.map { f($0, cohort: 40_001, neet: 2_503, notKnown: 1_999, excluded: 7) })
        XCTAssertEqual(big.neetPercent.description, Tenths.percent(2_503, of: 39_994).description)
    }

    // MARK: ULN check digit

    func testULNCheckDigit() {
        XCTAssertTrue(ULN.isValid("0000000042"))
        XCTAssertFalse(ULN.isValid("0000000043"))
        XCTAssertFalse(ULN.isValid("000000042"))
        XCTAssertFalse(ULN.isValid("00000000a2"))
        // 1000000000: Σ = 10, remainder 10, check digit 0.
        XCTAssertTrue(ULN.isValid("1000000000"))
        // Nine digits whose weighted sum is a multiple of 11 have no valid check digit.
        XCTAssertNil(ULN.complete("000000000"))
        XCTAssertEqual(ULN.complete("123456789").map(ULN.isValid), true)
        XCTAssertFalse(ULN.isValid("０００００００００42"))
    }

    // MARK: a spell's problems

    func testSpellProblems() {
        let today = d("2026-12-07")
        let existing = [Post16Spell(code: 230, start: d("2026-09-01"), confirmedOn: d("2026-10-01"))]
        func problems(_ s: Post16Spell, employer: String? = nil) -> [Post16Activity.Problem] {
            Post16Activity.problems(s, employer: employer, checkEmployer: true, existing: existing, codes: codes2026, today: today)
        }
        XCTAssertEqual(problems(Post16Spell(code: 999, start: d("2026-10-01"), confirmedOn: today)), [.unknownCode("999", miYear: 2026)])
        XCTAssertEqual(problems(Post16Spell(code: 250, start: d("2026-10-01"), confirmedOn: today)), [.hoursRequired(code: 250)])
        XCTAssertEqual(problems(Post16Spell(code: 250, start: d("2026-10-01"), confirmedOn: today, hours: 12)), [])
        XCTAssertEqual(problems(Post16Spell(code: 250, start: d("2026-10-01"), confirmedOn: today, hours: 61)), [.hoursOutOfRange("61")])
        XCTAssertEqual(problems(Post16Spell(code: 310, start: d("2026-10-01"), confirmedOn: today)), [.employerRequired(code: 310)])
        XCTAssertEqual(problems(Post16Spell(code: 310, start: d("2026-10-01"), confirmedOn: today), employer: "Acme Ltd"), [])
        // The same start with another code overlaps without ending it; the same code and start is the same spell again.
        XCTAssertEqual(problems(Post16Spell(code: 619, start: d("2026-09-01"), confirmedOn: today)), [.overlaps(code: 230, start: d("2026-09-01"))])
        XCTAssertEqual(problems(Post16Spell(code: 230, start: d("2026-09-01"), confirmedOn: today)), [])
        XCTAssertEqual(problems(Post16Spell(code: 230, start: d("2026-11-01"), confirmedOn: d("2026-12-08"))), [.confirmedInFuture(d("2026-12-08"))])
        for p in [Post16Activity.Problem.overlaps(code: 230, start: today), .hoursRequired(code: 250), .employerRequired(code: 460)] {
            XCTAssertFalse(p.description.isEmpty)
        }
    }

    // MARK: the import file

    func testTheImportFileReportsEachBadLineByNumber() {
        let u1 = Self.upn(1), u2 = Self.upn(2)
        let csv = """
        upn,uln,forename,surname,date_of_birth,has_ehc_plan,activity_code,activity_start,confirmed_on,hours
        \(u1),,Amy,Ash,2009-10-01,false,230,2026-09-01,2026-10-01,
        \(u1),,Amy,Ash,2009-10-01,false,619,2026-09-01,2026-10-01,
        \(u2),,Ben,Birch,2009-11-01,true,250,2026-09-01,2026-10-01,
        ,1234567890,Cat,Cole,2010-01-01,false,,,,
        ,,Dan,Dale,2010-01-01,false,,,,
        \(u2),,Ben,Birch,2009-11-01,maybe,999,2026-09-01,2026-10-01,
        """
        guard case let .problems(problems) = Post16ImportFile.parse(Data(csv.utf8), today: d("2026-12-07")) else { return XCTFail("should refuse") }
        let text = problems.map(\.description)
        XCTAssertEqual(text, [
            "line 3: overlaps the activity on line 2 (code 230, the same start date 2026-09-01) without ending it",
            "line 4: Activity code 250 needs the hours a week (NCCIS: part-time and study-with-work codes)",
            "line 5: uln \"1234567890\" is not a valid ULN: it must be 10 digits and its last digit is the check digit",
            "line 6: give a upn or a uln: a young person is matched by one of them",
            "line 7: has_ehc_plan \"maybe\" must be true or false",
            "line 7: activity_code 999 is not in the 2026 to 2027 NCCIS code list",
        ])
    }

    func testAGoodImportFileGivesItsRows() throws {
        let uln = try XCTUnwrap(ULN.complete("123456789"))
        let csv = "upn,uln,forename,surname,date_of_birth,has_ehc_plan,activity_code,activity_start,confirmed_on,hours\r\n"
            + "\(Self.upn(3)),,Eve,Elm,2009-10-01,true,250,2026-09-01,2026-10-01,12\r\n"
            + ",\(uln),Fin,Fir,2010-02-01,false,,,,\r\n"
        guard case let .rows(rows) = Post16ImportFile.parse(Data(csv.utf8), today: d("2026-12-07")) else { return XCTFail("should read") }
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0].spell, Post16Spell(code: 250, start: d("2026-09-01"), confirmedOn: d("2026-10-01"), hours: 12))
        XCTAssertTrue(rows[0].hasEHCPlan)
        XCTAssertEqual(rows[1].key, "uln:\(uln)")
        XCTAssertNil(rows[1].spell)
    }

    // MARK: NCCIS-4 the September Guarantee

    func testOfferTransitions() {
        typealias S = SeptemberGuaranteeOfferStatus
        let allowed: [S: [S.Action: S]] = [
            .offered: [.accept: .accepted, .decline: .declined, .withdraw: .withdrawn, .start: .started],
            .accepted: [.decline: .declined, .withdraw: .withdrawn, .start: .started],
            .declined: [:], .withdrawn: [:], .started: [:],
        ]
        for status in S.allCases {
            for action in S.Action.allCases { XCTAssertEqual(status.next(action), allowed[status]?[action], "\(status) + \(action)") }
        }
        XCTAssertEqual(SeptemberGuarantee.year(on: d("2027-09-30")), 2027)
        XCTAssertEqual(SeptemberGuarantee.year(on: d("2027-10-01")), 2028)
        XCTAssertEqual(SeptemberGuarantee.deadline(year: 2027), d("2027-09-30"))
        XCTAssertTrue(SeptemberGuarantee.hasNoOffer([.declined, .withdrawn]))
        XCTAssertFalse(SeptemberGuarantee.hasNoOffer([.declined, .accepted]))
        let started = [Post16Spell(code: 230, start: d("2027-09-06"), confirmedOn: d("2027-09-10"))]
        XCTAssertFalse(SeptemberGuarantee.needsFollowUp(offers: [.accepted], spells: started, year: 2027, codes: codes2026))
        XCTAssertTrue(SeptemberGuarantee.needsFollowUp(offers: [.accepted], spells: [], year: 2027, codes: codes2026))
        XCTAssertFalse(SeptemberGuarantee.needsFollowUp(offers: [.declined], spells: [], year: 2027, codes: codes2026))
        // Year 11 and Year 12 for the 2027 guarantee: academic age 15 and 16 in 2026/27.
        XCTAssertEqual(Post16Cohort.guaranteeYearGroup(dateOfBirth: d("2010-09-01"), guaranteeYear: 2027), .year11)
        XCTAssertEqual(Post16Cohort.guaranteeYearGroup(dateOfBirth: d("2011-08-31"), guaranteeYear: 2027), .year11)
        XCTAssertEqual(Post16Cohort.guaranteeYearGroup(dateOfBirth: d("2010-08-31"), guaranteeYear: 2027), .year12)
        XCTAssertNil(Post16Cohort.guaranteeYearGroup(dateOfBirth: d("2011-09-01"), guaranteeYear: 2027))
        XCTAssertNil(Post16Cohort.guaranteeYearGroup(dateOfBirth: d("2009-08-31"), guaranteeYear: 2027))
    }

    // MARK: NCCIS-3 the return refuses itself when invalid

    func testTheReturnNamesEachProblem() {
        let month = NCCISMonth(year: 2026, month: 11)
        func record(_ ref: String, upn: String?, code: Int?, hours: Int? = nil) -> NCCISRecord {
            let spell = code.map { Post16Spell(code: $0, start: d("2026-09-01"), confirmedOn: d("2026-10-01"), hours: hours) }
            return NCCISRecord(reference: ref, upn: upn, uln: nil, forename: "A", surname: "B", dateOfBirth: d("2009-10-01"), hasEHCPlan: false,
                               senSupport: false, basis: .academicAge16To17, activity: Post16Activity.on(month.lastDay, spells: spell.map { [$0] } ?? [], codes: codes2026),
                               provider: nil, employer: nil, careExperienced: false, youngCarer: false, youngParent: false,
                               guaranteeCohort: nil, guaranteeOffer: nil, s19InYear11: false)
        }
        let good = NCCISReturn(laCode: "885", month: month, records: [record("YP1", upn: Self.upn(1), code: 230), record("YP2", upn: nil, code: nil)])
        XCTAssertEqual(good.problems(codes: codes2026), [])
        XCTAssertTrue(good.csv().hasPrefix(NCCISReturn.header.joined(separator: ",") + "\r\n885,2026-11,YP1,\(Self.upn(1)),,A,B,2009-10-01,16,age_16_17,none,230,"))
        let bad = NCCISReturn(laCode: "885", month: month, records: [record("YP1", upn: Self.upn(1), code: 720), record("YP2", upn: Self.upn(1), code: 250)])
        XCTAssertEqual(bad.problems(codes: codes2026).map(\.description), [
            "line 2 (YP1): activity code 720 is not in the 2026 to 2027 code list: record a current code",
            "line 3 (YP2): UPN \(Self.upn(1)) is also on line 2",
            "line 3 (YP2): activity code 250 needs hours",
        ])
    }
}
