import Foundation

/// Where an activity was heard from (issue 17).
public enum Post16Source: String, CaseIterable, Sendable {
    case school, college
    case youngPerson = "young_person"
    case youthWorker = "youth_worker"
    /// A file from another system whose rows do not say.
    case imported

    public var label: String {
        switch self {
        case .school: "The school"
        case .college: "The college or provider"
        case .youngPerson: "The young person"
        case .youthWorker: "A youth worker or adviser"
        case .imported: "Imported file"
        }
    }
}

/// One activity spell: what the young person was doing from `start` until the next spell starts (NCCIS-3).
public struct Post16Spell: Hashable, Sendable {
    public var code: Int
    public var start: CalendarDate
    /// The last day someone confirmed it: currency runs from here (rulebook P16-3, NCCIS-5).
    public var confirmedOn: CalendarDate
    public var hours: Int?

    public init(code: Int, start: CalendarDate, confirmedOn: CalendarDate, hours: Int? = nil) {
        self.code = code; self.start = start; self.confirmedOn = confirmedOn; self.hours = hours
    }
}

/// What a young person was doing on one day, as the NEET figures count it.
public struct Post16CurrentActivity: Hashable, Sendable {
    /// The spell with the latest start on or before the day; nil when there is none.
    public let spell: Post16Spell?
    public let countsAs: NCCISCountsAs
    /// The spell had lapsed: not confirmed within its code's currency period.
    public let lapsed: Bool
    /// The day the spell becomes not known if nobody confirms it again; nil when it never lapses.
    public let lapsesOn: CalendarDate?
}

public enum Post16Activity {
    /// The day a spell becomes "not known": its confirmation plus the code's currency period.
    // Rulebook P16-3 and NCCIS-5: a record not confirmed within the currency period becomes not known on the day it lapses.
    public static func lapsesOn(_ spell: Post16Spell, codes: NCCISCodeSet) -> CalendarDate? {
        guard let days = codes[spell.code]?.currencyDays else { return nil }
        return spell.confirmedOn.adding(days: days)
    }

    /// The young person's activity on `date`. Spells need not be sorted.
    // Issue 17 and NCCIS-3: the spell with the latest start on or before the day; a lapsed spell, an unknown code or no spell is not known.
    public static func on(_ date: CalendarDate, spells: [Post16Spell], codes: NCCISCodeSet) -> Post16CurrentActivity {
        var current: Post16Spell?
        for spell in spells where spell.start <= date {
            if let c = current, c.start > spell.start || (c.start == spell.start && c.confirmedOn >= spell.confirmedOn) { continue }
            current = spell
        }
        guard let spell = current, let code = codes[spell.code] else {
            return Post16CurrentActivity(spell: current, countsAs: .notKnown, lapsed: false, lapsesOn: nil)
        }
        let lapse = lapsesOn(spell, codes: codes)
        if let lapse, date >= lapse { return Post16CurrentActivity(spell: spell, countsAs: .notKnown, lapsed: true, lapsesOn: lapse) }
        return Post16CurrentActivity(spell: spell, countsAs: code.countsAs, lapsed: false, lapsesOn: lapse)
    }

    /// Why a spell cannot be recorded as given.
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        case unknownCode(String, miYear: Int)
        case hoursRequired(code: Int)
        case hoursOutOfRange(String)
        case employerRequired(code: Int)
        /// Another spell starts the same day with a different code: which one held that day cannot be told.
        case overlaps(code: Int, start: CalendarDate)
        case confirmedInFuture(CalendarDate)
        case startsInFuture(CalendarDate)

        public var description: String {
            switch self {
            case let .unknownCode(code, year): "\(code) is not an activity code in the \(year) to \(year + 1) NCCIS code list"
            case let .hoursRequired(code): "Activity code \(code) needs the hours a week (NCCIS: part-time and study-with-work codes)"
            case let .hoursOutOfRange(raw): "Hours \"\(raw)\" must be a whole number of hours a week from 0 to 60"
            case let .employerRequired(code): "Activity code \(code) is an apprenticeship, traineeship or supported internship: enter the employer"
            case let .overlaps(code, start): "Another activity (code \(code)) already starts on \(start.longFormat): end it, or give this one another start date"
            case let .confirmedInFuture(d): "The date it was confirmed (\(d.longFormat)) is in the future"
            case let .startsInFuture(d): "The start date (\(d.longFormat)) is more than a year away"
            }
        }
    }

    /// Checks a spell against the code list and the young person's other spells. A spell with the same code and start as
    /// an existing one is that spell again (an update, so a re-imported file changes nothing), never an overlap.
    // NCCIS-2: hours are required for 250, 320, 381 and 550 (the file's hours_required); issue 17: a spell may not overlap another without ending it.
    public static func problems(_ spell: Post16Spell, hoursText: String? = nil, employer: String?, checkEmployer: Bool,
                                existing: [Post16Spell], codes: NCCISCodeSet, today: CalendarDate) -> [Problem] {
        var problems: [Problem] = []
        guard let code = codes[spell.code] else { return [.unknownCode(String(spell.code), miYear: codes.miYear)] }
        if code.hoursRequired && spell.hours == nil { problems.append(.hoursRequired(code: spell.code)) }
        if let h = spell.hours, !(0...60).contains(h) { problems.append(.hoursOutOfRange(hoursText ?? String(h))) }
        if checkEmployer, code.employerRequired, (employer ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(.employerRequired(code: spell.code))
        }
        if spell.confirmedOn > today { problems.append(.confirmedInFuture(spell.confirmedOn)) }
        if spell.start > today.adding(years: 1) { problems.append(.startsInFuture(spell.start)) }
        if let other = existing.first(where: { $0.start == spell.start && $0.code != spell.code }) {
            problems.append(.overlaps(code: other.code, start: other.start))
        }
        return problems
    }
}

/// The Unique Learner Number's check digit (DfE/ESFA ULN validation: ten digits; the first nine weighted 10 down to 2,
/// the remainder mod 11 taken from 10 gives the tenth; a remainder of 0 makes no valid ULN).
public enum ULN {
    // DfE "Unique Learner Number validation" (the ILR's ULN_04 rule): check = 10 − (Σ dᵢ·(10−i) for i = 0…8) mod 11, remainder 0 invalid.
    public static func isValid(_ raw: String) -> Bool {
        let digits = raw.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard raw.count == 10, digits.count == 10 else { return false }
        let sum = (0..<9).reduce(0) { $0 + digits[$1] * (10 - $1) }
        let remainder = sum % 11
        return remainder != 0 && 10 - remainder == digits[9]
    }

    /// A valid ULN from any nine digits whose check digit exists (for demo data and tests); nil when the nine digits
    /// have no valid check digit.
    public static func complete(_ nine: String) -> String? {
        let digits = nine.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard nine.count == 9, digits.count == 9 else { return nil }
        let remainder = (0..<9).reduce(0) { $0 + digits[$1] * (10 - $1) } % 11
        guard remainder != 0 else { return nil }
        return nine + String(10 - remainder)
    }
}
