import Foundation

/// The checks every form shares (issue 14 item 3: one form-input style), so every form words its
/// errors the same way, in the GOV.UK error-message pattern: dates real and complete, not in the
/// future unless allowed, within two years, not before an earlier step; text required and limited.
public struct FieldChecks: Sendable {
    public var problems: [FieldProblem] = []
    public let today: CalendarDate
    public static let furthestFutureDays = 731
    public static let earliest = CalendarDate(year: CalendarDate.plausibleYears.lowerBound, month: 1, day: 1)

    public init(today: CalendarDate) { self.today = today }

    public var isEmpty: Bool { problems.isEmpty }

    public mutating func add(_ field: String, _ message: String) { problems.append(FieldProblem(field, message)) }

    /// The GOV.UK date-input messages: "Enter …", "… must include a month", "… must be a real date".
    public static func dateProblem(_ entry: DateEntry, label: String) -> String? {
        dateProblem(entry, subject: "The date \(label)", blank: "Enter the date \(label)")
    }

    /// The same messages for a date named as its own subject ("Date of birth must include a year").
    public static func dateProblem(_ entry: DateEntry, subject: String, blank: String) -> String? {
        switch entry {
        case .blank: blank
        case let .incomplete(missing): "\(subject) must include a \(Self.list(missing.map(\.rawValue)))"
        case .unreadable: "\(subject) must be a real date"
        case .date: nil
        }
    }

    public mutating func date(_ entry: DateEntry, field: String, label: String, notBefore: CalendarDate? = nil,
                              notBeforeLabel: String = "the request was received", allowFuture: Bool = false) -> CalendarDate? {
        if let message = Self.dateProblem(entry, label: label) { add(field, message); return nil }
        guard let date = entry.date else { return nil }
        if !allowFuture && date > today { add(field, "The date \(label) must be today or in the past"); return nil }
        // Dates feed statutory arithmetic: keep them where that arithmetic, and the people using it, make sense.
        if date > today.adding(days: Self.furthestFutureDays) { add(field, "The date \(label) must be within the next two years"); return nil }
        if date < Self.earliest { add(field, "The date \(label) must be after 1 January 1900"); return nil }
        if let notBefore, date < notBefore {
            add(field, "The date \(label) must be on or after \(notBefore.longFormat), when \(notBeforeLabel)"); return nil
        }
        return date
    }

    /// A date that may be left blank (nil, no problem).
    public mutating func optionalDate(_ entry: DateEntry, field: String, label: String, notBefore: CalendarDate? = nil,
                                      notBeforeLabel: String = "the request was received", allowFuture: Bool = false) -> CalendarDate? {
        entry.isBlank ? nil : date(entry, field: field, label: label, notBefore: notBefore, notBeforeLabel: notBeforeLabel, allowFuture: allowFuture)
    }

    public mutating func text(_ raw: String?, field: String, missing: String, limit: Int = 8000) -> String {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { add(field, missing) } else if text.count > limit { add(field, "This must be \(limit.formatted()) characters or fewer") }
        return text
    }

    public mutating func optionalText(_ raw: String?, field: String, limit: Int = 8000) -> String? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > limit { add(field, "This must be \(limit.formatted()) characters or fewer") }
        return text.isEmpty ? nil : text
    }

    /// An amount in pounds from a form: a £ sign and thousands commas are allowed, as people type them
    /// ("£1,200,000.50"); at most two decimal places. Nil (with the problem added) when blank, not an amount,
    /// or negative where `allowNegative` is false. `subject` is the field's name in the message ("the saving").
    public mutating func money(_ raw: String?, field: String, subject: String, allowNegative: Bool = false, required: Bool = true) -> Money? {
        let typed = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else {
            if required { add(field, "Enter \(subject)") }
            return nil
        }
        var cleaned = typed.replacingOccurrences(of: ",", with: "")
        if cleaned.hasPrefix("-£") { cleaned = "-" + cleaned.dropFirst(2) } else if cleaned.hasPrefix("£") { cleaned.removeFirst() }
        guard let amount = Money(decimal: cleaned) else {
            add(field, Self.capitalised(subject) + " must be an amount in pounds, like 1200.50")
            return nil
        }
        guard allowNegative || amount >= .zero else {
            add(field, Self.capitalised(subject) + " must be £0 or more")
            return nil
        }
        return amount
    }

    private static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// "day", "day and month".
    private static func list(_ words: [String]) -> String {
        words.count <= 1 ? words.joined() : words.dropLast().joined(separator: ", ") + " and " + words.last!
    }
}
