import Foundation

/// Which days pupils are taught, for counting school days (the health-needs
/// absence trigger, attendance, phase transfer) rather than calendar days.
///
/// Days outside every configured term are not school days. Dates before the
/// first term or after the last one are beyond what the authority has told us,
/// so they fall back to working days (Monday to Friday, not a bank holiday,
/// not INSET): a clock that runs past the configured years still gives a
/// plausible date instead of stopping. `covers(_:)` says which case applies.
public struct SchoolCalendar: Sendable {
    public let terms: [TermDates]
    public let insetDays: Set<CalendarDate>
    public let bankHolidays: BankHolidays
    /// From the first day of the first term to the last day of the last term.
    public let coverage: ClosedRange<CalendarDate>?

    private let schoolDayNumbers: [Int]
    private let firstCovered: Int
    private let lastCovered: Int

    public init(terms: [TermDates], insetDays: Set<CalendarDate> = [],
                bankHolidays: BankHolidays = .englandAndWales) {
        let sorted = terms.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        self.terms = sorted
        self.insetDays = insetDays
        self.bankHolidays = bankHolidays

        var numbers: [Int] = []
        for term in sorted where term.start <= term.end {
            for date in term.start...term.end
            where !date.isWeekend && !term.isHalfTerm(date) && !bankHolidays.contains(date) && !insetDays.contains(date) {
                numbers.append(date.dayNumber)
            }
        }
        numbers.sort()
        var unique: [Int] = []
        unique.reserveCapacity(numbers.count)
        for number in numbers where unique.last != number { unique.append(number) }
        schoolDayNumbers = unique

        if let first = sorted.map(\.start).min(), let last = sorted.map(\.end).max(), first <= last {
            coverage = first...last
            firstCovered = first.dayNumber
            lastCovered = last.dayNumber
        } else {
            coverage = nil
            firstCovered = 1
            lastCovered = 0
        }
    }

    /// Whether the configured terms span `date`; outside, school days are estimated as working days.
    public func covers(_ date: CalendarDate) -> Bool { isCovered(date.dayNumber) }

    public func term(containing date: CalendarDate) -> TermDates? {
        terms.first { $0.contains(date) }
    }

    /// Inside a term, a weekday, not half term, not a bank holiday, not INSET.
    public func isSchoolDay(_ date: CalendarDate) -> Bool { isSchoolDay(number: date.dayNumber) }

    /// Whether `date` is a school day, or nil when the answer turns on a bank holiday
    /// the table does not know (a weekday past its end that would otherwise be taught).
    /// `isSchoolDay(_:)` keeps its old answer there, counting such a day as a school day.
    // Issue 14 item 5: beyond the bundled bank holidays the calendar says it does not know.
    public func isSchoolDayIfKnown(_ date: CalendarDate) -> Bool? {
        if bankHolidays.covers(year: date.year) { return isSchoolDay(date) }
        if date.isWeekend || insetDays.contains(date) { return false }
        // Inside the configured terms a holiday or half-term day is known not to be taught.
        if isCovered(date.dayNumber), !terms.contains(where: { $0.contains(date) && !$0.isHalfTerm(date) }) { return false }
        return nil
    }

    /// School days in `from...to`, or nil when some day in the span could be a bank
    /// holiday the table does not know; `schoolDays(from:to:)` gives the count that
    /// assumes there is none.
    // Issue 14 item 5: a count over unknown bank holidays is not given as if it were known.
    public func schoolDaysIfKnown(from: CalendarDate, to: CalendarDate) -> Int? {
        guard from <= to else { return 0 }
        if bankHolidays.covers(year: from.year) && bankHolidays.covers(year: to.year) {
            return schoolDays(from: from, to: to)
        }
        // Stops at the first unknown day, which is almost always within the first week outside the table.
        for number in from.dayNumber...to.dayNumber {
            let date = CalendarDate(dayNumber: number)
            if !bankHolidays.covers(year: date.year), isSchoolDayIfKnown(date) == nil { return nil }
        }
        return schoolDays(from: from, to: to)
    }

