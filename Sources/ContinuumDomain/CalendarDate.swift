import Foundation

/// A date on the civil calendar, with no time and no time zone.
///
/// School days, deadlines and birthdays are days, not instants: holding them
/// as `Date` at midnight lets a time-zone or daylight-saving shift move a
/// deadline by a day. Arithmetic works on a day number (days since
/// 1970-01-01) so the hot paths never touch Foundation's `Calendar`.
public struct CalendarDate: Hashable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The civil time zone of England and Wales; "today" for a statutory clock
    /// is the date in London, not on the server's clock.
    public static let londonTimeZone: TimeZone =
        TimeZone(identifier: "Europe/London") ?? TimeZone(secondsFromGMT: 0)!

    public init(year: Int, month: Int, day: Int) {
        precondition(Self.isValid(year: year, month: month, day: day),
                     "invalid calendar date \(year)-\(month)-\(day)")
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before it).
    public init(dayNumber: Int) {
        let (y, m, d) = Self.civil(fromDayNumber: dayNumber)
        self.init(year: y, month: m, day: d)
    }

    /// Years a date typed or imported by a person may have: wide enough for any child, plan or record, and
    /// far from the type's 1…9999 limits, so statutory arithmetic on it (± days, months, years) can never trap.
    public static let plausibleYears = 1900...2199

    /// A YYYY-MM-DD date from user input (forms, query strings, CLI options, imported files): nil when it
    /// isn't a real date or its year is outside `plausibleYears`.
    public init?(input: String) {
        guard let date = CalendarDate(iso: input), Self.plausibleYears.contains(date.year) else { return nil }
        self = date
    }

    /// Strict `YYYY-MM-DD`: anything looser (times, slashes, single digits)
    /// is refused so that a mistyped form field can never become a
    /// plausible but wrong date.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
              Self.isValid(year: y, month: m, day: d) else { return nil }
        self.year = y
        self.month = m
        self.day = d
    }

    /// The date that `date` falls on in `timeZone`.
    public init(date: Date, timeZone: TimeZone = CalendarDate.londonTimeZone) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        self.init(dayNumber: Int((local / 86_400).rounded(.down)))
    }

    /// Today's date as it is in England unless told otherwise.
    public static func today(in timeZone: TimeZone = CalendarDate.londonTimeZone) -> CalendarDate {
        CalendarDate(date: Date(), timeZone: timeZone)
    }

    // Years are limited to 1...9999 so every date has a four-digit ISO form.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        return day <= daysInMonth(year: year, month: month)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: - Day number

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDayNumber number: Int) -> (Int, Int, Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    // MARK: - Arithmetic

    public func adding(days: Int) -> CalendarDate {
        days == 0 ? self : CalendarDate(dayNumber: dayNumber + days)
    }

    /// Calendar months, clamped to the end of a shorter month (31 January +
    /// 1 month = 28 or 29 February) because "N months" in the regulations
    /// and Tribunal rules must always land on a real date.
    // Rulebook "Date arithmetic": "N months" means adding calendar months.
    public func adding(months: Int) -> CalendarDate {
        let zeroBased = year * 12 + (month - 1) + months
        let newYear = zeroBased >= 0 ? zeroBased / 12 : (zeroBased - 11) / 12
        let newMonth = zeroBased - newYear * 12 + 1
        let newDay = min(day, Self.daysInMonth(year: newYear, month: newMonth))
        return CalendarDate(year: newYear, month: newMonth, day: newDay)
    }

    /// 29 February + 1 year = 28 February, by the same clamping as months.
    public func adding(years: Int) -> CalendarDate {
        adding(months: years * 12)
    }

    /// Signed number of days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDate) -> Int {
        other.dayNumber - dayNumber
    }

    public var weekday: Weekday {
        let offset = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return Weekday(rawValue: (offset < 0 ? offset + 7 : offset) + 1)!
    }

    public var isWeekend: Bool { weekday.isWeekend }

    /// The year whose 1 September begins the academic year containing this date;
    /// 1 September rather than the first day of term, because year groups
    /// (NCY) and cohorts are defined on the 1 September–31 August year.
    public var academicYearStart: Int { month >= 9 ? year : year - 1 }

    // MARK: - Formatting

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// "1 September 2024": the GOV.UK style for dates in letters and pages.
    public var longFormat: String { "\(day) \(Self.monthNames[month - 1]) \(year)" }

    /// "Friday 20 December 2024".
    public var longFormatWithWeekday: String { "\(weekday.name) \(longFormat)" }

    public static func monthName(_ month: Int) -> String { monthNames[month - 1] }

    // MARK: - Special days

    /// The school leaving date in England.
    // Education Act 1996 s.8(4) and Education (School Leaving Date) Order 1997 (SI 1997/1970): last Friday in June.
    public static func lastFriday(ofJuneIn year: Int) -> CalendarDate {
        let june30 = CalendarDate(year: year, month: 6, day: 30)
        let back = (june30.weekday.rawValue - Weekday.friday.rawValue + 7) % 7
        return june30.adding(days: -back)
    }

    /// The first `weekday` on or after `self`.
    public func next(_ weekday: Weekday, orSame: Bool = true) -> CalendarDate {
        var ahead = (weekday.rawValue - self.weekday.rawValue + 7) % 7
        if ahead == 0 && !orSame { ahead = 7 }
        return adding(days: ahead)
    }

    /// The last `weekday` on or before `self`.
    public func previous(_ weekday: Weekday, orSame: Bool = true) -> CalendarDate {
        var back = (self.weekday.rawValue - weekday.rawValue + 7) % 7
        if back == 0 && !orSame { back = 7 }
        return adding(days: -back)
    }

    /// Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm;
    /// Good Friday and Easter Monday, and so school Easter holidays, hang off it.
    public static func easterSunday(in year: Int) -> CalendarDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDate(year: year, month: month, day: day)
    }
}

extension CalendarDate: Comparable {
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

// Strideable lets callers write `for day in start...end` over dates.
extension CalendarDate: Strideable {
    public func distance(to other: CalendarDate) -> Int { days(to: other) }
    public func advanced(by n: Int) -> CalendarDate { adding(days: n) }
}

extension CalendarDate: CustomStringConvertible, LosslessStringConvertible {
    /// `YYYY-MM-DD`, the form stored in the database and sent in forms and JSON.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public init?(_ description: String) { self.init(iso: description) }
}

/// One value, the `YYYY-MM-DD` string. This is also the database adapter: the Fluent models' date-only
/// fields are `CalendarDate`, and the SQLite and PostgreSQL drivers bind and read a single-value
/// Codable as its string, so the columns stay text and compare as dates (the format sorts by date).
extension CalendarDate: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date as YYYY-MM-DD, got \"\(text)\"")
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
