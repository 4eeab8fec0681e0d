import XCTest
import ContinuumDemo
@testable import ContinuumDomain

final class IllnessMeasureStateTests: XCTestCase {
    private typealias F = AttendanceFixtures

    /// Random years, biased towards I, present and not-possible codes so runs, breaks and skips all happen.
    private func randomYear(_ random: inout SplitMix64, academicYear: Int) -> SessionCodes {
        var codes = SessionCodes(academicYear: academicYear)
        let picks: [UInt8] = [0, 0, AttendanceCode.illness.id, AttendanceCode.illness.id, AttendanceCode("/")!.id,
                              AttendanceCode("X")!.id, AttendanceCode("#")!.id, AttendanceCode("N")!.id]
        let first = CalendarDate(year: academicYear, month: 9, day: 1)
        for day in 0..<SessionCodes.dayCount(academicYear: academicYear) where random.chance(perMille: 600) {
            let date = first.adding(days: day)
            for session in AttendanceSession.allCases {
                let id = picks[random.below(picks.count)]
                if id != 0 { codes.apply(date: date, session: session, code: AttendanceCode(id: id)!) }
            }
        }
        return codes
    }

    private func days(_ codes: SessionCodes) -> [(day: Int, am: UInt8, pm: UInt8)] {
        (0..<SessionCodes.dayCount(academicYear: codes.academicYear)).compactMap { day in
            let am = codes.slots[2 * day], pm = codes.slots[2 * day + 1]
            return am | pm == 0 ? nil : (day, am, pm)
        }
    }

    func testAppendingDayByDayGivesWhatComputingTheYearGives() {
        var random = SplitMix64(seed: 2024)
        for trial in 0..<300 {
            let year = trial % 2 == 0 ? 2023 : 2024   // 2023/24 has 29 February
            let codes = randomYear(&random, academicYear: year)
            let threshold = 1 + random.below(40)
            let whole = IllnessMeasureState(computing: codes, urns: [100001], thresholdSessions: threshold)
            // Computed over the first part of the year, then the rest appended a day at a time.
            let marked = days(codes)
            let cut = marked.isEmpty ? 0 : random.below(marked.count + 1)
            var prefix = SessionCodes(academicYear: year)
            let first = CalendarDate(year: year, month: 9, day: 1)
            for entry in marked[..<cut] {
                prefix.overlay(AttendanceRegister.Day(am: entry.am, pm: entry.pm), on: first.adding(days: entry.day))
            }
            var state = IllnessMeasureState(computing: prefix, urns: [100001], thresholdSessions: threshold)
            for entry in marked[cut...] {
                XCTAssertTrue(state.canAppend(day: entry.day))
                state.append(day: entry.day, am: entry.am, pm: entry.pm, thresholdSessions: threshold)
                XCTAssertFalse(state.canAppend(day: entry.day), "a day already held cannot be appended again")
            }
            XCTAssertEqual(state, whole, "trial \(trial), threshold \(threshold), cut \(cut) of \(marked.count)")
            XCTAssertEqual(state.measures, IllnessMeasures.compute(codes, thresholdSessions: threshold))
        }
    }

    func testAppendingTwoSchoolsDaysMergedGivesWhatComputingTheMergedYearGives() {
        var random = SplitMix64(seed: 31)
        for trial in 0..<100 {
            let a = randomYear(&random, academicYear: 2024), b = randomYear(&random, academicYear: 2024)
            let whole = IllnessMeasureState(computing: SessionCodes.merged(academicYear: 2024, [a, b]), urns: [1, 2])
            var state = IllnessMeasureState(academicYear: 2024, urns: [1])
            for day in 0..<SessionCodes.dayCount(academicYear: 2024) {
                let merged = AttendanceRegister.Day(am: a.slots[2 * day], pm: a.slots[2 * day + 1])
                    .merged(with: AttendanceRegister.Day(am: b.slots[2 * day], pm: b.slots[2 * day + 1]))
                if merged.am | merged.pm != 0 { state.append(day: day, am: merged.am, pm: merged.pm) }
            }
            state.insertURN(2)
            XCTAssertFalse(state.insertURN(1), "already held")
            XCTAssertEqual(state, whole, "trial \(trial)")
        }
    }

