import Foundation

/// Reads placements from a council's old system for `continuum import placements` (issue 15 item 2):
/// `upn,setting_urn,setting_type,s251_line,band,annual_amount,start_date,end_date`.
///
/// All or nothing: the whole file is checked before anything is returned, and every bad line is named.
/// A placement is identified by the child, the setting and the start date, so a file imported twice
/// changes nothing the second time.
public enum PlacementImportFile {
    public static let header = ["upn", "setting_urn", "setting_type", "s251_line", "band", "annual_amount", "start_date", "end_date"]

    public struct Row: Sendable, Equatable {
        public let line: Int
        public let upn: UPN
        /// A URN (6 digits) or, for a college or post-16 provider, a UKPRN (8 digits).
        public let setting: String
        public let type: PlacementType
        public let s251Line: String
        public let band: String?
        public let annual: Money
        public let start: CalendarDate
        public let end: CalendarDate?

        public var key: String { "\(upn.value)|\(setting)|\(start)" }
    }

    public typealias Problem = EHCImportFile.Problem

    public enum Outcome: Sendable {
        case rows([Row])
        case problems([Problem])
    }

    /// `framework` is the authority's current band framework; an empty band is always allowed.
    public static func parse(_ data: Data, framework: BandFramework?) -> Outcome {
        var problems = ProblemCollector<Problem>()
        let lines: [ImportTable.Line]
        switch ImportTable.lines(data, header: header) {
        case let .stop(problem): return .problems([problem])
        case let .lines(read): lines = read
        }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        // Issue 13 item 6: at most 1,000 problems kept, the rest counted (ProblemCollector).
        for item in lines {
            if let problem = item.problem { problems.add(problem); continue }
            let line = item.number
            let cell = item.cells
            var messages: [String] = []
            var upn: UPN?
            switch UPN.validate(cell[0]) {
            case .valid(let value): upn = value
            case .invalid(let reason): messages.append("upn \"\(cell[0])\" is not valid: \(reason)")
            }
            let setting = cell[1]
            if !((setting.count == 6 || setting.count == 8) && setting.allSatisfy({ $0.isASCII && $0.isNumber })) {
                messages.append("setting_urn \"\(setting)\" must be a 6-digit URN or an 8-digit UKPRN")
            }
            let type = PlacementType(rawValue: cell[2].lowercased())
            if type == nil { messages.append("setting_type \"\(cell[2])\" must be one of \(PlacementType.allCases.map(\.rawValue).joined(separator: ", "))") }
            let start = CalendarDate(input: cell[6])
            if start == nil { messages.append("start_date \"\(cell[6])\" is not a real date in the format YYYY-MM-DD") }
            var end: CalendarDate?
            if !cell[7].isEmpty {
                end = CalendarDate(input: cell[7])
                if end == nil { messages.append("end_date \"\(cell[7])\" is not a real date in the format YYYY-MM-DD") }
            }
            if let start, let end, end < start { messages.append("end_date \(end) is before start_date \(start)") }
            // S251-3: every cost carries its line, from the list in force in the year the placement starts.
            let lines = start.flatMap { S251LineList.forYear(FinancialYear(containing: $0)) } ?? S251LineList.current
            if lines.line(cell[3]) == nil {
                messages.append("s251_line \"\(cell[3])\" is not a high-needs line of the s251 statement (\(lines.lines.map(\.code).joined(separator: ", ")))")
            }
            // TOPUP-4: a band given must be a band of the authority's current framework, for this type of setting.
            var band = cell[4].isEmpty ? nil : cell[4]
            if let code = band {
                if let framework {
                    if let known = framework.band(code) {
                        band = known.code
                        if let type, !known.applies(to: type) {
                            messages.append("band \"\(code)\" of \(framework.label) is not for \(type.rawValue) settings (only \(known.settingTypes.map(\.rawValue).sorted().joined(separator: ", ")))")
                        }
                    } else {
                        messages.append("band \"\(code)\" is not a band of the current framework (\(framework.label): \(framework.bands.map(\.code).joined(separator: ", ")))")
                    }
                } else {
                    messages.append("band \"\(code)\" given, but the authority has no band framework yet: leave it empty, or load one with continuum finance bands import")
                }
            }
            let annual = Money(decimal: cell[5])
            if annual == nil { messages.append("annual_amount \"\(cell[5])\" must be pounds with at most two decimal places, like 12000.00") }
            else if annual! < .zero { messages.append("annual_amount must not be negative") }
            if let upn, let start, messages.isEmpty {
                let key = "\(upn.value)|\(setting)|\(start)"
                if let earlier = seen[key] { messages.append("repeats the placement on line \(earlier) (same upn, setting_urn and start_date)") }
                else { seen[key] = line }
            }
            if messages.isEmpty, let upn, let type, let start, let annual {
                rows.append(Row(line: line, upn: upn, setting: setting, type: type, s251Line: cell[3], band: band, annual: annual, start: start, end: end))
            } else {
                problems.add(contentsOf: messages.map { Problem(line: line, message: $0) })
            }
        }
        return problems.isEmpty ? .rows(rows) : .problems(problems.all { Problem(line: 0, message: ProblemLimit.moreMessage($0)) })
    }
}
