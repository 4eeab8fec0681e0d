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

    /// Monday to Friday and not a bank holiday.
    // Rulebook "Date arithmetic": working days are Monday to Friday, excluding bank holidays in England and Wales.
    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        !date.isWeekend && !contains(date)
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
