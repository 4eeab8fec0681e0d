import Foundation

/// One row of an authority's published calendar: a term, its half term, or an INSET day.
public struct TermDateEntry: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable {
        case term, halfTerm = "half_term", inset
        public var label: String {
            switch self { case .term: "Term"; case .halfTerm: "Half term"; case .inset: "INSET day" }
        }
        /// What a council types in a spreadsheet: "half_term", "half-term", "Half term", "INSET".
        public init?(loose raw: String) {
            let key = raw.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
            self.init(rawValue: key)
        }
    }
    public let kind: Kind
    public let name: String
    public let startsOn: CalendarDate
    public let endsOn: CalendarDate

    public init(kind: Kind, name: String, startsOn: CalendarDate, endsOn: CalendarDate) {
        self.kind = kind; self.name = name; self.startsOn = startsOn; self.endsOn = endsOn
    }

    func overlaps(_ other: TermDateEntry) -> Bool { startsOn <= other.endsOn && other.startsOn <= endsOn }
    func isInside(_ other: TermDateEntry) -> Bool { other.startsOn <= startsOn && endsOn <= other.endsOn }
    var dates: String { startsOn == endsOn ? startsOn.longFormat : "\(startsOn.longFormat) to \(endsOn.longFormat)" }
}

/// The checks for a term date typed into the form or read from a CSV line, so that both refuse
/// the same things in the same words. The calendar counts school days from these rows (rulebook
/// HN-2's 15 school days, HN-4's decision clock, HN-12's reviews), so a wrong row moves deadlines.
public enum TermDateRules {
    public struct Problem: Equatable, Sendable {
        public let field: String
        public let message: String
        public init(field: String, message: String) { self.field = field; self.message = message }
    }

    /// A term longer than 26 weeks, or a half term longer than 16 days, is a typing mistake in an
    /// English school year of three terms (DfE: 190 school days).
    public static let longestTermDays = 182
    public static let longestHalfTermDays = 16
    public static let nameLimit = 100

    /// Checks one entry on its own: kind, name, real dates, start not after end, INSET a single weekday.
    public enum Checked: Sendable { case valid(TermDateEntry), invalid([Problem]) }

