import Foundation

/// A pupil's illness measures for one academic year plus what it takes to carry them forward a
/// day at a time: the run in progress, the last date with any mark and the schools that marked.
///
/// A day's feed adds one date after every date already held for most pupils, and for those the
/// measures follow from this state and the new day alone (`append`), without reading the year's
/// marks. A mark on or before `lastMarkedDay` (a correction, a late register, a second school the
/// same day) cannot be folded in this way and the caller recomputes from the marks instead.
// Issue 4 item 5: "work must grow with the size of the day's feed, not with the size of the year".
public struct IllnessMeasureState: Hashable, Sendable {
    public let academicYear: Int
    public private(set) var illnessSessions: Int
    /// Day index (0 = 1 September) of the session that reached the threshold.
    public private(set) var reachedDay: Int?
    public private(set) var longestConsecutiveDays: Int
    /// Consecutive all-I school days ending at the last school day held.
    public private(set) var currentRunDays: Int
    /// Day index of the last date with any mark, possible session or not.
    public private(set) var lastMarkedDay: Int?
    /// The schools whose marks these are, ascending; where to look for the pupil's registers.
    /// Nearly every pupil has one school, held inline: an array for each of 100,000 states was
    /// an allocation per pupil every time a shard was read.
    public var urns: [Int] {
        get { firstURN == 0 ? [] : [firstURN] + otherURNs }
        set {
            let sorted = newValue.sorted()
            firstURN = sorted.first ?? 0
            otherURNs = Array(sorted.dropFirst())
        }
    }
    /// The lowest school, 0 for none (URNs are positive).
    private var firstURN = 0
    /// Any further schools, ascending; empty (no allocation) for most pupils.
    private var otherURNs: [Int] = []

    public var urnCount: Int { firstURN == 0 ? 0 : 1 + otherURNs.count }

    /// Whether `urn` is one of the pupil's schools, without building `urns`.
    public func holds(urn: Int) -> Bool { urn == firstURN || (!otherURNs.isEmpty && otherURNs.contains(urn)) }

    /// Calls `body` with each school, ascending.
    public func forEachURN(_ body: (Int) -> Void) {
        guard firstURN != 0 else { return }
        body(firstURN)
        otherURNs.forEach(body)
    }

    public init(academicYear: Int, urns: [Int] = []) {
        self.init(academicYear: academicYear, illnessSessions: 0, reachedDay: nil, longestConsecutiveDays: 0,
                  currentRunDays: 0, lastMarkedDay: nil, urns: urns)
    }

    public init(academicYear: Int, illnessSessions: Int, reachedDay: Int?, longestConsecutiveDays: Int,
                currentRunDays: Int, lastMarkedDay: Int?, urns: [Int]) {
        self.academicYear = academicYear
        self.illnessSessions = illnessSessions
        self.reachedDay = reachedDay
        self.longestConsecutiveDays = longestConsecutiveDays
        self.currentRunDays = currentRunDays
        self.lastMarkedDay = lastMarkedDay
        self.urns = urns
    }

    /// The state after every day of `merged` (the pupil's schools merged).
    // Issue 4 item 2: the definitions of illness_days, reached_15_on and longest_consecutive_days (see IllnessMeasures).
    public init(computing merged: SessionCodes, urns: [Int], thresholdSessions: Int = IllnessMeasures.defaultThresholdSessions) {
        precondition(thresholdSessions >= 1, "the threshold must be at least one session")
        let possible = AttendanceCode.possibleBit
        var sessions = 0
        var reachedDay = -1
        var run = 0
        var longest = 0
        var lastMarked = -1
        // Branch-free per day (kinds are 0 = ignore, 1 = possible but not I, 3 = I), because the
        // loop runs 366 times for every pupil in the county on a backfill.
        AttendanceCode.slotKinds.withUnsafeBufferPointer { kinds in
            merged.slots.withUnsafeBufferPointer { slots in
                for day in 0..<SessionCodes.daysPerYear {
                    let amByte = slots[2 &* day], pmByte = slots[2 &* day &+ 1]
                    if amByte | pmByte != 0 { lastMarked = day }
                    let am = kinds[Int(amByte)]
                    let pm = kinds[Int(pmByte)]
                    sessions &+= Int(am >> 1) &+ Int(pm >> 1)
                    if reachedDay < 0, sessions >= thresholdSessions { reachedDay = day }
                    // A school day has a possible mark; it breaks the run if any possible mark is not I.
                    let schoolDay = Int((am | pm) & possible)
                    let keeps = (am == possible || pm == possible) ? 0 : 1
                    run = (run &+ schoolDay) &* keeps
                    longest = max(longest, run)
                }
            }
        }
        self.init(academicYear: merged.academicYear, illnessSessions: sessions, reachedDay: reachedDay < 0 ? nil : reachedDay,
                  longestConsecutiveDays: longest, currentRunDays: run, lastMarkedDay: lastMarked < 0 ? nil : lastMarked, urns: urns)
    }

    /// Whether a mark on day index `day` can be folded in by `append`: it must come after every date held.
    public func canAppend(day: Int) -> Bool { lastMarkedDay.map { day > $0 } ?? true }

    /// Folds in one new date's marks (`am`, `pm` as stored bytes, 0 for none; already merged across
    /// the pupil's schools), which must come after every date held. Gives exactly what
    /// `init(computing:)` gives for the marks with this day added: the loop body is the same.
    public mutating func append(day: Int, am amByte: UInt8, pm pmByte: UInt8,
                                thresholdSessions: Int = IllnessMeasures.defaultThresholdSessions) {
        precondition(canAppend(day: day), "day \(day) is not after the last marked day \(lastMarkedDay ?? -1)")
        precondition(day >= 0 && day < SessionCodes.dayCount(academicYear: academicYear), "day \(day) is outside the academic year")
        guard amByte | pmByte != 0 else { return }
        let kinds = AttendanceCode.slotKinds, possible = AttendanceCode.possibleBit
        let am = kinds[Int(amByte)], pm = kinds[Int(pmByte)]
        illnessSessions += Int(am >> 1) + Int(pm >> 1)
        if reachedDay == nil, illnessSessions >= thresholdSessions { reachedDay = day }
        if (am | pm) & possible != 0 {
            currentRunDays = (am == possible || pm == possible) ? 0 : currentRunDays + 1
            longestConsecutiveDays = max(longestConsecutiveDays, currentRunDays)
        }
        lastMarkedDay = day
    }

    /// Adds a school to `urns` (kept ascending); false if it was there.
    @discardableResult
    public mutating func insertURN(_ urn: Int) -> Bool {
        precondition(urn > 0, "URNs are positive")
        if holds(urn: urn) { return false }
        if firstURN == 0 { firstURN = urn; return true }
        // The others are all above the first, so the old first goes to the front of them.
        if urn < firstURN { otherURNs.insert(firstURN, at: 0); firstURN = urn; return true }
        otherURNs.insert(urn, at: otherURNs.partitioningIndex(where: { $0 >= urn }))
        return true
    }

    /// Whether the published measures (sessions, reached day, longest run) are the same, without building them.
    public func hasSameMeasures(as other: IllnessMeasureState) -> Bool {
        illnessSessions == other.illnessSessions && reachedDay == other.reachedDay
            && longestConsecutiveDays == other.longestConsecutiveDays && academicYear == other.academicYear
    }

    public var measures: IllnessMeasures {
        IllnessMeasures(illnessSessions: illnessSessions,
                        reached15On: reachedDay.map { CalendarDate(year: academicYear, month: 9, day: 1).adding(days: $0) },
                        longestConsecutiveDays: longestConsecutiveDays)
    }
}