    func testSchoolsAreHeldAscendingWhateverOrderTheyArrive() {
        var state = IllnessMeasureState(academicYear: 2024)
        XCTAssertEqual(state.urnCount, 0)
        XCTAssertFalse(state.holds(urn: 5))
        for urn in [5, 3, 9, 3, 1, 7] { state.insertURN(urn) }
        XCTAssertEqual(state.urns, [1, 3, 5, 7, 9])
        XCTAssertEqual(state.urnCount, 5)
        XCTAssertTrue(state.holds(urn: 7))
        XCTAssertFalse(state.holds(urn: 4))
        XCTAssertEqual(IllnessMeasureState(academicYear: 2024, urns: [9, 2, 4]).urns, [2, 4, 9])
        let shard = [F.upn(2): state]
        XCTAssertEqual(try IllnessMeasureShards.decode(IllnessMeasureShards.encode(shard), academicYear: 2024), shard)
    }

    func testAShardHoldsAPupilWithHundredsOfSchools() throws {
        // Only a strange file could do this, but a file must never be able to stop the service.
        let state = IllnessMeasureState(academicYear: 2024, illnessSessions: 2, reachedDay: nil, longestConsecutiveDays: 1,
                                        currentRunDays: 1, lastMarkedDay: 3, urns: Array(100_000..<100_300))
        let states = [F.upn(1): state]
        XCTAssertEqual(try IllnessMeasureShards.decode(IllnessMeasureShards.encode(states), academicYear: 2024), states)
    }

    func testTheStateKnowsTheRunInProgressAndTheLastMarkedDay() {
        // I, I, a weekend, I, then X on its own (not possible: held as marked, no break).
        let codes = F.codes(2024, [("2024-09-05", "I", "I"), ("2024-09-06", "I", "I"), ("2024-09-09", "I", "I"), ("2024-09-10", "X", "X")])
        let state = IllnessMeasureState(computing: codes, urns: [100002, 100001])
        XCTAssertEqual(state.currentRunDays, 3)
        XCTAssertEqual(state.longestConsecutiveDays, 3)
        XCTAssertEqual(state.lastMarkedDay, 9)   // 10 September
        XCTAssertEqual(state.urns, [100001, 100002])
        var next = state
        next.append(day: 10, am: AttendanceCode("/")!.id, pm: 0)   // present on the 11th: the run ends, the longest stays
        XCTAssertEqual(next.currentRunDays, 0)
        XCTAssertEqual(next.longestConsecutiveDays, 3)
        XCTAssertEqual(next.illnessSessions, 6)
    }

    func testReachingTheThresholdIsDatedByTheDayItHappens() {
        var state = IllnessMeasureState(academicYear: 2024)
        state.append(day: 3, am: AttendanceCode.illness.id, pm: AttendanceCode.illness.id, thresholdSessions: 3)
        XCTAssertNil(state.reachedDay)
        state.append(day: 4, am: AttendanceCode("/")!.id, pm: AttendanceCode.illness.id, thresholdSessions: 3)
        XCTAssertEqual(state.measures.reached15On, F.date("2024-09-05"))
    }

    func testShardsRoundTripAndRefuseDamage() throws {
        var random = SplitMix64(seed: 7)
        var states: [PackedUPN: IllnessMeasureState] = [:]
        for serial in 0..<40 {
            let codes = randomYear(&random, academicYear: 2024)
            states[F.upn(serial)] = IllnessMeasureState(computing: codes, urns: serial % 3 == 0 ? [100001, 200002] : [100001])
        }
        states[F.upn(99)] = IllnessMeasureState(academicYear: 2024)   // nothing marked yet
        let bytes = IllnessMeasureShards.encode(states)
        XCTAssertEqual(try IllnessMeasureShards.decode(bytes, academicYear: 2024), states)
        XCTAssertThrowsError(try IllnessMeasureShards.decode(Array(bytes.dropLast()), academicYear: 2024))
        var badVersion = bytes
        badVersion[0] = 9
        XCTAssertThrowsError(try IllnessMeasureShards.decode(badVersion, academicYear: 2024))
        var badUPN = bytes
        badUPN[1] = 0
        XCTAssertThrowsError(try IllnessMeasureShards.decode(badUPN, academicYear: 2024))
    }

    func testTheShardOfAUPNIsFixedAndSpreadsPupils() {
        // A stored format: the shard of a UPN must never change between versions or processes.
        XCTAssertEqual(IllnessMeasureShards.shard(of: F.upn(1)), IllnessMeasureShards.shard(of: F.upn(1)))
        let shards = Set((0..<10_000).map { IllnessMeasureShards.shard(of: F.upn($0 % 1000, establishment: 2000 + $0 / 1000)) })
        XCTAssertGreaterThan(shards.count, 3_500, "10,000 pupils should land in most of the 4,096 shards")
        XCTAssertTrue(shards.allSatisfy { (0..<IllnessMeasureShards.count).contains($0) })
    }