    /// One sentence when school days counted over `from...to` (a clock started on `from`
    /// and ending on `to`) may include a bank holiday the table does not know; nil otherwise.
    /// Callers that compute a statutory date with `addingSchoolDays` attach it to that date.
    // Issue 14 item 5: statutory dates past the table's end carry a warning.
    public func unknownHolidayWarning(from: CalendarDate, to: CalendarDate) -> String? {
        let (lo, hi) = from <= to ? (from, to) : (to, from)
        guard schoolDaysIfKnown(from: lo, to: hi) == nil else { return nil }
        return "school days from \(lo) to \(hi) reach beyond the bank-holiday table (\(bankHolidays.range.lowerBound) to "
            + "\(bankHolidays.range.upperBound)): a bank holiday not yet announced would be counted as a school day"
    }

    /// School days in `from...to`, counting both ends; 0 when `from` is after `to`.
    /// Beyond the bank-holiday table it assumes no holidays (see `schoolDaysIfKnown`).
    public func schoolDays(from: CalendarDate, to: CalendarDate) -> Int {
        let a = from.dayNumber, b = to.dayNumber
        guard a <= b else { return 0 }
        guard firstCovered <= lastCovered else { return fallbackCount(a, b) }
        var total = 0
        let lo = max(a, firstCovered), hi = min(b, lastCovered)
        if lo <= hi {
            total += schoolDayNumbers.partitioningIndex { $0 > hi } - schoolDayNumbers.partitioningIndex { $0 >= lo }
        }
        total += fallbackCount(a, min(b, firstCovered - 1))
        total += fallbackCount(max(a, lastCovered + 1), b)
        return total
    }

    /// The `n`th school day after `date` (before it when `n` is negative);
    /// with `n == 0`, `date` itself if it is a school day, else the next one.
    public func addingSchoolDays(_ n: Int, to date: CalendarDate) -> CalendarDate {
        if n == 0 { return nextSchoolDay(onOrAfter: date) }
        let start = date.dayNumber
        if n > 0, isCovered(start) {
            let target = schoolDayNumbers.partitioningIndex { $0 > start } + n - 1
            if target < schoolDayNumbers.count { return CalendarDate(dayNumber: schoolDayNumbers[target]) }
        }
        var current = start
        if n > 0 {
            for _ in 0..<n { current = nextSchoolDayNumber(onOrAfter: current + 1) }
        } else {
            for _ in 0..<(-n) { current = previousSchoolDayNumber(onOrBefore: current - 1) }
        }
        return CalendarDate(dayNumber: current)
    }

    public func nextSchoolDay(onOrAfter date: CalendarDate) -> CalendarDate {
        CalendarDate(dayNumber: nextSchoolDayNumber(onOrAfter: date.dayNumber))
    }

    public func previousSchoolDay(onOrBefore date: CalendarDate) -> CalendarDate {
        CalendarDate(dayNumber: previousSchoolDayNumber(onOrBefore: date.dayNumber))
    }

    // MARK: - Day-number internals

    private func isCovered(_ number: Int) -> Bool { firstCovered <= number && number <= lastCovered }

    private func isSchoolDay(number: Int) -> Bool {
        if isCovered(number) {
            let index = schoolDayNumbers.partitioningIndex { $0 >= number }
            return index < schoolDayNumbers.count && schoolDayNumbers[index] == number
        }
        return isFallbackSchoolDay(CalendarDate(dayNumber: number))
    }

    private func isFallbackSchoolDay(_ date: CalendarDate) -> Bool {
        bankHolidays.isWorkingDay(date) && !insetDays.contains(date)
    }

    private func nextSchoolDayNumber(onOrAfter number: Int) -> Int {
        var current = number
        while true {
            if isCovered(current) {
                let index = schoolDayNumbers.partitioningIndex { $0 >= current }
                if index < schoolDayNumbers.count { return schoolDayNumbers[index] }
                current = lastCovered + 1
            } else if isFallbackSchoolDay(CalendarDate(dayNumber: current)) {
                return current
            } else {
                current += 1
            }
        }
    }

    private func previousSchoolDayNumber(onOrBefore number: Int) -> Int {
        var current = number
        while true {
            if isCovered(current) {
                let index = schoolDayNumbers.partitioningIndex { $0 > current } - 1
                if index >= 0 { return schoolDayNumbers[index] }
                current = firstCovered - 1
            } else if isFallbackSchoolDay(CalendarDate(dayNumber: current)) {
                return current
            } else {
                current -= 1
            }
        }
    }

