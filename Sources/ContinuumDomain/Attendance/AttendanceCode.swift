import Foundation

/// One of the attendance and absence codes a school records for a session.
///
/// A value is a single byte, its `id`, because a year of marks for every
/// pupil in a county is tens of millions of them (see `SessionCodes`). The
/// `id` is written into database blobs, so the numbering in `codes` is a file
/// format: never renumber or reuse an id; a new code gets the next free one.
/// Meanings come from the bundled CSV; whether a code counts as a possible
/// session is fixed here from issue 4 (see `notPossibleSessionCodes`).
// SI 2024/208 (School Attendance (Pupil Registration) (England) Regulations 2024) reg 10, Tables 1–4.
public struct AttendanceCode: Hashable, Sendable, CustomStringConvertible {
    /// The stored byte, 1...`codes.count - 1`; 0 is never a code, it means "no mark".
    public let id: UInt8

    /// Codes by id, in the order of the bundled CSV. Index 0 is the empty "no mark".
    static let codes: [String] = [
        "",
        "/", "\\", "L", "K", "V", "P", "W", "B", "D",
        "C1", "M", "J1", "S", "X", "C2", "C", "T", "R", "I", "E", "Q",
        "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7",
        "G", "N", "O", "U", "Z", "#",
    ]

    /// Marks that are not possible sessions: they neither count towards nor
    /// break an illness run, are not absences, and show as "not a possible
    /// session" on the strip. The CSV's `statistical_treatment` agrees for all
    /// of these except `Q`, which it marks as a conflict between third-party
    /// code lists.
    ///
    /// `Q` is settled by the DfE 2024 grouping: the code list puts "unable to
    /// attend because of a lack of access arrangements" under "Absent - unable
    /// to attend", the same category as Y1–Y7 (unavoidable causes the pupil and
    /// school cannot help, such as transport not provided or the site closed),
    /// and not under authorised or unauthorised absence. The Y codes in that
    /// category are not possible sessions, so Q is not one either. This is the
    /// only place Q's treatment is decided; the measures, the strip, the
    /// absence count and the merge all read it from here (issue 14).
    // Issue 4 item 2: "marks X, Y1–Y7, Z, # and D are not possible sessions"; issue 14: Q follows the DfE 2024 "unable to attend" grouping with Y1–Y7 (SI 2024/208 reg 10).
    static let notPossibleSessionCodes: Set<String> = [
        "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#", "D",
    ]

    /// How a code counts in attendance statistics: the one classification every
    /// measure and view uses, fixed here rather than read from the CSV's free-text
    /// `statistical_treatment` (which carries "CONFLICT - see note" for Q).
    public enum Treatment: String, Sendable, CaseIterable {
        /// Present, or attending approved educational activity (K, V, P, W, B).
        case attendance
        case authorisedAbsence = "authorised absence"
        case unauthorisedAbsence = "unauthorised absence"
        /// Not a possible session: attendance not required or not possible (X, Q, Y1–Y7, Z, #, D).
        case notPossibleSession = "not a possible session"
    }

    // SI 2024/208 reg 10 and the DfE 2024 code list's grouping (Resources/attendance-codes-england-2024.csv); Q per `notPossibleSessionCodes`.
    static let unauthorisedCodes: Set<String> = ["G", "N", "O", "U"]
    static let attendanceCodes: Set<String> = ["/", "\\", "L", "K", "V", "P", "W", "B"]

    /// This code's statistical treatment.
    public var treatment: Treatment {
        let code = self.code
        if Self.notPossibleSessionCodes.contains(code) { return .notPossibleSession }
        if Self.attendanceCodes.contains(code) { return .attendance }
        if Self.unauthorisedCodes.contains(code) { return .unauthorisedAbsence }
        return .authorisedAbsence
    }

    /// Illness (not medical or dental appointment).
    // SI 2024/208 reg 10 Table 3 (authorised absence): code I, illness.
    public static let illness = AttendanceCode(checkedID: 19)

    /// Every code, in id order.
    public static let all: [AttendanceCode] = (1..<codes.count).map { AttendanceCode(checkedID: UInt8($0)) }

    private static let byString: [String: AttendanceCode] =
        Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// Looks a code up exactly as written in a register ("I", "Y1", "#"); nil for anything else.
    public init?(_ code: String) {
        guard let found = Self.byString[code] else { return nil }
        self = found
    }

    /// The code stored as `id`, or nil if no code has that id.
    public init?(id: UInt8) {
        guard id != 0, Int(id) < Self.codes.count else { return nil }
        self.id = id
    }

    /// For ids already known to be codes (from the tables here or the parser's lookup).
    init(checkedID id: UInt8) { self.id = id }

    /// The code as written in a register.
    public var code: String { Self.codes[Int(id)] }

    public var description: String { code }

    /// Whether the session counts towards the pupil's possible sessions.
    public var isPossibleSession: Bool { Self.slotKinds[Int(id)] & Self.possibleBit != 0 }

    /// Whether this is code I, the only code the illness measures count.
    public var isIllness: Bool { id == Self.illness.id }

    /// The CSV's `meaning_summary`.
    public var meaning: String { Self.bundledDetails[Int(id)].meaning }

    /// The CSV's `group_per_dfe_2024`, such as "Absent - other authorised reasons".
    public var group: String { Self.bundledDetails[Int(id)].group }

