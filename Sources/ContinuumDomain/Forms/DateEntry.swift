import Foundation

/// One box of the GOV.UK date input.
public enum DatePart: String, CaseIterable, Sendable {
    case day, month, year
}

/// A date as typed into a form: the GOV.UK date input's day, month and year boxes (issue 14 item 3),
/// or one text value from an API client, a query string or an older form (YYYY-MM-DD or D/M/YYYY).
/// The form decoder joins the three boxes into "D/M/YYYY" as typed, so both arrive here as text.
/// Which dates are too early or too late is the checks' business (`FieldChecks.date`), not this type's.
public enum DateEntry: Hashable, Sendable {
    case blank
    /// Some boxes filled and some left empty: the message names the empty ones.
    case incomplete(missing: [DatePart])
    /// Filled, but not a real date (31 February, letters, a 2-digit year).
    case unreadable
    case date(CalendarDate)

    public init(_ raw: String?) {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { self = .blank; return }
        if let date = CalendarDate(input: text) { self = .date(date); return }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { self = .unreadable; return }
        self.init(day: parts[0], month: parts[1], year: parts[2])
    }

    public init(day: String, month: String, year: String) {
        let values = [day, month, year].map { $0.trimmingCharacters(in: .whitespaces) }
        let missing = zip(DatePart.allCases, values).filter { $0.1.isEmpty }.map(\.0)
        if missing.count == 3 { self = .blank; return }
        if !missing.isEmpty { self = .incomplete(missing: missing); return }
        // GOV.UK date input guidance: accept month names, in full or abbreviated, as well as numbers.
        func number(_ text: String, digits: ClosedRange<Int>) -> Int? {
            guard digits.contains(text.count), text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return nil }
            return Int(text)
        }
        guard let d = number(values[0], digits: 1...2),
              let m = number(values[1], digits: 1...2) ?? Self.monthNumber(values[1]),
              let y = number(values[2], digits: 4...4),
              CalendarDate.plausibleYears.contains(y), CalendarDate.isValid(year: y, month: m, day: d)
        else { self = .unreadable; return }
        self = .date(CalendarDate(year: y, month: m, day: d))
    }

    public var isBlank: Bool { self == .blank }

    public var date: CalendarDate? { if case let .date(value) = self { value } else { nil } }

    private static func monthNumber(_ text: String) -> Int? {
        let name = text.lowercased()
        guard name.count >= 3 else { return nil }
        return (1...12).first { CalendarDate.monthName($0).lowercased().hasPrefix(name) || (name == "sept" && $0 == 9) }
    }
}

/// The EHC workflow's name for it, from before every form shared one date entry.
public typealias EHCDateEntry = DateEntry


extension CalendarDate {
    /// How the GOV.UK date input's hint writes an example date: "27 3 2007".
    public var dateInputExample: String { "\(day) \(month) \(year)" }
}
