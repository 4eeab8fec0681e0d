import Foundation

/// Reads `continuum import post16` files (issue 17):
/// `upn,uln,forename,surname,date_of_birth,has_ehc_plan,activity_code,activity_start,confirmed_on,hours`.
/// One row per activity spell; a young person with no known activity has one row with the activity columns empty.
///
/// The whole file is checked here, line by line, before anything is saved: a bad file imports nothing and each bad
/// line is reported by number. Overlaps with spells already held, and the cohort, are checked by the importer.
public enum Post16ImportFile {
    public static let header = ["upn", "uln", "forename", "surname", "date_of_birth", "has_ehc_plan", "activity_code",
                                "activity_start", "confirmed_on", "hours"]

    public struct Row: Sendable, Equatable {
        public let line: Int
        public let upn: String?
        public let uln: String?
        public let forename: String
        public let surname: String
        public let dateOfBirth: CalendarDate
        public let hasEHCPlan: Bool
        /// Nil for a young person with no known activity.
        public let spell: Post16Spell?
        /// The identity a young person is matched by: the UPN, else the ULN.
        public var key: String { upn.map { "upn:\($0)" } ?? "uln:\(uln!)" }
    }

    public typealias Problem = EHCImportFile.Problem

    public enum Outcome: Sendable {
        case rows([Row])
        case problems([Problem])
    }

    /// `codes(for:)` gives the code list of the MI year a spell's start falls in.
    public static func parse(_ data: Data, today: CalendarDate, codes: (CalendarDate) -> NCCISCodeSet = NCCISCodeSet.bundled(for:)) -> Outcome {
        var problems = ProblemCollector<Problem>()
        let lines: [ImportTable.Line]
        switch ImportTable.lines(data, header: header) {
        case let .stop(problem): return .problems([problem])
        case let .lines(read): lines = read
        }
        var rows: [Row] = []
        var spellsByPerson: [String: [Post16Spell]] = [:]
        var firstLineOfSpell: [String: Int] = [:]
        var person: [String: (line: Int, dob: CalendarDate, name: String)] = [:]
        for item in lines {
            if let problem = item.problem { problems.add(problem); continue }
            let line = item.number, cell = item.cells
            var messages: [String] = []
            var upn: String?
            if !cell[0].isEmpty {
                switch UPN.validate(cell[0]) {
                case .valid(let value): upn = value.value
                case .invalid(let reason): messages.append("upn \"\(cell[0])\" is not valid: \(reason)")
                }
            }
            var uln: String?
            if !cell[1].isEmpty {
                if ULN.isValid(cell[1]) { uln = cell[1] } else {
                    messages.append("uln \"\(cell[1])\" is not a valid ULN: it must be 10 digits and its last digit is the check digit")
                }
            }
            if cell[0].isEmpty && cell[1].isEmpty { messages.append("give a upn or a uln: a young person is matched by one of them") }
            if cell[2].isEmpty { messages.append("forename is empty") }
            if cell[3].isEmpty { messages.append("surname is empty") }
            if cell[2].count > 100 || cell[3].count > 100 { messages.append("a name is longer than 100 characters") }
            let dob = CalendarDate(input: cell[4])
            if dob == nil { messages.append("date_of_birth \"\(cell[4])\" is not a real date in the format YYYY-MM-DD") }
            if let dob, dob > today { messages.append("date_of_birth \(dob) is in the future") }
            let plan: Bool?
            switch cell[5].lowercased() {
            case "true": plan = true
            case "false": plan = false
            default: plan = nil; messages.append("has_ehc_plan \"\(cell[5])\" must be true or false")
            }
            var spell: Post16Spell?
            let activityCells = cell[6...9]
            if activityCells.allSatisfy(\.isEmpty) {
                spell = nil
            } else {
                let start = CalendarDate(input: cell[7])
                if start == nil { messages.append("activity_start \"\(cell[7])\" is not a real date in the format YYYY-MM-DD") }
                let confirmed = CalendarDate(input: cell[8])
                if confirmed == nil { messages.append("confirmed_on \"\(cell[8])\" is not a real date in the format YYYY-MM-DD") }
                var hours: Int?
                if !cell[9].isEmpty {
                    hours = Int(cell[9])
                    if hours == nil { messages.append("hours \"\(cell[9])\" must be a whole number of hours a week from 0 to 60") }
                }
                let code = Int(cell[6])
                if code == nil { messages.append("activity_code \"\(cell[6])\" is not an NCCIS activity code (three digits, like 230)") }
                if let code, let start, let confirmed, cell[9].isEmpty || hours != nil {
                    let candidate = Post16Spell(code: code, start: start, confirmedOn: confirmed, hours: hours)
                    let key = upn.map { "upn:\($0)" } ?? uln.map { "uln:\($0)" } ?? ""
                    let found = Post16Activity.problems(candidate, hoursText: cell[9], employer: nil, checkEmployer: false,
                                                        existing: spellsByPerson[key] ?? [], codes: codes(start), today: today)
                    messages += found.map { problem in
                        switch problem {
                        case .unknownCode: "activity_code \(code) is not in the \(codes(start).miYear) to \(codes(start).miYear + 1) NCCIS code list"
                        case let .overlaps(other, day): "overlaps the activity on line \(firstLineOfSpell["\(key)|\(day)"] ?? 0) (code \(other), the same start date \(day)) without ending it"
                        default: problem.description
                        }
                    }
                    if found.isEmpty && !key.isEmpty {
                        spellsByPerson[key, default: []].append(candidate)
                        if firstLineOfSpell["\(key)|\(start)"] == nil { firstLineOfSpell["\(key)|\(start)"] = line }
                    }
                    spell = candidate
                }
            }
            // One young person, one date of birth: two rows that disagree mean two people share an identifier.
            if let dob, let key = upn.map({ "upn:\($0)" }) ?? uln.map({ "uln:\($0)" }) {
                if let earlier = person[key] {
                    if earlier.dob != dob { messages.append("the same \(upn != nil ? "upn" : "uln") has date_of_birth \(earlier.dob) on line \(earlier.line)") }
                } else { person[key] = (line, dob, cell[2] + " " + cell[3]) }
            }
            if messages.isEmpty, let dob, let plan {
                rows.append(Row(line: line, upn: upn, uln: uln, forename: cell[2], surname: cell[3], dateOfBirth: dob, hasEHCPlan: plan, spell: spell))
            } else {
                problems.add(contentsOf: messages.map { Problem(line: line, message: $0) })
            }
        }
        return problems.isEmpty ? .rows(rows) : .problems(problems.all { Problem(line: 0, message: ProblemLimit.moreMessage($0)) })
    }
}