    /// The CSV's `statistical_treatment`, as written (it includes "CONFLICT - see note" for Q).
    /// For words only: the rules read `treatment` and `isPossibleSession`, never this text.
    public var statisticalTreatment: String { Self.bundledDetails[Int(id)].treatment }

    // MARK: - Tables for the hot paths

    static let possibleBit: UInt8 = 1
    static let illnessBit: UInt8 = 2

    /// Per stored byte: `possibleBit` for a possible session, plus `illnessBit` for I;
    /// 0 for no mark, a not-possible code, or a byte that is no code, because the
    /// measures treat all three alike. 256 entries so any byte indexes it.
    static let slotKinds: [UInt8] = {
        var kinds = [UInt8](repeating: 0, count: 256)
        for (index, code) in codes.enumerated() where index != 0 && !notPossibleSessionCodes.contains(code) {
            kinds[index] = possibleBit | (code == "I" ? illnessBit : 0)
        }
        return kinds
    }()

    /// Per stored byte, which of two marks for the same session wins when a
    /// child's schools are merged (higher wins; see `SessionCodes.merge`).
    /// I ranks first, then other possible sessions, then not-possible marks,
    /// then no mark; within a rank the lower id (earlier in the CSV: presence
    /// before absence) wins, so the merge is the same whatever the order of schools.
    static let mergePriority: [UInt8] = {
        var priority = [UInt8](repeating: 0, count: 256)
        for index in 1..<codes.count {
            let kind = slotKinds[index]
            let rank: Int = kind & illnessBit != 0 ? 3 : (kind & possibleBit != 0 ? 2 : 1)
            priority[index] = UInt8(rank * 64 + (63 - index))
        }
        return priority
    }()

    /// Ids by the code's bytes, for the file parser: a code is one ASCII byte,
    /// optionally followed by one digit ("C1", "Y7"), so the table has 11
    /// columns per first byte (no second byte, then digits 0–9).
    static let byteLookup: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256 * 11)
        for (index, code) in codes.enumerated() where index != 0 {
            let bytes = Array(code.utf8)
            precondition(bytes.count == 1 || (bytes.count == 2 && (48...57).contains(bytes[1])),
                         "attendance code \(code) does not fit the parser's lookup table")
            let column = bytes.count == 1 ? 0 : Int(bytes[1] - 48) + 1
            table[Int(bytes[0]) * 11 + column] = UInt8(index)
        }
        return table
    }()

    /// The id for a code written as `bytes`, or 0 if it is not a code.
    @inline(__always)
    static func id<Bytes: RandomAccessCollection>(ofBytes bytes: Bytes) -> UInt8 where Bytes.Element == UInt8 {
        let count = bytes.count
        guard count == 1 || count == 2 else { return 0 }
        let first = Int(bytes[bytes.startIndex])
        var column = 0
        if count == 2 {
            let second = bytes[bytes.index(after: bytes.startIndex)]
            guard second >= 48, second <= 57 else { return 0 }
            column = Int(second - 48) + 1
        }
        return byteLookup[first * 11 + column]
    }

    // MARK: - Bundled CSV

    typealias Details = (meaning: String, group: String, treatment: String)

    /// Meanings by id, from `Resources/attendance-codes-england-2024.csv`.
    /// Loaded on first use of a meaning only, so parsing and the measures never wait on it.
    static let bundledDetails: [Details] = {
        let file = "attendance-codes-england-2024.csv"
        do {
            return try parseDetails(csv: BundledResource.data(file), fileName: file)
        } catch {
            fatalError("ContinuumDomain: \(error)")
        }
    }()

    /// Reads `code,meaning_summary,group_per_dfe_2024,statistical_treatment,...` and
    /// insists the codes are exactly those in `codes`, so the CSV and the stored
    /// ids cannot drift apart unnoticed.
    static func parseDetails(csv: Data, fileName: String) throws -> [Details] {
        var rows = CSVParser.rows(csv)
        guard let header = rows.first, header.count >= 4, header[0] == "code",
              header[1] == "meaning_summary", header[2] == "group_per_dfe_2024",
              header[3] == "statistical_treatment" else {
            throw BundledDataError.unexpectedHeader(file: fileName, found: rows.first?.joined(separator: ",") ?? "")
        }
        rows.removeFirst()
        var details = [Details](repeating: ("", "", ""), count: codes.count)
        var seen = Set<String>()
        for (offset, row) in rows.enumerated() where !(row.count == 1 && row[0].isEmpty) {
            let line = offset + 2
            guard row.count >= 4 else {
                throw BundledDataError.malformedRow(file: fileName, line: line, reason: "expected at least 4 fields")
            }
            guard let index = codes.firstIndex(of: row[0]), index != 0 else {
                throw BundledDataError.malformedRow(file: fileName, line: line,
                                                    reason: "code \"\(row[0])\" has no id in AttendanceCode.codes")
            }
            guard seen.insert(row[0]).inserted else {
                throw BundledDataError.malformedRow(file: fileName, line: line, reason: "code \"\(row[0])\" repeated")
            }
            details[index] = (row[1], row[2], row[3])
        }
        let missing = codes.dropFirst().filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw BundledDataError.malformedRow(file: fileName, line: rows.count + 1,
                                                reason: "codes missing: \(missing.joined(separator: " "))")
        }
        return details
    }
}