    /// Working days in `a...b` (day numbers) less INSET days, for dates outside the terms.
    private func fallbackCount(_ a: Int, _ b: Int) -> Int {
        guard a <= b else { return 0 }
        let length = b - a + 1
        var weekdays = (length / 7) * 5
        var number = a + (length / 7) * 7
        while number <= b {
            if !CalendarDate(dayNumber: number).isWeekend { weekdays += 1 }
            number += 1
        }
        let inset = insetDays.count(where: { date in
            let n = date.dayNumber
            return a <= n && n <= b && bankHolidays.isWorkingDay(date)
        })
        return weekdays - bankHolidays.weekdayHolidayCount(from: a, to: b) - inset
    }
}

extension SchoolCalendar {
    /// A fictional but plausible Worcestershire-style calendar for the academic
    /// years 2012/13 to 2030/31, for demonstrations and tests only. A real
    /// authority configures its own term dates and INSET days; nothing here
    /// is any council's published calendar.
    ///
    /// Each year: autumn term from the first weekday in September (two INSET
    /// days, pupils start on the third weekday) to the last weekday on or before
    /// 20 December, with half term in the week of the last Monday in October;
    /// spring term from the first weekday on or after 4 January to the Friday a
    /// week before Good Friday, with half term from the first Monday on or after
    /// 12 February and an INSET day on the last Friday in January; a two-week
    /// Easter holiday from the Monday of Holy Week to the Friday after Easter,
    /// so Good Friday and Easter Monday always fall in it; summer term from the
    /// following Monday to the last weekday on or before 22 July, with half
    /// term in the week of the spring bank holiday (last Monday in May), an
    /// INSET day on the Monday after it, and the last day of term as INSET.
    /// Bank holidays in 2031 are beyond the bundled data, so the early May
    /// bank holiday of 2031 is not excluded.
    public static func demo(bankHolidays: BankHolidays = .englandAndWales) -> SchoolCalendar {
        var terms: [TermDates] = []
        var inset: Set<CalendarDate> = []
        for year in 2012...2030 {
            let next = year + 1

            let septemberStart = firstWeekday(onOrAfter: CalendarDate(year: year, month: 9, day: 1))
            let secondInset = firstWeekday(onOrAfter: septemberStart.adding(days: 1))
            let octoberHalfTerm = CalendarDate(year: year, month: 10, day: 31).previous(.monday)
            terms.append(TermDates(
                name: "Autumn term \(year)",
                start: septemberStart,
                end: lastWeekday(onOrBefore: CalendarDate(year: year, month: 12, day: 20)),
                halfTermStart: octoberHalfTerm,
                halfTermEnd: octoberHalfTerm.adding(days: 4)))
            inset.formUnion([septemberStart, secondInset])

            let goodFriday = CalendarDate.easterSunday(in: next).adding(days: -2)
            let februaryHalfTerm = CalendarDate(year: next, month: 2, day: 12).next(.monday)
            terms.append(TermDates(
                name: "Spring term \(next)",
                start: firstWeekday(onOrAfter: CalendarDate(year: next, month: 1, day: 4)),
                end: goodFriday.adding(days: -7),
                halfTermStart: februaryHalfTerm,
                halfTermEnd: februaryHalfTerm.adding(days: 4)))
            inset.insert(CalendarDate(year: next, month: 1, day: 31).previous(.friday))

            let mayHalfTerm = CalendarDate(year: next, month: 5, day: 31).previous(.monday)
            let summerEnd = lastWeekday(onOrBefore: CalendarDate(year: next, month: 7, day: 22))
            terms.append(TermDates(
                name: "Summer term \(next)",
                start: goodFriday.adding(days: 10),
                end: summerEnd,
                halfTermStart: mayHalfTerm,
                halfTermEnd: mayHalfTerm.adding(days: 4)))
            inset.formUnion([mayHalfTerm.adding(days: 7), summerEnd])
        }
        return SchoolCalendar(terms: terms, insetDays: inset, bankHolidays: bankHolidays)
    }

    private static func firstWeekday(onOrAfter date: CalendarDate) -> CalendarDate {
        date.isWeekend ? date.next(.monday) : date
    }

    private static func lastWeekday(onOrBefore date: CalendarDate) -> CalendarDate {
        date.isWeekend ? date.previous(.friday) : date
    }
}
