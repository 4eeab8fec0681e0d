/// The circumstances in which the authority "need not comply" with the EHC
/// time limits. An exception does not give a new fixed date: the duty becomes
/// "as soon as practicable", so a case with one leaves the 20-week measure.
///
/// Raw values are the letters the CLI and the import file use (`--exception a`).
/// There is no COVID case: SI 2020/471's exception ran only from 1 May to
/// 25 September 2020 (rulebook EHC-6 ⚠) and belongs with historic data, not the live clock.
// SEND Regulations 2014 reg 10(4)(a)–(d): the exceptions, applied to the 20-week limit by reg 13(3).
public enum EHCException: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    // SEND Regulations 2014 reg 10(4)(a): school or post-16 institution asked for advice around a closure of 4+ weeks.
    case a
    // SEND Regulations 2014 reg 10(4)(b): the same for a provider of relevant early years education.
    case b
    // SEND Regulations 2014 reg 10(4)(c): exceptional personal circumstances of the child, parent or young person.
    case c
    // SEND Regulations 2014 reg 10(4)(d): child, parent or young person absent from the area for 4+ continuous weeks.
    case d

    /// "10(4)(a)", for notices and audit entries that must name the provision relied on.
    public var regulation: String { "10(4)(\(rawValue))" }

    /// "10_4_a": the `exception_code` the rulebook (EHC-6) stores.
    public var code: String { "10_4_\(rawValue)" }

    /// Plain-English reason, shown to caseworkers and families when a case leaves the 20-week measure.
    public var description: String {
        switch self {
        case .a:
            "The council asked a school or college for advice in the period from one week before it closed "
                + "for at least 4 weeks to one week before it re-opened"
        case .b:
            "The council asked an early years provider for advice in the period from one week before it closed "
                + "for at least 4 weeks to one week before it re-opened"
        case .c:
            "Exceptional personal circumstances affected the child, the parent or the young person"
        case .d:
            "The child, the parent or the young person was away from the council's area for at least 4 weeks in a row"
        }
    }

    /// Whether an advice request falls in a closure window that allows exception (a) or (b).
    ///
    /// `reopening` is the first day open again, so the closure length is
    /// `closureStart.days(to: reopening)`.
    // SEND Regulations 2014 reg 10(4)(a)/(b): closed ≥ 4 weeks; request from closure − 7 days to re-opening − 7 days (rulebook EHC-6).
    public static func closureWindowApplies(adviceRequested: CalendarDate, closureStart: CalendarDate,
                                            reopening: CalendarDate) -> Bool {
        closureStart.days(to: reopening) >= 28
            && adviceRequested >= closureStart.adding(days: -7)
            && adviceRequested <= reopening.adding(days: -7)
    }

    /// Whether an absence from the area allows exception (d).
    ///
    /// `returned` is the first day back, so the absence lasts `absentFrom.days(to: returned)` days.
    /// ⚠ Follows the rulebook's "overlaps the 20-week period"; a stricter reading of
    /// "during that time period" would need all 4 weeks inside it. Confirm with legal.
    // SEND Regulations 2014 reg 10(4)(d): absent ≥ 4 continuous weeks during the period (rulebook EHC-6: overlap check).
    public static func absenceApplies(absentFrom: CalendarDate, returned: CalendarDate,
                                      request: CalendarDate) -> Bool {
        absentFrom.days(to: returned) >= 28
            && absentFrom <= request.adding(days: 140)
            && returned > request
    }
}

extension EHCException {
    /// Whether an absence from the area allows exception (d) for a period of `periodDays` from `periodStart`
    /// (140 for the 20 weeks of reg 13(2), 98 for a re-assessment's 14 weeks under reg 27(3)).
    // SEND Regulations 2014 reg 10(4)(d) (rulebook EHC-6): absent ≥ 28 continuous days, overlapping the period.
    public static func absenceApplies(absentFrom: CalendarDate, returned: CalendarDate, periodStart: CalendarDate, periodDays: Int) -> Bool {
        absentFrom.days(to: returned) >= 28 && absentFrom <= periodStart.adding(days: periodDays) && returned > periodStart
    }

    /// Whether this exception needs dated evidence the system can check: (a) and (b) a closure, (d) an absence.
    public var needsClosure: Bool { self == .a || self == .b }
    public var needsAbsence: Bool { self == .d }
}

