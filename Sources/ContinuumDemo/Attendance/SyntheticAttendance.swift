import Foundation
import ContinuumDomain

/// A seeded, deterministic year of attendance marks for benchmarks and tests:
/// N pupils in M schools, both sessions of every school day.
///
/// The mix is meant to look like a county's year (issue 4 item 5: "most
/// pupils with 0–5 illness days and a tail of long spells"): every session
/// starts present; then per pupil, in this order of overlay,
/// - late (L) 15%, medical appointment (M) 20%, religious observance (R) 3%,
///   exceptional leave (C) 2%, unauthorised holiday (G, 5 days) 4%,
///   other unauthorised (O) 5%, not yet known (N) 3%, late after close (U) 3%;
/// - 0–5 short illnesses (weights 40/25/17/10/5/3 %), each 1–3 days, one in
///   five only half a day;
/// - 1% with 10–20 further short illnesses (cumulative, no long run);
/// - 3% with one long spell of 15–40 consecutive school days of I;
/// - 0.5% below compulsory school age, X every afternoon;
/// - 0.5% with a day of Y1 (transport not available);
/// - per school, 25% have one planned closure day (#) and 10% a day of travel
///   disruption (Y2) for about 30% of pupils;
/// - 2% move school mid-year (the new school marks Z for the two school days
///   before admission), and 0.3% are dual registered one day a week (the
///   main school marks D, the other school the real code).
/// Each pupil and school draws from its own stream of the seed, so any
/// school's file or any day's feed can be produced alone and is identical to
/// the same rows of the whole year.
public struct SyntheticAttendance: Sendable {
    public let seed: UInt64
    /// The school days given, sorted, without repeats.
    public let schoolDays: [CalendarDate]
    /// School URNs; a school's index is its position here.
    public let urns: [Int]
    /// Pupils; a pupil's index is its position here.
    public let upns: [PackedUPN]

    private let homeSchool: [Int32]
    /// Index of a second school, or -1.
    private let secondSchool: [Int32]
    /// For a mover, the first school-day index at the new school; for a dual
    /// registration, the weekday slot (day index mod 5) spent there; else -1.
    private let secondFrom: [Int32]
    private let isDual: [Bool]
    private let pupilsBySchool: [[Int32]]
    private let closureDay: [Int32]
    private let disruptionDay: [Int32]

    /// - Parameters:
    ///   - pupils: at most 99,000 per school (UPN serials run out beyond).
    ///   - schools: 1...7,999 (their UPN establishment numbers are 2000 + index).
    ///   - schoolDays: the days to mark, normally one academic year's school days.
    ///   - laCode: the LA number in the UPNs; 885 is Worcestershire.
    public init(seed: UInt64, pupils: Int, schools: Int, schoolDays: [CalendarDate], laCode: String = "885") {
        precondition(pupils >= 0 && schools >= 1 && schools < 8000, "need 1...7,999 schools")
        precondition(pupils <= schools * 99_000, "at most 99,000 pupils per school")
        self.seed = seed
        let days = Array(Set(schoolDays)).sorted()
        self.schoolDays = days
        urns = (0..<schools).map { 110_000 + $0 }
        // UPN.make takes serials 0...999 per establishment and year of issue, so a
        // school's pupils take serials in turn across years of issue 00–98.
        upns = (0..<pupils).map { pupil in
            let local = pupil / schools
            return PackedUPN(UPN.make(laCode: laCode, establishment: String(2000 + pupil % schools),
                                      year2: local / 1000, serial: local % 1000))
        }
        var home = [Int32](repeating: 0, count: pupils)
        var second = [Int32](repeating: -1, count: pupils)
        var from = [Int32](repeating: -1, count: pupils)
        var dual = [Bool](repeating: false, count: pupils)
        var bySchool = [[Int32]](repeating: [], count: schools)
        for pupil in 0..<pupils {
            var random = SplitMix64(seed: seed, stream: UInt64(pupil), salt: 1)
            let school = pupil % schools
            home[pupil] = Int32(school)
            bySchool[school].append(Int32(pupil))
            guard schools > 1, days.count >= 8 else { continue }
            let roll = random.below(1000)
            if roll < 23 {
                let other = (school + 1 + random.below(schools - 1)) % schools
                second[pupil] = Int32(other)
                bySchool[other].append(Int32(pupil))
                if roll < 20 {
                    from[pupil] = Int32(days.count / 4 + random.below(days.count / 2))
                } else {
                    dual[pupil] = true
                    from[pupil] = Int32(random.below(5))
                }
            }
        }
        homeSchool = home
        secondSchool = second
        secondFrom = from
        isDual = dual
        pupilsBySchool = bySchool
        var closures = [Int32](repeating: -1, count: schools)
        var disruptions = [Int32](repeating: -1, count: schools)
        for school in 0..<schools where !days.isEmpty {
            var random = SplitMix64(seed: seed, stream: UInt64(school), salt: 2)
            if random.chance(perMille: 250) { closures[school] = Int32(random.below(days.count)) }
            if random.chance(perMille: 100) { disruptions[school] = Int32(random.below(days.count)) }
        }
        closureDay = closures
        disruptionDay = disruptions
    }

