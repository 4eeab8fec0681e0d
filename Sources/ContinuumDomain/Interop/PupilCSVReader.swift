import Foundation

/// Reads a school-census pupil extract for `continuum import pupils` and the upload page:
/// `upn,legal_forename,legal_surname,preferred_name,date_of_birth,sex,urn,postcode,sen_provision,primary_need`.
///
/// All or nothing: every row is checked before anything is returned, and each problem names its
/// line (the header is line 1).
public enum PupilCSVReader {
    public static let header = ["upn", "legal_forename", "legal_surname", "preferred_name", "date_of_birth", "sex", "urn",
                                "postcode", "sen_provision", "primary_need"]
    public static let maximumBytes = 100 * 1024 * 1024
    public static let problemsKept = ProblemLimit.kept

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public init(line: Int, message: String) { self.line = line; self.message = message }
        public var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    public enum Outcome: Sendable {
        case rows([PupilRecord])
        case problems([Problem])
    }

    public static func read(contentsOf url: URL, today: CalendarDate = .today()) -> Outcome {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
        guard let size, let handle = try? FileHandle(forReadingFrom: url) else {
            return .problems([Problem(line: 0, message: "the file \(url.lastPathComponent) cannot be read")])
        }
        defer { try? handle.close() }
        if let refusal = sizeProblem(size) { return .problems([refusal]) }
        guard let data = try? handle.readToEnd() else { return .problems([Problem(line: 0, message: "the file \(url.lastPathComponent) cannot be read")]) }
        return read(data, today: today)
    }

    public static func read(_ data: Data, today: CalendarDate = .today()) -> Outcome {
        if let refusal = sizeProblem(data.count) { return .problems([refusal]) }
        let table = CSVParser.rows(data)
        let expected = header.joined(separator: ",")
        guard let first = table.first, !(first.count == 1 && first[0].trimmingCharacters(in: .whitespaces).isEmpty) else {
            return .problems([Problem(line: 1, message: "the file is empty; the first line must be the header \(expected)")])
        }
        let found = first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard found == header else {
            return .problems([Problem(line: 1, message: "the header must be exactly \(expected) but is \(String(first.joined(separator: ",").prefix(300)))")])
        }
        var rows: [PupilRecord] = []
        // Issue 13 item 6: the shared cap; past it a message is not even made.
        var problems = ProblemCollector<Problem>(limit: problemsKept)
        var seen: [String: Int] = [:]
        func add(_ line: Int, _ message: @autoclosure () -> String) {
            problems.add(Problem(line: line, message: message()))
        }
        for (offset, fields) in table.dropFirst().enumerated() {
            let line = offset + 2
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard fields.count == header.count else {
                add(line, "has \(fields.count) columns but the header has \(header.count)")
                continue
            }
            let cell = fields.map { $0.trimmingCharacters(in: .whitespaces) }
            let before = problems.count
            func quoted(_ value: String) -> String { "\"" + String(value.prefix(40)) + "\"" }

            var upn: UPN?
            if cell[0].isEmpty { add(line, "upn is empty: every pupil needs a UPN") }
            else {
                switch UPN.validate(cell[0]) {
                case .valid(let value):
                    upn = value
                    if let earlier = seen[value.value] { add(line, "upn \(value.value) is also on line \(earlier): a UPN belongs to one child") }
                    else { seen[value.value] = line }
                case .invalid(let reason): add(line, "upn \(quoted(cell[0])) is not valid: \(reason)")
                }
            }
            func name(_ value: String, _ column: String, required: Bool) -> String? {
                if value.isEmpty { if required { add(line, "\(column) is empty") }; return nil }
                guard value.count <= ChildDetailRules.nameLimit else {
                    add(line, "\(column) is longer than \(ChildDetailRules.nameLimit) characters"); return nil
                }
                return value
            }
            let forename = name(cell[1], "legal_forename", required: true)
            let surname = name(cell[2], "legal_surname", required: true)
            let preferred = name(cell[3], "preferred_name", required: false)

            var dob: CalendarDate?
            switch ChildDetailRules.birthDate(cell[4], today: today) {
            case .success(let date): dob = date
            case .failure(.notARealDate): add(line, "date_of_birth \(quoted(cell[4])) is not a real date in the format YYYY-MM-DD")
            case .failure(.inTheFuture): add(line, "date_of_birth \(cell[4]) is in the future")
            case .failure(.tooOld): add(line, "date_of_birth \(cell[4]) is more than \(ChildDetailRules.oldestAgeInYears) years ago: not a child or young person")
            }
            let sex = ChildDetailRules.sexCode(cell[5])
            if sex == nil { add(line, "sex \(quoted(cell[5])) must be M, F or U") }

            var school: PupilRecord.School?
            if !cell[6].isEmpty {
                if cell[6].count <= 7, cell[6].allSatisfy({ $0.isASCII && $0.isNumber }), let urn = Int(cell[6]), urn > 0 { school = .urn(urn) }
                else { add(line, "urn \(quoted(cell[6])) must be a URN of up to 7 digits") }
            }
            var postcode: Postcode?
            if !cell[7].isEmpty {
                postcode = Postcode.normalise(cell[7])
                if postcode == nil { add(line, "postcode \(quoted(cell[7])) is not a real postcode") }
            }
            var provision = SENProvision.none
            if !cell[8].isEmpty {
                // Rulebook SEN-1: a census extract is a current record, after S (statement) was withdrawn.
                if let message = SENStatementCode.problem(cell[8], recordedOn: nil) { add(line, "sen_provision: " + message) }
                else if let parsed = ChildDetailRules.provision(cell[8]) { provision = parsed }
                else { add(line, "sen_provision \(quoted(cell[8])) must be N, K or E (or empty for none)") }
            }
            var primary: SENNeed?
            if !cell[9].isEmpty {
                primary = SENNeed(code: cell[9])
                if primary == nil { add(line, "primary_need \(quoted(cell[9])) is not a school census SEN type code") }
            }
            if problems.count == before {
                for message in SENNeed.validateNeeds(provision: provision, primary: primary, secondary: nil) {
                    add(line, "sen_provision \(provision.code) and primary_need: " + message)
                }
            }
            guard problems.count == before, let upn, let forename, let surname, let dob, let sex else { continue }
            rows.append(PupilRecord(position: "line \(line)", upn: upn, legalForename: forename, legalSurname: surname,
                                    preferredName: preferred == forename ? nil : preferred, dateOfBirth: dob, sex: sex, school: school,
                                    postcode: postcode, senProvision: provision, primaryNeed: primary, secondaryNeed: nil,
                                    carriesSecondaryNeed: false))
        }
        if rows.isEmpty && problems.count == 0 { add(2, "the file has a header but no pupils") }
        return problems.isEmpty ? .rows(rows) : .problems(problems.all { Problem(line: 0, message: ProblemLimit.moreMessage($0)) })
    }

    static func sizeProblem(_ bytes: Int) -> Problem? {
        guard bytes > maximumBytes else { return nil }
        return Problem(line: 0, message: "the file is \((bytes + 1_048_575) / 1_048_576) MB; the largest pupils CSV accepted is 100 MB")
    }
}
