extension PhaseTransfer {
    /// Which of regulation 18(1)'s two deadlines applies. Raw values are the
    /// CLI's `--transfer` arguments.
    public enum Kind: String, CaseIterable, Codable, Sendable {
        /// Every transfer other than secondary → post-16 (early years → school,
        /// infant → junior, primary → middle or secondary, middle → secondary):
        /// regulation 18(1)(b)'s "any other case", named for its commonest instance.
        case secondary
        /// Secondary school → post-16 institution: regulation 18(1)(a).
        case post16
    }
}

extension PhaseTransfer {
    /// The transfers between phases of education, each with the deadline that applies to it.
    public enum Move: String, CaseIterable, Codable, Sendable {
        // SEND Regulations 2014 reg 2 ("transfer between phases of education") (a): relevant early years education to school.
        case earlyYearsToSchool
        // SEND Regulations 2014 reg 2 (b): infant school to junior school.
        case infantToJunior
        // SEND Regulations 2014 reg 2 (c): primary school to middle school; a first school is a primary school in law.
        case firstToMiddle
        // SEND Regulations 2014 reg 2 (d): primary school (a junior school included) to secondary school.
        case primaryToSecondary
        // SEND Regulations 2014 reg 2 (e): middle school to secondary school.
        case middleToSecondary
        // SEND Regulations 2014 reg 2 (f): secondary school to a post-16 institution.
        case secondaryToPost16
        // SEND Regulations 2014 reg 18(2): one post-16 institution to another, at any time of year.
        case post16ToPost16

        /// Which regulation 18(1) day applies; nil for post-16 → post-16, which regulation 18(2)
        /// times from the transfer itself (see `PhaseTransfer.post16ToPost16ReviewBy`).
        public var kind: Kind? {
            switch self {
            // SEND Regulations 2014 reg 18(1)(a): 31 March for secondary → post-16.
            case .secondaryToPost16: .post16
            case .post16ToPost16: nil
            // SEND Regulations 2014 reg 18(1)(b): 15 February "in any other case".
            case .earlyYearsToSchool, .infantToJunior, .firstToMiddle, .primaryToSecondary, .middleToSecondary: .secondary
            }
        }

        /// The setting the amended plan must name, in words for a caseworker or a family.
        public var destination: String {
            switch self {
            case .earlyYearsToSchool: "the school"
            case .infantToJunior: "the junior school"
            case .firstToMiddle: "the middle school"
            case .primaryToSecondary, .middleToSecondary: "the secondary school"
            case .secondaryToPost16: "the post-16 setting"
            case .post16ToPost16: "the new post-16 setting"
            }
        }

        public var description: String {
            switch self {
            case .earlyYearsToSchool: "early years to school"
            case .infantToJunior: "infant to junior school"
            case .firstToMiddle: "first to middle school"
            case .primaryToSecondary: "primary to secondary school"
            case .middleToSecondary: "middle to secondary school"
            case .secondaryToPost16: "secondary school to post-16"
            case .post16ToPost16: "post-16 to another post-16 institution"
            }
        }
    }

    /// The kind of setting a child attends, which decides the national curriculum year at the
    /// end of which they move on, and to what.
    public struct Setting: Hashable, Sendable {
        public enum Phase: String, CaseIterable, Codable, Sendable {
            case earlyYears, infant, first, junior, primary, middle, secondary, allThrough, post16
        }

        public let phase: Phase
        /// The last national curriculum year the setting teaches.
        public let finalYear: Int?

        /// `finalYear` defaults to the usual structure: nursery to N2, infant to Year 2, first to
        /// Year 4, primary and junior to Year 6, middle to Year 8, secondary and all-through to
        /// Year 11 (a sixth form is not counted: see `transferYear`).
        public init(phase: Phase, finalYear: Int? = nil) {
            self.phase = phase
            self.finalYear = finalYear ?? Self.usualFinalYear(phase)
        }

        static func usualFinalYear(_ phase: Phase) -> Int? {
            switch phase {
            case .earlyYears: -1
            case .infant: 2
            case .first: 4
            case .junior, .primary: 6
            case .middle: 8
            case .secondary, .allThrough: 11
            case .post16: nil
            }
        }

        /// The setting from an establishment's GIAS phase and statutory ages; nil where the phase
        /// says nothing about when children move on (special schools and PRUs: "Not applicable").
        /// A GIAS "Primary" school is an infant, first or junior school by its ages.
        public init?(giasPhase: String, statutoryLowAge: Int?, statutoryHighAge: Int?) {
            // NCY N is the year a child turns N + 5 (rulebook AGE-3), so the last year taught is the high age − 5.
            let last = statutoryHighAge.map { $0 - 5 }
            switch giasPhase.trimmingCharacters(in: .whitespaces).lowercased() {
            case "nursery": self.init(phase: .earlyYears)
            case "primary":
                if let high = statutoryHighAge, high <= 8 { self.init(phase: .infant, finalYear: last) }
                else if let high = statutoryHighAge, high <= 10 { self.init(phase: .first, finalYear: last) }
                else if let low = statutoryLowAge, low >= 7 { self.init(phase: .junior, finalYear: last) }
                else { self.init(phase: .primary, finalYear: last) }
            case "first": self.init(phase: .first, finalYear: last)
            case "middle deemed primary", "middle deemed secondary", "middle": self.init(phase: .middle, finalYear: last)
            case "secondary": self.init(phase: .secondary)
            case "all-through", "all through": self.init(phase: .allThrough)
            case "16 plus", "post-16", "post16": self.init(phase: .post16)
            default: return nil
            }
        }

        /// The usual setting for a child in `yearGroup` where the school is not known: the
        /// two-tier structure (nursery, primary, secondary, post-16).
        public static func inferred(yearGroup: Int) -> Setting {
            switch yearGroup {
            case ..<0: Setting(phase: .earlyYears)
            case 0...6: Setting(phase: .primary)
            case 7...11: Setting(phase: .secondary)
            default: Setting(phase: .post16)
            }
        }

        /// The move out of this setting at the end of `transferYear`, when regulation 18(1) sets its day.
        public var moveOut: Move? {
            switch phase {
            case .earlyYears: .earlyYearsToSchool
            case .infant: .infantToJunior
            case .first: .firstToMiddle
            case .junior, .primary: .primaryToSecondary
            case .middle: .middleToSecondary
            case .secondary, .allThrough: .secondaryToPost16
            // A move between post-16 institutions is not read from the year: it needs the planned date.
            case .post16: nil
            }
        }

        /// The year at the end of which the child moves on. ⚠ For a secondary or all-through school
        /// this is Year 11 even with a sixth form: staying on is a move into post-16 education the
        /// plan must name, and reviewing early is never late; legal to confirm.
        public var transferYear: Int? {
            switch phase {
            case .secondary, .allThrough: 11
            default: finalYear
            }
        }
    }
}