    /// The schools (indices into `urns`) that mark this pupil during the year.
    public func schools(ofPupil pupil: Int) -> [Int] {
        secondSchool[pupil] < 0 ? [Int(homeSchool[pupil])] : [Int(homeSchool[pupil]), Int(secondSchool[pupil])]
    }

    // MARK: - Marks

    /// One school's marks, pupil by pupil, each pupil's in date order, AM before PM.
    public func marks(forSchool school: Int) -> [AttendanceMark] {
        var marks: [AttendanceMark] = []
        marks.reserveCapacity(pupilsBySchool[school].count * schoolDays.count * 2)
        var codes: [UInt8] = []
        for pupil in pupilsBySchool[school] {
            emit(pupil: Int(pupil), days: 0..<schoolDays.count, codes: &codes) { owner, day, session, code in
                if owner == school { marks.append(mark(pupil: Int(pupil), school: owner, day: day, session: session, code: code)) }
            }
        }
        return marks
    }

    /// Every school's marks for one date (a day's feed), school by school;
    /// empty if the date is not one of `schoolDays`.
    public func marks(on date: CalendarDate) -> [AttendanceMark] {
        guard let day = dayIndex(of: date) else { return [] }
        var marks: [AttendanceMark] = []
        marks.reserveCapacity(upns.count * 2)
        var codes: [UInt8] = []
        for school in urns.indices {
            for pupil in pupilsBySchool[school] {
                emit(pupil: Int(pupil), days: day..<(day + 1), codes: &codes) { owner, day, session, code in
                    if owner == school { marks.append(mark(pupil: Int(pupil), school: owner, day: day, session: session, code: code)) }
                }
            }
        }
        return marks
    }

    /// The whole year in memory (about 32 bytes a mark: 100,000 pupils is 1.2 GB;
    /// prefer `marks(forSchool:)` or `writeFiles(to:)` at that size).
    public func allMarks() -> [AttendanceMark] {
        urns.indices.flatMap { marks(forSchool: $0) }
    }

    // MARK: - Files

    /// One school's file, header included.
    public func csv(forSchool school: Int) -> [UInt8] {
        csvBytes(marks(forSchool: school))
    }

    /// One day's feed for every school as one file, header included.
    public func csv(on date: CalendarDate) -> [UInt8] {
        csvBytes(marks(on: date))
    }

    /// Writes one file per school, `attendance-<URN>.csv`, into `directory`
    /// (created if need be) and returns their URLs in school order.
    @discardableResult
    public func writeFiles(to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try urns.indices.map { school in
            let url = directory.appendingPathComponent("attendance-\(urns[school]).csv")
            try Data(csv(forSchool: school)).write(to: url)
            return url
        }
    }