/// The dated evidence recorded with an exception, so the check can be repeated later.
public enum EHCExceptionEvidence: Hashable, Sendable {
    /// (a)/(b): the advice request made to the setting, and its closure; `reopened` is the first day open again.
    case closure(adviceRequest: EHCAdviceRequestID, closedFrom: CalendarDate, reopened: CalendarDate)
    /// (d): the absence from the area; `returned` is the first day back.
    case absence(from: CalendarDate, returned: CalendarDate)

    /// The two dates stored with the case: closure or absence start, and re-opening or return.
    public var period: (start: CalendarDate, end: CalendarDate) {
        switch self {
        case let .closure(_, from, reopened): (from, reopened)
        case let .absence(from, returned): (from, returned)
        }
    }

    public var adviceRequest: EHCAdviceRequestID? {
        if case let .closure(id, _, _) = self { return id }
        return nil
    }

    /// The stored form back into evidence for `exception`; nil when the exception needs none or a date is missing.
    public static func stored(for exception: EHCException?, adviceRequest: EHCAdviceRequestID?, start: CalendarDate?, end: CalendarDate?) -> EHCExceptionEvidence? {
        guard let exception, let start, let end else { return nil }
        if exception.needsClosure, let adviceRequest { return .closure(adviceRequest: adviceRequest, closedFrom: start, reopened: end) }
        if exception.needsAbsence { return .absence(from: start, returned: end) }
        return nil
    }
}

/// The rulebook's evidence checks for an exception, each problem tied to the form field it concerns
/// so the page can link to it. Dates are already real dates here; the checks are the law's.
public enum EHCExceptionEvidenceCheck {
    /// (a)/(b): closed for at least 4 weeks, and the advice asked for from a week before the closure to a week before re-opening.
    // SEND Regulations 2014 reg 10(4)(a)/(b) (rulebook EHC-6): advice_request ≥ closure_start − 7, ≤ reopen − 7, closure ≥ 28 days.
    public static func closure(_ exception: EHCException, adviceRequested: CalendarDate, closedFrom: CalendarDate, reopened: CalendarDate) -> [EHCFieldProblem] {
        var problems: [EHCFieldProblem] = []
        let setting = exception == .b ? "the early years provider" : "the school or college"
        let length = closedFrom.days(to: reopened)
        if length < 28 {
            problems.append(EHCFieldProblem("reopenedOn", length <= 0
                ? "The date \(setting) re-opened must be after the day it closed"
                : "Regulation \(exception.regulation) needs a closure of at least 4 weeks: \(setting) was closed for \(length) days, from \(closedFrom.longFormat) until it re-opened on \(reopened.longFormat)"))
        }
        let earliest = closedFrom.adding(days: -7), latest = reopened.adding(days: -7)
        if adviceRequested < earliest {
            problems.append(EHCFieldProblem("exceptionAdvice", "The advice was asked for on \(adviceRequested.longFormat), more than a week before the closure began: regulation \(exception.regulation) covers advice asked for from \(earliest.longFormat)"))
        } else if length > 0, adviceRequested > latest {
            problems.append(EHCFieldProblem("exceptionAdvice", "The advice was asked for on \(adviceRequested.longFormat), less than a week before \(setting) re-opened: regulation \(exception.regulation) covers advice asked for until \(latest.longFormat)"))
        }
        return problems
    }

    /// (d): away for at least 4 continuous weeks, overlapping the period the time limit covers.
    // SEND Regulations 2014 reg 10(4)(d) (rulebook EHC-6): absence ≥ 28 days that overlaps the 20-week (or reg 27 14-week) period.
    public static func absence(from: CalendarDate, returned: CalendarDate, periodStart: CalendarDate, periodDays: Int) -> [EHCFieldProblem] {
        let length = from.days(to: returned)
        if length <= 0 { return [EHCFieldProblem("returnedOn", "The date they came back must be after the day they went away")] }
        if length < 28 {
            return [EHCFieldProblem("returnedOn", "Regulation 10(4)(d) needs an absence of at least 4 weeks in a row: this absence lasted \(length) days")]
        }
        let periodEnd = periodStart.adding(days: periodDays)
        guard EHCException.absenceApplies(absentFrom: from, returned: returned, periodStart: periodStart, periodDays: periodDays) else {
            return [EHCFieldProblem("absentFrom", "The absence must fall at least partly within the \(periodDays / 7) weeks from \(periodStart.longFormat) to \(periodEnd.longFormat)")]
        }
        return []
    }
}
