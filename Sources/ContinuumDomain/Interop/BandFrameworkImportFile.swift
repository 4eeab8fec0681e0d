import Foundation

/// Reads a council's band frameworks for `continuum finance bands import` (TOPUP-4):
/// `framework,version,effective_from,code,descriptor,annual_amount,setting_types`, one band a line.
/// `setting_types` lists placement types separated by `;` (empty: any setting).
///
/// All or nothing: the whole file is checked first and every bad line is named. The lines of one
/// framework version must agree on its start date, and a code appears once in a version.
public enum BandFrameworkImportFile {
    public static let header = ["framework", "version", "effective_from", "code", "descriptor", "annual_amount", "setting_types"]

    public typealias Problem = EHCImportFile.Problem

    /// A framework version read from the file, with the first line that names it.
    public struct Parsed: Sendable, Equatable {
        public let framework: BandFramework
        public let line: Int
    }

    public enum Outcome: Sendable {
        case frameworks([Parsed])
        case problems([Problem])
    }

    public static func parse(_ data: Data) -> Outcome {
        var problems = ProblemCollector<Problem>()
        let lines: [ImportTable.Line]
        switch ImportTable.lines(data, header: header) {
        case let .stop(problem): return .problems([problem])
        case let .lines(read): lines = read
        }
        struct Key: Hashable { let name: String; let version: Int }
        var order: [Key] = []
        var starts: [Key: (CalendarDate, Int)] = [:]
        var bands: [Key: [BandFramework.Band]] = [:]
        var codes: [String: Int] = [:]
        // Issue 13 item 6: at most 1,000 problems kept, the rest counted (ProblemCollector).
        for item in lines {
            if let problem = item.problem { problems.add(problem); continue }
            let line = item.number
            let cell = item.cells
            var messages: [String] = []
            let name = cell[0]
            if name.isEmpty || name.count > 100 { messages.append("framework must be a name of 1 to 100 characters") }
            let version = Int(cell[1]).flatMap { $0 > 0 ? $0 : nil }
            if version == nil { messages.append("version \"\(cell[1])\" must be a whole number above 0") }
            let start = CalendarDate(input: cell[2])
            if start == nil { messages.append("effective_from \"\(cell[2])\" is not a real date in the format YYYY-MM-DD") }
            let code = cell[3]
            if code.isEmpty || code.count > 20 { messages.append("code must be 1 to 20 characters") }
            let descriptor = cell[4]
            if descriptor.isEmpty || descriptor.count > 500 { messages.append("descriptor must be 1 to 500 characters") }
            let annual = Money(decimal: cell[5])
            if annual == nil { messages.append("annual_amount \"\(cell[5])\" must be pounds with at most two decimal places, like 12000.00") }
            else if annual! < .zero { messages.append("annual_amount must not be negative") }
            var types = Set<PlacementType>()
            for raw in cell[6].split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !raw.isEmpty {
                if let type = PlacementType(rawValue: raw) { types.insert(type) }
                else { messages.append("setting_types \"\(raw)\" must be one of \(PlacementType.allCases.map(\.rawValue).joined(separator: ", ")), separated by ;") }
            }
            if messages.isEmpty, let version, let start, let annual {
                let key = Key(name: name, version: version)
                let codeKey = "\(name.lowercased())|\(version)|\(code.uppercased())"
                if let earlier = starts[key], earlier.0 != start {
                    messages.append("effective_from \(start) differs from \(earlier.0) on line \(earlier.1) for \(name) version \(version)")
                } else if let earlier = codes[codeKey] {
                    messages.append("repeats band \(code) of \(name) version \(version) from line \(earlier)")
                } else {
                    if starts[key] == nil { starts[key] = (start, line); order.append(key) }
                    codes[codeKey] = line
                    bands[key, default: []].append(BandFramework.Band(code: code, descriptor: descriptor, annual: annual, settingTypes: types))
                }
            }
            problems.add(contentsOf: messages.map { Problem(line: line, message: $0) })
        }
        // TOPUP-4: one framework in force at a time, so two versions may not start on the same day.
        var byStart: [CalendarDate: Key] = [:]
        for key in order {
            let (start, line) = starts[key]!
            if let other = byStart[start] {
                problems.add(Problem(line: line, message: "\(key.name) version \(key.version) starts on \(start), the same day as \(other.name) version \(other.version): give each version its own effective_from"))
            } else { byStart[start] = key }
        }
        guard problems.isEmpty else { return .problems(problems.all { Problem(line: 0, message: ProblemLimit.moreMessage($0)) }) }
        if order.isEmpty { return .problems([Problem(line: 2, message: "the file has a header but no bands")]) }
        return .frameworks(order.map {
            Parsed(framework: BandFramework(name: $0.name, version: $0.version, effectiveFrom: starts[$0]!.0, bands: bands[$0]!), line: starts[$0]!.1)
        })
    }

    // TOPUP-4: each award keeps the version it was made under, so a version already held is never changed; the same version again is left alone.
    /// The versions of the file the authority does not hold yet, or the lines that would change what it holds.
    public static func newVersions(_ parsed: [Parsed], held: [BandFramework]) -> (fresh: [BandFramework], problems: [Problem]) {
        var problems: [Problem] = []
        var fresh: [BandFramework] = []
        for item in parsed {
            let f = item.framework
            if let same = held.first(where: { $0.name == f.name && $0.version == f.version }) {
                if same.effectiveFrom != f.effectiveFrom || Set(same.bands) != Set(f.bands) {
                    let next = (held.filter { $0.name == f.name }.map(\.version).max() ?? f.version) + 1
                    problems.append(Problem(line: item.line, message: "\(f.label) is already held with different bands or start date; a version is never changed: import the new table as version \(next)"))
                }
            } else if let clash = held.first(where: { $0.effectiveFrom == f.effectiveFrom }) {
                problems.append(Problem(line: item.line, message: "\(f.label) starts on \(f.effectiveFrom), the same day as \(clash.label): give each version its own effective_from"))
            } else { fresh.append(f) }
        }
        return (problems.isEmpty ? fresh : [], problems)
    }
}