    private func csvBytes(_ marks: [AttendanceMark]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32 + marks.count * 38)
        AttendanceFile.appendHeader(to: &bytes)
        for mark in marks { AttendanceFile.appendRow(mark, to: &bytes) }
        return bytes
    }

    private func mark(pupil: Int, school: Int, day: Int, session: AttendanceSession, code: UInt8) -> AttendanceMark {
        AttendanceMark(upn: upns[pupil], urn: Int32(urns[school]), dayNumber: Int32(schoolDays[day].dayNumber),
                       session: session, code: AttendanceCode(id: code)!)
    }

    private func dayIndex(of date: CalendarDate) -> Int? {
        var low = 0, high = schoolDays.count
        while low < high {
            let middle = (low + high) / 2
            if schoolDays[middle] < date { low = middle + 1 } else { high = middle }
        }
        return low < schoolDays.count && schoolDays[low] == date ? low : nil
    }

    // MARK: - One pupil's year

    private static func id(_ code: String) -> UInt8 { AttendanceCode(code)!.id }
    private static let presentAM = id("/"), presentPM = id("\\")

    /// Calls `body(school, day, session, code)` for every mark of the pupil on
    /// the given days, including a dual registration's D and a mover's Z.
    private func emit(pupil: Int, days: Range<Int>, codes: inout [UInt8],
                      _ body: (Int, Int, AttendanceSession, UInt8) -> Void) {
        fillCodes(pupil: pupil, into: &codes)
        let home = Int(homeSchool[pupil]), second = Int(secondSchool[pupil]), from = Int(secondFrom[pupil])
        let dualCode = Self.id("D"), prospective = Self.id("Z")
        for day in days {
            let am = codes[2 * day], pm = codes[2 * day + 1]
            if second < 0 {
                body(home, day, .am, am)
                body(home, day, .pm, pm)
            } else if isDual[pupil] {
                if day % 5 == from {
                    body(home, day, .am, dualCode)
                    body(home, day, .pm, dualCode)
                    body(second, day, .am, am)
                    body(second, day, .pm, pm)
                } else {
                    body(home, day, .am, am)
                    body(home, day, .pm, pm)
                }
            } else {
                let owner = day < from ? home : second
                if day < from && day >= from - 2 {
                    body(second, day, .am, prospective)
                    body(second, day, .pm, prospective)
                }
                body(owner, day, .am, am)
                body(owner, day, .pm, pm)
            }
        }
    }

    /// The pupil's codes for every school day, two per day, drawn from the pupil's own stream.
    private func fillCodes(pupil: Int, into codes: inout [UInt8]) {
        let dayCount = schoolDays.count
        codes.removeAll(keepingCapacity: true)
        guard dayCount > 0 else { return }
        for _ in 0..<dayCount {
            codes.append(Self.presentAM)
            codes.append(Self.presentPM)
        }
        var random = SplitMix64(seed: seed, stream: UInt64(pupil), salt: 3)
        func sessions(_ code: String, count: Int, amOnly: Bool = false) {
            let id = Self.id(code)
            for _ in 0..<count {
                let day = random.below(dayCount)
                let session = amOnly ? 0 : random.below(2)
                codes[2 * day + session] = id
            }
        }
        func days(_ code: String, start: Int, length: Int) {
            let id = Self.id(code)
            for day in start..<min(dayCount, start + length) {
                codes[2 * day] = id
                codes[2 * day + 1] = id
            }
        }
        if random.chance(perMille: 150) { sessions("L", count: 1 + random.below(5), amOnly: true) }
        if random.chance(perMille: 200) { sessions("M", count: 1 + random.below(2)) }
        if random.chance(perMille: 30) { days("R", start: random.below(dayCount), length: 1) }
        if random.chance(perMille: 20) { days("C", start: random.below(dayCount), length: 1 + random.below(2)) }
        if random.chance(perMille: 40) { days("G", start: random.below(dayCount), length: 5) }
        if random.chance(perMille: 50) { sessions("O", count: 1 + random.below(3)) }
        if random.chance(perMille: 30) { sessions("N", count: 1 + random.below(2)) }
        if random.chance(perMille: 30) { sessions("U", count: 1 + random.below(2), amOnly: true) }

        let illness = AttendanceCode.illness.id
        func shortIllness() {
            let start = random.below(dayCount)
            if random.chance(perMille: 200) {
                codes[2 * start + random.below(2)] = illness
            } else {
                days("I", start: start, length: 1 + random.pick(weights: [60, 30, 10]))
            }
        }
        for _ in 0..<random.pick(weights: [40, 25, 17, 10, 5, 3]) { shortIllness() }
        if random.chance(perMille: 10) {
            for _ in 0..<(10 + random.below(11)) { shortIllness() }
        }
        if random.chance(perMille: 30) {
            let length = 15 + random.below(26)
            let start = random.below(max(1, dayCount - length))
            days("I", start: start, length: length)
            // Some go home ill at lunchtime on the first day.
            if random.chance(perMille: 300) { codes[2 * start] = Self.presentAM }
        }
        if random.chance(perMille: 5) {
            let notRequired = Self.id("X")
            for day in 0..<dayCount { codes[2 * day + 1] = notRequired }
        }
        if random.chance(perMille: 5) { days("Y1", start: random.below(dayCount), length: 1) }

        // School events belong to whichever school marks the day.
        func applyEvents(school: Int, days range: Range<Int>) {
            let closure = Int(closureDay[school])
            if range.contains(closure) { days("#", start: closure, length: 1) }
            let disruption = Int(disruptionDay[school])
            if range.contains(disruption), random.chance(perMille: 300) { days("Y2", start: disruption, length: 1) }
        }
        let home = Int(homeSchool[pupil]), second = Int(secondSchool[pupil])
        if second >= 0, !isDual[pupil] {
            let from = Int(secondFrom[pupil])
            applyEvents(school: home, days: 0..<from)
            applyEvents(school: second, days: from..<dayCount)
        } else {
            applyEvents(school: home, days: 0..<dayCount)
        }
    }
}
