import Foundation

/// Every statutory date for one EHC needs assessment, from the dates a case
/// has reached so far. Dates that depend on a step not yet taken are nil
/// (printed as JSON `null`), so a caseworker sees only deadlines that exist.
///
/// All periods are calendar days, with no roll-off weekends or bank holidays:
/// the rulebook's "Date arithmetic" reads "within N weeks of X" as X + 7×N days.
public struct EHCTimeline: Hashable, Sendable {
    /// Notify whether an assessment is necessary; nil when a reg 5(4) exception applies
    /// (`decisionException`), because that duty is then "as soon as practicable".
    public let decisionDue: CalendarDate?
    /// Advice from the advice-giver asked on `adviceRequested`; nil until advice is requested.
    public let adviceDue: CalendarDate?
    /// Notify a decision not to issue a plan after assessment; nil when a reg 10(4)
    /// exception applies, which removes the 16-week limit as well as the 20-week one.
    public let notIssuingNoticeDue: CalendarDate?
    /// Send the final plan; nil when an exception applies, because the duty is then
    /// "as soon as practicable" with no fixed date.
    public let finalDue: CalendarDate?
    /// True when an exception has turned a time limit into "as soon as practicable":
    /// a regulation 10(4) exception (16 and 20 weeks) or a regulation 5(4) one (6 weeks).
    public let asSoonAsPracticable: Bool
    /// Last day of the family's window for representations on the draft.
    public let commentsUntil: CalendarDate?
    /// First day the plan may be finalised after the draft.
    public let earliestFinal: CalendarDate?
    /// First annual review due, counted from the final plan's issue date.
    public let annualReviewDue: CalendarDate?
    /// Regulation 18(1) day for a phase transfer (see `PhaseTransfer.lastCompliantDay`).
    public let phaseTransferDeadline: CalendarDate?

    public init(decisionDue: CalendarDate?, adviceDue: CalendarDate?, notIssuingNoticeDue: CalendarDate?,
                finalDue: CalendarDate?, asSoonAsPracticable: Bool, commentsUntil: CalendarDate?,
                earliestFinal: CalendarDate?, annualReviewDue: CalendarDate?, phaseTransferDeadline: CalendarDate?) {
        self.decisionDue = decisionDue
        self.adviceDue = adviceDue
        self.notIssuingNoticeDue = notIssuingNoticeDue
        self.finalDue = finalDue
        self.asSoonAsPracticable = asSoonAsPracticable
        self.commentsUntil = commentsUntil
        self.earliestFinal = earliestFinal
        self.annualReviewDue = annualReviewDue
        self.phaseTransferDeadline = phaseTransferDeadline
    }

    // SEND Regulations 2014 reg 5(1): decision whether to assess within 6 weeks of the request.
    public static let decisionDays = 42
    // SEND Regulations 2014 reg 8: advice-givers must comply within 6 weeks of being asked.
    public static let adviceDays = 42
    // SEND Regulations 2014 reg 10(1): notice of a decision not to issue within 16 weeks of the request.
    public static let notIssuingDays = 112
    // SEND Regulations 2014 reg 13(2): final plan within 20 weeks of the request.
    public static let finalDays = 140
    // SEND Regulations 2014 reg 13(1)(a): at least 15 days beginning with the day the draft is served (day 1 = served).
    public static let representationDays = 15
    // SEND Regulations 2014 reg 27(2): amended or replacement plan within 14 weeks of deciding to re-assess.
    public static let reassessmentDays = 98