    public static func check(kind rawKind: String?, name rawName: String?, startsOn rawStart: String?, endsOn rawEnd: String?) -> Checked {
        var problems: [Problem] = []
        let kind = (rawKind ?? "").isEmpty ? nil : TermDateEntry.Kind(loose: rawKind!)
        if kind == nil { problems.append(Problem(field: "kind", message: "Select whether this is a term, a half term or an INSET day")) }
        let name = (rawName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { problems.append(Problem(field: "name", message: "Enter a name, like Autumn term 2027")) }
        else if name.count > nameLimit { problems.append(Problem(field: "name", message: "The name must be \(nameLimit) characters or fewer")) }
        func date(_ raw: String?, field: String, label: String) -> CalendarDate? {
            // The form's date boxes and the CSV's YYYY-MM-DD read the same way (issue 14 item 3).
            let entry = DateEntry(raw)
            if let message = FieldChecks.dateProblem(entry, subject: "The \(label) date", blank: "Enter the \(label) date") {
                problems.append(Problem(field: field, message: entry == .unreadable ? message + ", like 2 9 2027 (or 2027-09-02 in a file)" : message)); return nil
            }
            return entry.date
        }
        let start = date(rawStart, field: "startsOn", label: "start")
        let end = date(rawEnd, field: "endsOn", label: "end")
        if let start, let end, let kind {
            if end < start { problems.append(Problem(field: "endsOn", message: "The end date must be the same as or after the start date")) }
            else {
                switch kind {
                case .inset:
                    if end != start { problems.append(Problem(field: "endsOn", message: "An INSET day is a single day: make the end date the same as the start date")) }
                    else if start.isWeekend { problems.append(Problem(field: "startsOn", message: "An INSET day must be a weekday; \(start.longFormatWithWeekday) is a \(start.weekday.name)")) }
                case .term:
                    if start.days(to: end) >= longestTermDays { problems.append(Problem(field: "endsOn", message: "A term must be shorter than 26 weeks: check the end date")) }
                case .halfTerm:
                    if start.days(to: end) >= longestHalfTermDays { problems.append(Problem(field: "endsOn", message: "A half term must be \(longestHalfTermDays) days or shorter: check the end date")) }
                }
            }
        }
        guard problems.isEmpty, let kind, let start, let end else { return .invalid(problems) }
        return .valid(TermDateEntry(kind: kind, name: name, startsOn: start, endsOn: end))
    }

    /// Why `entry` can't join `existing`: overlapping terms, overlapping or stray half terms, a
    /// second half term in one term, or an INSET day entered twice. `terms` are every term the
    /// calendar will hold (for a file, its own terms too), so a half term may come before its term.
    public static func conflict(_ entry: TermDateEntry, with existing: [TermDateEntry], terms: [TermDateEntry]? = nil) -> Problem? {
        let allTerms = terms ?? existing.filter { $0.kind == .term }
        switch entry.kind {
        case .term:
            if let clash = existing.first(where: { $0.kind == .term && $0.overlaps(entry) }) {
                return Problem(field: "startsOn", message: "These dates overlap \(clash.name) (\(clash.dates)): terms must not overlap")
            }
        case .halfTerm:
            guard let term = allTerms.first(where: { entry.isInside($0) }) else {
                return Problem(field: "startsOn", message: "A half term must fall inside a term: add the term first")
            }
            if let clash = existing.first(where: { $0.kind == .halfTerm && ($0.overlaps(entry) || $0.isInside(term)) }) {
                return Problem(field: "startsOn", message: "\(term.name) already has a half term, \(clash.name) (\(clash.dates))")
            }
        case .inset:
            if let clash = existing.first(where: { $0.kind == .inset && $0.startsOn == entry.startsOn }) {
                return Problem(field: "startsOn", message: "\(entry.startsOn.longFormat) is already an INSET day (\(clash.name))")
            }
        }
        return nil
    }
}

/// A council's term dates pasted as CSV with the header `kind,name,starts_on,ends_on`. All or
/// nothing: any bad line refuses the whole file, each problem named with its line number.
public enum TermDateCSV {
    public static let header = ["kind", "name", "starts_on", "ends_on"]
    /// Ten years of a council's calendar is under 200 rows.
    public static let maximumRows = 2000

    public enum Parsed: Sendable { case valid([TermDateEntry]), invalid([String]) }

    public static func parse(_ data: Data, existing: [TermDateEntry]) -> Parsed {
        let rows = CSVParser.rows(data)
        guard let first = rows.first, first.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == header else {
            return .invalid(["Line 1: the first line must be the header \(header.joined(separator: ","))"])
        }
        guard rows.count - 1 <= maximumRows else { return .invalid(["The file has more than \(maximumRows) lines; split it by academic year"]) }
        // Issue 13 item 6: at most 1,000 problems kept, the rest counted.
        var problems = ProblemCollector<String>()
        var read: [(line: Int, entry: TermDateEntry)] = []
        for (index, row) in rows.enumerated().dropFirst() {
            let line = index + 1
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard row.count == header.count else {
                problems.add("Line \(line): expected \(header.count) values (\(header.joined(separator: ","))), found \(row.count)"); continue
            }
            switch TermDateRules.check(kind: row[0], name: row[1], startsOn: row[2], endsOn: row[3]) {
            case .valid(let entry): read.append((line, entry))
            case .invalid(let found): problems.add(contentsOf: found.map { "Line \(line): \($0.message)" })
            }
        }
        // Conflicts are checked against the stored rows and the lines above, with every term in the file
        // available to contain a half term, so the order of lines doesn't matter.
        let terms = existing.filter { $0.kind == .term } + read.map(\.entry).filter { $0.kind == .term }
        var accepted = existing
        for (line, entry) in read {
            if let problem = TermDateRules.conflict(entry, with: accepted, terms: terms) { problems.add("Line \(line): \(problem.message)") }
            accepted.append(entry)
        }
        if read.isEmpty && problems.isEmpty { problems.add("The file has a header but no term dates") }
        return problems.isEmpty ? .valid(read.map(\.entry)) : .invalid(problems.all(summary: ProblemLimit.moreSentence))
    }
}
