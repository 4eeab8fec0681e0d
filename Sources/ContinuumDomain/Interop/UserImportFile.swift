import Foundation

/// A council's list of people to invite, pasted from a spreadsheet (issue 12 item 3): one row a person.
/// Checks what the file alone can tell; the app then checks what needs the database (taken emails,
/// unknown schools and pupils). All or nothing: any problem refuses the file, each with its line.
public enum UserImportFile {
    public static let header = ["email", "name", "role", "school_urn", "child_upn", "relationship", "parental_responsibility"]
    /// Bounds the work one upload can cost.
    public static let maximumRows = 2_000

    public struct Row: Sendable, Equatable {
        public let line: Int
        public let email: String
        public let name: String
        public let role: Role
        public let schoolURN: Int?
        public let childUPN: UPN?
        public let relationship: String?
        public let parentalResponsibility: Bool
    }

    public enum Parsed: Sendable, Equatable { case rows([Row]), problems([String]) }

    public static func parse(_ data: Data) -> Parsed {
        let rows = CSVParser.rows(data)
        guard let first = rows.first else { return .problems(["The file is empty: the first line must be the header " + header.joined(separator: ",")]) }
        guard first.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == header else {
            return .problems(["Line 1: the header must be exactly " + header.joined(separator: ",")])
        }
        guard rows.count - 1 <= maximumRows else { return .problems(["The file has \(rows.count - 1) people; import at most \(maximumRows) at a time"]) }
        // Issue 13 item 6: at most 1,000 problems kept, the rest counted.
        var problems = ProblemCollector<String>()
        var result: [Row] = []
        var seen: [String: Int] = [:]
        for (offset, fields) in rows.enumerated().dropFirst() {
            let line = offset + 1
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard fields.count == header.count else {
                problems.add("Line \(line): expected \(header.count) columns, found \(fields.count)"); continue
            }
            let f = fields.map { $0.trimmingCharacters(in: .whitespaces) }
            let email = f[0].lowercased()
            var rowProblems: [String] = []
            if !isPlausibleEmail(email) { rowProblems.append("email \"\(f[0].prefix(80))\" is not an email address") }
            else if let earlier = seen[email] { rowProblems.append("\(email) is already on line \(earlier)") }
            if f[1].isEmpty || f[1].count > 100 { rowProblems.append("name must be 1 to 100 characters") }
            let role = Role(rawValue: f[2]) ?? Role(argument: f[2])
            if role == nil { rowProblems.append("role \"\(f[2].prefix(40))\" is not one of " + Role.allCases.map(\.rawValue).joined(separator: ", ")) }
            var urn: Int?
            if !f[3].isEmpty {
                if let value = Int(f[3]), (100_000...999_999).contains(value) { urn = value } else { rowProblems.append("school_urn \"\(f[3].prefix(20))\" is not a 6-digit URN") }
            }
            if role == .schoolUser && f[3].isEmpty { rowProblems.append("a school user needs a school_urn") }
            if role != nil && role != .schoolUser && !f[3].isEmpty { rowProblems.append("only school users have a school_urn") }
            var upn: UPN?
            if !f[4].isEmpty {
                switch UPN.validate(f[4]) {
                case .valid(let value): upn = value
                case .invalid(let reason): rowProblems.append("child_upn \(f[4].prefix(20)): \(reason)")
                }
            }
            if role == .parentCarer && f[4].isEmpty { rowProblems.append("a parent or carer needs the child_upn of their child") }
            if role != nil && role != .parentCarer && !f[4].isEmpty { rowProblems.append("only parents and carers are linked to a child") }
            if f[5].count > 60 { rowProblems.append("relationship must be 60 characters or fewer") }
            if role == .parentCarer && f[5].isEmpty { rowProblems.append("a parent or carer needs their relationship to the child") }
            let pr: Bool
            switch f[6].lowercased() {
            case "yes", "y", "true", "1": pr = true
            case "no", "n", "false", "0": pr = false
            // As on the invitation form: for a parent or carer it is said, never assumed.
            case "" where role != .parentCarer: pr = false
            default: pr = false; rowProblems.append("parental_responsibility must be yes or no")
            }
            if rowProblems.isEmpty, let role {
                seen[email] = line
                result.append(Row(line: line, email: email, name: f[1], role: role, schoolURN: urn, childUPN: upn,
                                  relationship: f[5].isEmpty ? nil : f[5], parentalResponsibility: pr))
            } else {
                problems.add(contentsOf: rowProblems.map { "Line \(line): \($0)" })
            }
        }
        if problems.isEmpty && result.isEmpty { problems.add("The file has a header but nobody to invite") }
        return problems.isEmpty ? .rows(result) : .problems(problems.all(summary: ProblemLimit.moreSentence))
    }

    /// One @, something either side, a dot in the domain, no spaces: enough to catch typing slips.
    public static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && !email.contains(" ") && email.count <= 254
    }
}
