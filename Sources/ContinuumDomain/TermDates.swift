import Foundation

/// One school term as an authority publishes it.
///
/// `start` and `end` are the first and last days of the term including any
/// INSET days; INSET days are listed separately on the calendar because
/// pupils are not taught on them.
public struct TermDates: Hashable, Codable, Sendable {
    public var name: String
    public var start: CalendarDate
    public var end: CalendarDate
    /// Half term applies only when both ends are given.
    public var halfTermStart: CalendarDate?
    public var halfTermEnd: CalendarDate?

    public init(name: String, start: CalendarDate, end: CalendarDate,
                halfTermStart: CalendarDate? = nil, halfTermEnd: CalendarDate? = nil) {
        self.name = name
        self.start = start
        self.end = end
        self.halfTermStart = halfTermStart
        self.halfTermEnd = halfTermEnd
    }

    public func contains(_ date: CalendarDate) -> Bool { start <= date && date <= end }

    public func isHalfTerm(_ date: CalendarDate) -> Bool {
        guard let halfTermStart, let halfTermEnd else { return false }
        return halfTermStart <= date && date <= halfTermEnd
    }

    /// Problems an officer entering term dates should fix before saving.
    public var problems: [String] {
        var found: [String] = []
        if end < start { found.append("The term must end on or after the day it starts") }
        switch (halfTermStart, halfTermEnd) {
        case (nil, nil): break
        case (.some(let first), .some(let last)):
            if last < first { found.append("Half term must end on or after the day it starts") }
            if first < start || last > end { found.append("Half term must be inside the term") }
        default: found.append("Enter both the first and last day of half term, or neither")
        }
        return found
    }
}
