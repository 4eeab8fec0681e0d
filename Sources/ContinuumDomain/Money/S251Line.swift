import Foundation

/// A high-needs line of the section 251 budget and outturn statement (S251-1). Every cost Continuum
/// computes or records carries one (S251-3), so "spend by s251 line" reconciles with the finance system.
public struct S251Line: Hashable, Sendable, Codable {
    public let code: String
    public let title: String

    public init(code: String, title: String) { self.code = code; self.title = title }
}

/// The line list in force for a range of financial years: versioned, because DfE retires and renumbers
/// lines (S251-1: ⚠ there is no 1.2.12 in the current list, probably retired).
public struct S251LineList: Sendable {
    public let version: String
    public let firstYear: FinancialYear
    public let lastYear: FinancialYear?
    public let lines: [S251Line]

    public func line(_ code: String) -> S251Line? { lines.first { $0.code == code } }

    // S251-1 (s.251 Apprenticeships, Skills, Children and Learning Act 2009): the high-needs lines, DfE wording shortened.
    public static let current = S251LineList(version: "2023-24 onwards", firstYear: FinancialYear(startYear: 2023), lastYear: nil, lines: [
        S251Line(code: "1.0.2", title: "High needs place funding within the Individual Schools Budget"),
        S251Line(code: "1.2.1", title: "Top-up funding – maintained schools"),
        S251Line(code: "1.2.2", title: "Top-up funding – academies, free schools and colleges"),
        S251Line(code: "1.2.3", title: "Top-up and other funding – non-maintained and independent providers"),
        S251Line(code: "1.2.4", title: "Additional high needs targeted funding for mainstream schools and academies"),
        S251Line(code: "1.2.5", title: "SEN support services"),
        S251Line(code: "1.2.6", title: "Hospital education services"),
        S251Line(code: "1.2.7", title: "Other alternative provision services"),
        S251Line(code: "1.2.8", title: "Support for inclusion"),
        S251Line(code: "1.2.9", title: "Special schools and PRUs in financial difficulty"),
        S251Line(code: "1.2.10", title: "PFI/BSF costs at special schools, AP/PRUs and post-16 institutions only"),
        S251Line(code: "1.2.11", title: "Direct payments (SEN and disability)"),
        S251Line(code: "1.2.13", title: "Therapies and other health related services"),
    ])

    /// Every version Continuum knows, newest first. A year before the first is not known, rather than guessed.
    public static let versions: [S251LineList] = [current]

    public static func forYear(_ year: FinancialYear) -> S251LineList? {
        versions.first { $0.firstYear <= year && ($0.lastYear.map { year <= $0 } ?? true) }
    }
}