    func testARegisterCountsAgainstTheBlobUnderneathAndRoundTrips() throws {
        let upn = F.upn(3), other = F.upn(4)
        let date = F.date("2024-10-01")
        var register = AttendanceRegister(urn: 100001, date: date)
        let ill = AttendanceCode.illness, present = F.code("/")
        XCTAssertEqual(register.apply(AttendanceMark(upn: upn, urn: 100001, date: date, session: .am, code: ill)), .added)
        XCTAssertEqual(register.apply(AttendanceMark(upn: upn, urn: 100001, date: date, session: .am, code: ill)), .unchanged)
        XCTAssertEqual(register.apply(AttendanceMark(upn: upn, urn: 100001, date: date, session: .am, code: present)), .corrected)
        // The blob already holds I for the other pupil's PM: the same code is unchanged, another a correction.
        XCTAssertEqual(register.apply(AttendanceMark(upn: other, urn: 100001, date: date, session: .pm, code: ill), underneath: ill.id), .unchanged)
        XCTAssertEqual(register.apply(AttendanceMark(upn: other, urn: 100001, date: date, session: .am, code: ill), underneath: present.id), .corrected)
        let read = try AttendanceRegister(urn: 100001, date: date, bytes: register.bytes)
        XCTAssertEqual(read, register)
        XCTAssertThrowsError(try AttendanceRegister(urn: 100001, date: date, bytes: Array(register.bytes.dropLast())))

        var codes = F.codes(2024, [("2024-10-01", "I", "N")])
        codes.overlay(AttendanceRegister.Day(am: present.id, pm: 0), on: date)
        XCTAssertEqual(codes.code(on: date, session: .am), present, "the register's mark wins")
        XCTAssertEqual(codes.code(on: date, session: .pm), F.code("N"), "a session the register did not mark keeps the blob's")
    }

    func testMergingTwoSchoolsDaysRanksAsTheYearMergeDoes() {
        let a = AttendanceRegister.Day(am: F.code("/").id, pm: F.code("X").id)
        let b = AttendanceRegister.Day(am: AttendanceCode.illness.id, pm: 0)
        XCTAssertEqual(a.merged(with: b), AttendanceRegister.Day(am: AttendanceCode.illness.id, pm: F.code("X").id))
        XCTAssertEqual(b.merged(with: a), a.merged(with: b))
    }
}

final class AttendanceBatchShapeTests: XCTestCase {
    private typealias F = AttendanceFixtures

    func testTheAcademicYearTableAgreesWithTheCalendarEveryDay() {
        var day = CalendarDate(year: 1900, month: 1, day: 1).dayNumber
        let end = CalendarDate(year: 2199, month: 12, day: 31).dayNumber
        while day <= end {
            XCTAssertEqual(AcademicYearTable.start(ofDayNumber: Int32(day)), CalendarDate(dayNumber: day).academicYearStart, "\(CalendarDate(dayNumber: day))")
            day += 1
        }
        // Outside the table it falls back to the calendar.
        XCTAssertEqual(AcademicYearTable.start(ofDayNumber: Int32(CalendarDate(year: 1800, month: 9, day: 1).dayNumber)), 1800)
    }

    func testTheShapeCountsPupilsSchoolsAndYearsInterleavedOrNot() {
        let a = F.upn(1), b = F.upn(2)
        func mark(_ upn: PackedUPN, _ urn: Int, _ iso: String) -> AttendanceMark {
            AttendanceMark(upn: upn, urn: urn, date: F.date(iso), session: .am, code: AttendanceCode.illness)
        }
        let shape = AttendanceBatchShape([mark(a, 1, "2024-08-30"), mark(b, 2, "2024-09-02"), mark(a, 1, "2024-09-02"), mark(b, 1, "2024-09-03"), mark(a, 2, "2024-08-29")])
        XCTAssertEqual(shape.upns, [a, b])
        XCTAssertEqual(shape.urns, [1, 2])
        XCTAssertEqual(shape.academicYears, [2023, 2024])
        XCTAssertEqual(shape.pupilYearCount, 3, "a in 2023 and 2024, b in 2024")
        XCTAssertEqual(AttendanceBatchShape([]).pupilYearCount, 0)
    }
}
