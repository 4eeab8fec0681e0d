import Foundation

/// Bank holidays in England and Wales.
///
/// Working days and school days both exclude them, and the dates are set by
/// proclamation (coronations, state funerals), so they come from published
/// data rather than from a rule.
// Banking and Financial Dealings Act 1971 s.1 and Sch.1: E&W bank holidays, plus days appointed by royal proclamation.
public struct BankHolidays: Sendable, Hashable {
    /// Holiday dates with their GOV.UK titles.
    public let titles: [CalendarDate: String]
    /// Calendar years the data covers; outside it, `contains` is always false.
    public let range: ClosedRange<Int>
    private let sortedDayNumbers: [Int]

    /// England and Wales 2012–2030 (GOV.UK bank-holidays.json to 2028, computed
    /// for 2029–2030), bundled as `Resources/england-wales-bank-holidays-2012-2030.csv`.
    public static let englandAndWales: BankHolidays = {
        do {
            return try loadBundled()
        } catch {
            fatalError("ContinuumDomain: \(error)")
        }
    }()

    public init(dates: Set<CalendarDate>, years: ClosedRange<Int>? = nil) {
        self.init(titles: Dictionary(uniqueKeysWithValues: dates.map { ($0, "Bank holiday") }), years: years)
    }

    /// `years` defaults to the span of the dates given; with no dates and no
    /// years the range is the empty-looking `0...0`.
    public init(titles: [CalendarDate: String], years: ClosedRange<Int>? = nil) {
        self.titles = titles
        let allYears = titles.keys.map(\.year)
        if let years {
            range = years
        } else if let first = allYears.min(), let last = allYears.max() {
            range = first...last
        } else {
            range = 0...0
        }
        sortedDayNumbers = titles.keys.map(\.dayNumber).sorted()
    }

    public static func loadBundled() throws -> BankHolidays {
        let file = "england-wales-bank-holidays-2012-2030.csv"
        return try parse(csv: BundledResource.data(file), fileName: file)
    }

    /// Reads the `date,weekday,title,notes,source` format of the bundled file.
    public static func parse(csv: Data, fileName: String = "bank holidays CSV") throws -> BankHolidays {
        var rows = CSVParser.rows(csv)
        guard let header = rows.first, header.first == "date", header.count >= 3 else {
            throw BundledDataError.unexpectedHeader(file: fileName, found: rows.first?.joined(separator: ",") ?? "")
        }
        rows.removeFirst()
        var titles: [CalendarDate: String] = [:]
        for (offset, row) in rows.enumerated() where !(row.count == 1 && row[0].isEmpty) {
            guard let date = CalendarDate(iso: row[0]) else {
                throw BundledDataError.malformedRow(file: fileName, line: offset + 2, reason: "bad date \"\(row[0])\"")
            }
            titles[date] = row.count > 2 ? row[2] : "Bank holiday"
        }
        return BankHolidays(titles: titles)
    }

    public var dates: Set<CalendarDate> { Set(titles.keys) }

    public func contains(_ date: CalendarDate) -> Bool { titles[date] != nil }

    /// The holiday's name, such as "Christmas Day", for showing why a day was skipped.
    public func title(of date: CalendarDate) -> String? { titles[date] }

    /// Whether the data covers `year`: beyond it, an absent holiday means "unknown", not "none".
    public func covers(year: Int) -> Bool { range.contains(year) }

    /// Monday to Friday and not a bank holiday. Outside the table's years this
    /// assumes there is no holiday; use `isWorkingDayIfKnown(_:)` where an
    /// unknown day must not pass for a working day.
    // Rulebook "Date arithmetic": working days are Monday to Friday, excluding bank holidays in England and Wales.
    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        !date.isWeekend && !contains(date)
    }

    /// Whether `date` is a bank holiday, or nil when its year is outside the
    /// table: holidays are set by proclamation, so an absent year is unknown, not "none".
    // Issue 14 item 5: beyond the bundled table (2030) the calendar says it does not know.
    public func isBankHolidayIfKnown(_ date: CalendarDate) -> Bool? {
        covers(year: date.year) ? contains(date) : nil
    }

    /// Whether `date` is a working day, or nil for a weekday in a year outside the
    /// table (a weekend is never a working day, table or not).
    // Rulebook "Date arithmetic" and issue 14 item 5: a weekday past the table's end may be an unannounced bank holiday.
    public func isWorkingDayIfKnown(_ date: CalendarDate) -> Bool? {
        if date.isWeekend { return false }
        return isBankHolidayIfKnown(date).map { !$0 }
    }

    /// The first day whose bank holidays are not known: 1 January after the table's last year.
    public var firstUnknownDay: CalendarDate { CalendarDate(year: range.upperBound + 1, month: 1, day: 1) }

    /// One sentence for a statutory date whose bank holidays the table does not know, naming
    /// `label` (a JSON key or a heading); nil when the date is inside the table.
    ///
    /// Calendar-day periods (most EHC clocks) are not moved by holidays, so the date stands;
    /// the warning says only that nobody can yet tell whether that day is a bank holiday.
    // Issue 14 item 5: statutory dates past the table's end carry a warning.
    public func unknownHolidayWarning(_ label: String, _ date: CalendarDate) -> String? {
        guard !covers(year: date.year) else { return nil }
        return "\(label) \(date) is outside the bank-holiday table (\(range.lowerBound) to \(range.upperBound)), "
            + "so whether it is a bank holiday is not known"
    }

    /// Bank holidays falling on weekdays in `from...to`, counted without walking every day.
    func weekdayHolidayCount(from: Int, to: Int) -> Int {
        guard from <= to else { return 0 }
        let lower = sortedDayNumbers.partitioningIndex { $0 >= from }
        let upper = sortedDayNumbers.partitioningIndex { $0 > to }
        return sortedDayNumbers[lower..<upper].reduce(0) { count, number in
            CalendarDate(dayNumber: number).isWeekend ? count : count + 1
        }
    }
}
