/// The milestones around one annual review meeting, each tracked with an
/// overdue alert. "By" dates (`inviteBy`, `adviceCirculatedBy`) are the last
/// day the step is on time; "due" dates are the last day after the meeting.
public struct AnnualReviewTimeline: Hashable, Sendable {
    public let meeting: CalendarDate
    public let timescales: AnnualReviewTimescales

    public init(meeting: CalendarDate, timescales: AnnualReviewTimescales = .current) {
        self.meeting = meeting
        self.timescales = timescales
    }

    // SEND Regulations 2014 reg 20(3): at least two weeks' notice of the date of the meeting.
    public var inviteBy: CalendarDate { meeting.adding(days: -timescales.invitationNoticeDays) }

    // SEND Regulations 2014 reg 20(4): advice circulated at least two weeks in advance of the meeting.
    public var adviceCirculatedBy: CalendarDate { meeting.adding(days: -timescales.adviceCirculationDays) }

    // SEND Regulations 2014 reg 20 (rulebook AR-3; paragraph number unverified): report within 2 weeks of the meeting.
    public var reportDue: CalendarDate { meeting.adding(days: timescales.reportDays) }

    // SEND Regulations 2014 reg 20 (rulebook AR-3; paragraph number unverified): keep/amend/cease decision within 4 weeks.
    public var decisionDue: CalendarDate { meeting.adding(days: timescales.decisionDays) }

    // R (L, M and P) v Devon CC [2022] EWHC 493 (Admin): the 4-week decision notice must carry the proposed amendments.
    public var amendmentsProposedBy: CalendarDate { meeting.adding(days: timescales.amendmentsProposedDays) }

    /// Last day for the family's representations on proposed amendments (the day sent is day 1).
    // SEND Regulations 2014 reg 22(2): at least 15 days beginning with the day the proposed amendments were served.
    public func amendmentCommentsUntil(proposedAmendmentsSent: CalendarDate) -> CalendarDate {
        proposedAmendmentsSent.adding(days: 14)
    }

    /// The earlier of 8 weeks from sending the proposed amendments and 12 weeks
    /// from the meeting, so amendments sent late cannot stretch the Devon maximum.
    // SEND Regulations 2014 reg 22(3): final amended plan within 8 weeks of sending the proposed amendments.
    // R (L, M and P) v Devon CC [2022] EWHC 493 (Admin): and within 12 weeks of the review meeting.
    public func finalAmendedDue(proposedAmendmentsSent: CalendarDate) -> CalendarDate {
        min(proposedAmendmentsSent.adding(days: timescales.finalAmendedAfterProposalDays),
            meeting.adding(days: timescales.finalAmendedMaxAfterMeetingDays))
    }

    /// When the next review is due: 12 calendar months on, less a day.
    ///
    /// Months are added first (clamped to the month's end) and the day taken off
    /// after, as the rulebook writes it: a plan issued on 29 February 2024 gives
    /// 28 February 2025 − 1 = 27 February 2025, and 31 January gives 30 January.
    /// Taking the day off first would give 28 February; the order chosen is the
    /// earlier, so the review is never late under either reading.
    /// ⚠ Rulebook AR-1: whether a review "happens" at the meeting or the decision is
    /// ambiguous; pass whichever the authority records and keep the decision inside this date.
    // Children and Families Act 2014 s.44(1): review the plan at least every 12 months (rulebook AR-1: + 12 months − 1 day).
    public static func nextReviewDue(lastReviewOrIssue: CalendarDate) -> CalendarDate {
        lastReviewOrIssue.adding(months: 12).adding(days: -1)
    }

    /// The reviews due from `lastReviewOrIssue` until the next statutory review: the annual
    /// review always, and for a child under 5 the interim reviews every `interimInterval` before it.
    ///
    /// Interim reviews fall at whole intervals from the same start (each interval's months added,
    /// less a day, as for the annual date), while the child is still under 5 on the day one is due
    /// and before the annual review, which one landing on the same day would duplicate. They do
    /// not move the annual date: they are not the statutory review. An unknown date of birth
    /// gives no interim reviews.
    // Rulebook AR-2: interim reviews for under-5s are not the statutory annual review (SEND Code of Practice 9.178; CFA 2014 s.44(1)).
    public static func reviews(lastReviewOrIssue from: CalendarDate, dateOfBirth: CalendarDate?,
                               interimInterval: InterimReviewInterval = .default) -> ReviewSchedule {
        let annual = nextReviewDue(lastReviewOrIssue: from)
        var interim: [CalendarDate] = []
        if let dateOfBirth {
            var step = 1
            while true {
                let due = from.adding(months: step * interimInterval.months).adding(days: -1)
                guard due < annual, AgeAndStage.age(dateOfBirth: dateOfBirth, on: due) < 5 else { break }
                interim.append(due)
                step += 1
            }
        }
        return ReviewSchedule(annualDue: annual, interimDue: interim)
    }

    /// The latest meeting date whose decision still lands on or before `reviewDue`,
    /// the rulebook's conservative scheduling (decision within 12 months, meeting 4 weeks earlier).
    // Rulebook AR-1 ⚠: require the decision notice within 12 months, so meet at least the decision period earlier.
    public static func latestMeeting(forReviewDue reviewDue: CalendarDate,
                                     timescales: AnnualReviewTimescales = .current) -> CalendarDate {
        reviewDue.adding(days: -timescales.decisionDays)
    }
}

/// The reviews of a plan until its next statutory review (see `AnnualReviewTimeline.reviews`).
public struct ReviewSchedule: Hashable, Sendable {
    /// The statutory review: 12 months from the plan or the last review, less a day (rulebook AR-1).
    public let annualDue: CalendarDate
    /// The interim reviews before it for a child under 5, earliest first (rulebook AR-2); empty otherwise.
    public let interimDue: [CalendarDate]

    public init(annualDue: CalendarDate, interimDue: [CalendarDate]) {
        self.annualDue = annualDue
        self.interimDue = interimDue
    }

    /// The first review not yet past on `date` (or, with no date, the first of all), interim or
    /// annual. Past interim reviews are not carried: they are advice (SHOULD), and the annual
    /// review that follows is the one that can be late.
    public func next(onOrAfter date: CalendarDate? = nil) -> (due: CalendarDate, interim: Bool) {
        if let due = interimDue.first(where: { due in date.map { due >= $0 } ?? true }) { return (due, true) }
        return (annualDue, false)
    }
}
