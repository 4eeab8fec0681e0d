import Foundation

/// Reads the DfE Get Information about Schools "edubasealldata" CSV. The header is checked and
/// every row validated before anything is returned, so a bad file imports nothing and each bad
/// line is reported by number.
public enum GIASFile {
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let urn: Int
        public let laCode: String
        public let establishmentNumber: String
        public let name: String
        public let typeName: String
        public let phase: String
        public let status: String
        public let statutoryLowAge: Int?
        public let statutoryHighAge: Int?
        public let postcode: String?
        public let easting: Int?
        public let northing: Int?
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        /// Line 0 is the file as a whole (the count of problems past the cap).
        public var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    public enum Outcome: Sendable {
        case rows([Row])
        case problems([Problem])
    }

    static let required = ["URN", "LA (code)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (name)",
                           "EstablishmentStatus (name)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
                           "Postcode", "Easting", "Northing"]

    public static func parse(_ data: Data) -> Outcome {
        // GIAS publishes in Windows-1252; fall back to it when the bytes aren't UTF-8.
        let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) ?? ""
        let table = CSVParser.rows(Data(text.utf8))
        guard let header = table.first else { return .problems([Problem(line: 1, message: "the file is empty")]) }
        let columns = Dictionary(header.enumerated().map { ($1.trimmingCharacters(in: .whitespaces), $0) }, uniquingKeysWith: { first, _ in first })
        let missing = required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            return .problems([Problem(line: 1, message: "the header is not the GIAS edubasealldata format: missing \(missing.joined(separator: ", "))")])
        }
        var rows: [Row] = []
        // Issue 13 item 6: at most 1,000 problems kept, the rest counted.
        var problems = ProblemCollector<Problem>()
        var seen: [Int: Int] = [:]
        for (offset, fields) in table.dropFirst().enumerated() {
            let line = offset + 2
            if fields.count == 1 && fields[0].isEmpty { continue }
            guard fields.count == header.count else {
                problems.add(Problem(line: line, message: "has \(fields.count) columns but the header has \(header.count): the row is shifted or cut short"))
                continue
            }
            func field(_ name: String) -> String { fields[columns[name]!].trimmingCharacters(in: .whitespaces) }
            var rowProblems: [String] = []
            let urn = Int(field("URN"))
            if urn == nil || urn! <= 0 { rowProblems.append("URN \"\(field("URN"))\" is not a number") }
            let la = field("LA (code)")
            if la.count != 3 || !la.allSatisfy(\.isNumber) { rowProblems.append("LA code \"\(la)\" must be 3 digits") }
            let estab = field("EstablishmentNumber")
            if !estab.isEmpty && !estab.allSatisfy(\.isNumber) { rowProblems.append("establishment number \"\(estab)\" must be digits") }
            let name = field("EstablishmentName")
            if name.isEmpty { rowProblems.append("establishment name is empty") }
            func optionalInt(_ column: String) -> Int?? {
                let value = field(column)
                if value.isEmpty { return .some(nil) }
                guard let number = Int(value) else { rowProblems.append("\(column) \"\(value)\" is not a whole number"); return nil }
                return .some(number)
            }
            let low = optionalInt("StatutoryLowAge"), high = optionalInt("StatutoryHighAge")
            let easting = optionalInt("Easting"), northing = optionalInt("Northing")
            let parsedEasting: Int? = easting ?? nil, parsedNorthing: Int? = northing ?? nil
            if easting == nil || northing == nil || (parsedEasting == nil) != (parsedNorthing == nil) {
                rowProblems.append("Easting and Northing must both be whole numbers or both be empty; the row's columns look shifted")
            }
            let rawPostcode = field("Postcode")
            let postcode = rawPostcode.isEmpty ? nil : Postcode.normalise(rawPostcode)
            if !rawPostcode.isEmpty && postcode == nil { rowProblems.append("postcode \"\(rawPostcode)\" is not a real postcode") }
            if let urn, let earlier = seen[urn] { rowProblems.append("URN \(urn) also appears on line \(earlier)") }
            if let urn { seen[urn] = line }
            if !rowProblems.isEmpty {
                problems.add(Problem(line: line, message: rowProblems.joined(separator: "; ")))
                continue
            }
            rows.append(Row(line: line, urn: urn!, laCode: la, establishmentNumber: estab, name: name, typeName: field("TypeOfEstablishment (name)"),
                            phase: field("PhaseOfEducation (name)"), status: field("EstablishmentStatus (name)"),
                            statutoryLowAge: low ?? nil, statutoryHighAge: high ?? nil, postcode: postcode?.value,
                            easting: easting ?? nil, northing: northing ?? nil))
        }
        return problems.isEmpty ? .rows(rows) : .problems(problems.all { Problem(line: 0, message: ProblemLimit.moreMessage($0)) })
    }
}