    /// `request` is the date the authority received the request (or became
    /// responsible for the child): every EHC clock runs from it.
    ///
    /// `exception` is a reg 10(4) exception to the assessment's limits: it removes both
    /// `notIssuingNoticeDue` (16 weeks) and `finalDue` (20 weeks). `decisionException` is a
    /// reg 5(4) exception to the 6-week decision and removes `decisionDue`. Either sets
    /// `asSoonAsPracticable`. Both default to nil, so existing callers are unchanged.
    // SEND Regulations 2014 regs 5(1), 10(1), 13(2) and rulebook EHC-1: the clock starts on receipt of the request.
    public static func compute(request: CalendarDate, adviceRequested: CalendarDate? = nil,
                               draftServed: CalendarDate? = nil, finalIssued: CalendarDate? = nil,
                               exception: EHCException? = nil, decisionException: EHCException? = nil,
                               transfer: PhaseTransfer? = nil) -> EHCTimeline {
        EHCTimeline(
            // SEND Regulations 2014 reg 5(4) (rulebook EHC-2): the 6-week limit does not apply in the reg 5(4) circumstances.
            decisionDue: decisionException == nil ? request.adding(days: decisionDays) : nil,
            adviceDue: adviceRequested?.adding(days: adviceDays),
            // SEND Regulations 2014 reg 10(4) (rulebook EHC-4): the 16-week limit does not apply in the reg 10(4) circumstances.
            notIssuingNoticeDue: exception == nil ? request.adding(days: notIssuingDays) : nil,
            // SEND Regulations 2014 reg 13(3): the 20-week limit does not apply in the reg 10(4) circumstances.
            finalDue: exception == nil ? request.adding(days: finalDays) : nil,
            asSoonAsPracticable: exception != nil || decisionException != nil,
            // Day 1 is the day served, so the 15th day is served + 14 and finalising may start the day after.
            commentsUntil: draftServed?.adding(days: representationDays - 1),
            earliestFinal: draftServed?.adding(days: representationDays),
            annualReviewDue: finalIssued.map { AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: $0) },
            phaseTransferDeadline: transfer?.deadline)
    }

    /// Due date for the amended or replacement plan after a re-assessment; nil
    /// when an exception applies (the same "as soon as practicable" rule).
    // SEND Regulations 2014 reg 27(2)–(3): 14 weeks, with the reg 10(4) exceptions.
    public static func reassessmentFinalDue(decidedToReassess: CalendarDate, exception: EHCException?) -> CalendarDate? {
        exception == nil ? decidedToReassess.adding(days: reassessmentDays) : nil
    }

    /// Dates that contradict each other, one sentence each; empty when the dates are consistent.
    ///
    /// Dates in the future are allowed: planned dates are entered ahead of time.
    /// ⚠ A final plan inside the 15-day window is reported even though a family may
    /// waive representations in writing (rulebook EHC-5, LOCAL policy); the caller decides.
    public static func problems(request: CalendarDate, adviceRequested: CalendarDate?,
                                draftServed: CalendarDate?, finalIssued: CalendarDate?) -> [String] {
        var problems: [String] = []
        if let advice = adviceRequested, advice < request {
            problems.append("advice requested on \(advice) is before the request was received on \(request)")
        }
        if let draft = draftServed, draft < request {
            problems.append("draft plan served on \(draft) is before the request was received on \(request)")
        }
        if let final = finalIssued {
            if final < request {
                problems.append("final plan issued on \(final) is before the request was received on \(request)")
            }
            if let draft = draftServed, final < draft.adding(days: representationDays) {
                problems.append("final plan issued on \(final) is before \(draft.adding(days: representationDays)), "
                    + "15 days after the draft was served on \(draft) (reg 13(1))")
            }
        }
        return problems
    }

    /// The statutory dates above paired with their JSON keys, in the CLI contract's order.
    public var labelledDates: [(key: String, date: CalendarDate?)] {
        [("decision_due", decisionDue), ("advice_due", adviceDue), ("not_issuing_notice_due", notIssuingNoticeDue),
         ("final_due", finalDue), ("comments_until", commentsUntil), ("earliest_final", earliestFinal),
         ("annual_review_due", annualReviewDue), ("phase_transfer_deadline", phaseTransferDeadline)]
    }

    /// One sentence for each date outside the bank-holiday table `holidays`; empty when every date is inside it.
    /// The dates are calendar days and stand; the warning says a holiday there is not yet known.
    // Issue 14 item 5: statutory dates past the bank-holiday table's end carry a warning.
    public func warnings(against holidays: BankHolidays) -> [String] {
        labelledDates.compactMap { item in item.date.flatMap { holidays.unknownHolidayWarning(item.key, $0) } }
    }

    /// `warnings(against:)` the bundled England and Wales table.
    public var warnings: [String] { warnings(against: .englandAndWales) }

    /// One line of JSON, keys in the order of the CLI contract (issue 5), no spaces,
    /// dates as "YYYY-MM-DD" and `null` where a date does not apply. A `warnings` array
    /// of strings follows the contract's keys only when `warnings` is not empty, so every
    /// line for dates inside the bank-holiday table is unchanged.
    public func jsonLine() -> String {
        func date(_ value: CalendarDate?) -> String { value.map { "\"\($0)\"" } ?? "null" }
        let fields: [(String, String)] = [
            ("decision_due", date(decisionDue)),
            ("advice_due", date(adviceDue)),
            ("not_issuing_notice_due", date(notIssuingNoticeDue)),
            ("final_due", date(finalDue)),
            ("as_soon_as_practicable", asSoonAsPracticable ? "true" : "false"),
            ("comments_until", date(commentsUntil)),
            ("earliest_final", date(earliestFinal)),
            ("annual_review_due", date(annualReviewDue)),
            ("phase_transfer_deadline", date(phaseTransferDeadline)),
        ]
        var line = fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
        let warnings = self.warnings
        if !warnings.isEmpty { line += ",\"warnings\":[" + warnings.map(Self.quoted).joined(separator: ",") + "]" }
        return "{" + line + "}"
    }

    /// A JSON string literal (the warnings hold dates and plain words, but escape anyway).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
