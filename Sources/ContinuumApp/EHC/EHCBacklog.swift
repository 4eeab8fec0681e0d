import Fluent
import SQLKit
import Vapor
import ContinuumDomain

/// The figures behind the backlog dashboard and the performance page, computed from a fixed
/// number of queries whatever the caseload (no per-case queries).
struct EHCBacklog {
    struct OpenCase { let id: UUID; let childName: String; let stage: EHCStage; let weeksOpen: Int; let next: EHCNextStep?; let caseworker: String?; var childID: UUID? = nil }
    struct Caseload { let name: String; let agency: Bool; let trainee: Bool; let open: Int; let overdue: Int }
    struct Backtest { let madeOn: CalendarDate; let predicted: Int; let actual: Int; let checkedOn: CalendarDate }

    static let weekBands: [(label: String, range: Range<Int>)] = [("Under 6 weeks", 0..<6), ("6 to 16 weeks", 6..<16), ("16 to 20 weeks", 16..<20), ("Over 20 weeks", 20..<10_000)]
    static let forecastWindowWeeks = 12

    var today: CalendarDate
    var open: [OpenCase] = []
    var byStageAndWeeks: [(stage: EHCStage, counts: [Int])] = []
    var caseloads: [Caseload] = []
    var unallocated = 0
    /// Re-assessments run on their own 14-week clock (reg 27), so they are counted apart from the 6/16/20-week bands.
    var reassessments: (open: Int, overdue: Int) = (0, 0)
    var reviewsOverdue = 0
    var reviewsDueIn8Weeks = 0
    var plansInForce = 0
    var phaseTransfers: (secondary: Int, post16: Int, notReviewed: Int) = (0, 0, 0)
    var trend: [EHCTimelinessQuery.MonthTrend] = []
    var forecast: EHCBacklogForecast?
    var backtests: [Backtest] = []
    var lastYear: (year: Int, summary: EHCTimeliness.Summary)?
    var responseTime: FamilyResponseTime.Summary?

    static func load(authorityID: UUID, today: CalendarDate, withCases: Bool, on db: any Database) async throws -> EHCBacklog {
        var result = EHCBacklog(today: today)
        let openStages = EHCCase.openAssessmentStages + [.underReview, .amendmentProposed]
        let cases = try await EHCCase.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$stageRaw ~~ openStages.map(\.rawValue)).with(\.$child).all()
        let advice = try await adviceAsked(authorityID: authorityID, on: db)
        let profiles = try await CaseworkerProfile.query(on: db).filter(\.$authorityID == authorityID).sort(\.$name).all()
        try countOpenCases(cases, advice: advice, profiles: profiles, withCases: withCases, today: today, into: &result)

        // Families' messages over the last 12 weeks and how fast the council answered.
        let messages = try await EHCMessage.query(on: db).join(EHCCase.self, on: \EHCMessage.$ehcCase.$id == \EHCCase.$id)
            .filter(EHCCase.self, \.$authority.$id == authorityID).filter(\.$sentOn >= today.adding(days: -84)).all()
        result.responseTime = FamilyResponseTime.summary(EHCMessage.pairs(messages), today: today)

        guard let sql = db as? any SQLDatabase else { return result }
        try await countPlansInForce(authorityID: authorityID, today: today, on: sql, into: &result)
        result.trend = try await EHCTimelinessQuery.monthlyTrend(authorityID: authorityID, months: 24, endingWith: today, on: db)
        result.lastYear = (today.year - 1, try await EHCTimelinessQuery.summary(authorityID: authorityID, year: today.year - 1, on: db))
        // Only caseworkers still in post complete assessments from here on.
        let caseworkers = profiles.filter { !$0.hasEnded(by: today) }.count
        try await forecastBacklog(authorityID: authorityID, today: today, caseworkers: caseworkers, on: sql, into: &result)
        return result
    }

    /// For each case being assessed, the day its first advice was asked for and whether any advice
    /// is still outstanding: the next statutory step depends on both.
    private static func adviceAsked(authorityID: UUID, on db: any Database) async throws -> (first: [UUID: CalendarDate], outstanding: Set<UUID>) {
        let advice = try await EHCAdviceRequest.query(on: db).join(EHCCase.self, on: \EHCAdviceRequest.$ehcCase.$id == \EHCCase.$id)
            .filter(EHCCase.self, \.$authority.$id == authorityID).filter(EHCCase.self, \.$stageRaw == EHCStage.assessing.rawValue).all()
        var firstAdvice: [UUID: CalendarDate] = [:]
        var outstanding = Set<UUID>()
        for a in advice {
            firstAdvice[a.$ehcCase.id] = min(firstAdvice[a.$ehcCase.id] ?? a.requestedOn, a.requestedOn)
            if a.receivedOn == nil { outstanding.insert(a.$ehcCase.id) }
        }
        return (firstAdvice, outstanding)
    }

    /// The open cases by stage and weeks open, each caseworker's load, the re-assessments and the
    /// unallocated, from the cases already loaded; and the list of cases when the page shows it.
    private static func countOpenCases(_ cases: [EHCCase], advice: (first: [UUID: CalendarDate], outstanding: Set<UUID>), profiles: [CaseworkerProfile],
                                       withCases: Bool, today: CalendarDate, into result: inout EHCBacklog) throws {
        let firstAdvice = advice.first, outstanding = advice.outstanding
        let names = Dictionary(profiles.map { ($0.userID, $0.name) }, uniquingKeysWith: { a, _ in a })
        var counts: [EHCStage: [Int]] = [:]
        var load: [UUID: (open: Int, overdue: Int)] = [:]
        for item in cases {
            let id = try item.requireID()
            let next = EHCNextStep.compute(stage: item.stage, dates: item.dates(adviceRequested: firstAdvice[id]), adviceOutstanding: outstanding.contains(id))
            let weeks = max(0, item.requestedOn.days(to: today) / 7)
            if item.kind == .reassessment {
                result.reassessments.open += 1
                if next?.isOverdue(on: today) == true { result.reassessments.overdue += 1 }
            } else if EHCCase.openAssessmentStages.contains(item.stage) {
                let band = weekBands.firstIndex { $0.range.contains(weeks) } ?? 0
                counts[item.stage, default: Array(repeating: 0, count: weekBands.count)][band] += 1
            } else {
                counts[item.stage, default: Array(repeating: 0, count: weekBands.count)][0] += 0
            }
            if let worker = item.caseworkerID { load[worker, default: (0, 0)].open += 1; if next?.isOverdue(on: today) == true { load[worker, default: (0, 0)].overdue += 1 } }
            else { result.unallocated += 1 }
            if withCases {
                result.open.append(OpenCase(id: id, childName: (item.child?.fullName ?? "Unmatched UPN \(item.upn ?? "")") + (item.kind == .reassessment ? " (re-assessment)" : ""),
                                            stage: item.stage, weeksOpen: weeks,
                                            next: next, caseworker: item.caseworkerID.flatMap { names[$0] }, childID: item.$child.id))
            }
        }
        // Overdue first (most overdue at the top), then by the nearest due date.
        result.open.sort { a, b in
            let da = a.next?.due ?? CalendarDate(year: 9999, month: 12, day: 31), dbb = b.next?.due ?? CalendarDate(year: 9999, month: 12, day: 31)
            return da == dbb ? a.childName < b.childName : da < dbb
        }
        result.byStageAndWeeks = EHCCase.openAssessmentStages.map { ($0, counts[$0] ?? Array(repeating: 0, count: weekBands.count)) }
        result.caseloads = profiles.map { p in Caseload(name: p.name, agency: p.isAgency, trainee: p.isTrainee, open: load[p.userID]?.open ?? 0, overdue: load[p.userID]?.overdue ?? 0) }
    }

    /// Annual reviews and phase transfers over the plans in force: two columns per plan plus the date of birth.
    private static func countPlansInForce(authorityID: UUID, today: CalendarDate, on sql: any SQLDatabase, into result: inout EHCBacklog) async throws {
        struct PlanRow: Decodable { let final_issued_on: CalendarDate?; let last_review_on: CalendarDate?; let date_of_birth: CalendarDate?; let nc_year_offset: Int? }
        let plans = try await sql.select().column(SQLColumn("final_issued_on", table: EHCCase.schema)).column(SQLColumn("last_review_on", table: EHCCase.schema))
            .column(SQLColumn("date_of_birth", table: Child.schema)).column(SQLColumn("nc_year_offset", table: Child.schema))
            .from(EHCCase.schema)
            .join(Child.schema, method: SQLJoinMethod.left, on: SQLColumn("child_id", table: EHCCase.schema), .equal, SQLColumn("id", table: Child.schema))
            .where(SQLColumn("authority_id", table: EHCCase.schema), .equal, SQLBind(authorityID))
            .where(SQLColumn("stage", table: EHCCase.schema), .in, SQLBind.group([EHCStage.finalIssued, .underReview, .amendmentProposed].map(\.rawValue)))
            .all(decoding: PlanRow.self)
        result.plansInForce = plans.count
        let septemberStart = CalendarDate(year: today.academicYearStart, month: 9, day: 1)
        for plan in plans {
            guard let from = plan.last_review_on ?? plan.final_issued_on else { continue }
            // Rulebook AR-2: the annual review is counted for every plan; an under-5's interim reviews are extra, not a replacement.
            let due = AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: from)
            if due < today { result.reviewsOverdue += 1 } else if today.days(to: due) <= 56 { result.reviewsDueIn8Weeks += 1 }
            // SEND Regulations 2014 reg 18: plans for children moving phase next September are flagged from this September.
            // Rulebook AR-5: from the year the child is taught in, for every transfer reg 18(1) dates (15 February or 31 March).
            if let dob = plan.date_of_birth,
               let transfer = PhaseTransfer.next(dateOfBirth: dob, on: today, yearOffset: plan.nc_year_offset) {
                if transfer.kind == .secondary { result.phaseTransfers.secondary += 1 } else { result.phaseTransfers.post16 += 1 }
                if (plan.last_review_on ?? CalendarDate(year: 1900, month: 1, day: 1)) < septemberStart { result.phaseTransfers.notReviewed += 1 }
            }
        }
    }

    /// The backlog forecast and its back-test, which need only (requested, closed) for assessments
    /// open at some point in the last year.
    private static func forecastBacklog(authorityID: UUID, today: CalendarDate, caseworkers: Int, on sql: any SQLDatabase, into result: inout EHCBacklog) async throws {
        struct FlowRow: Decodable { let requested_on: CalendarDate; let assessment_closed_on: CalendarDate? }
        let horizonStart = today.adding(days: -7 * (forecastWindowWeeks * 3 + 20 * 2))
        let flows = try await sql.select().column("requested_on").column("assessment_closed_on").from(EHCCase.schema)
            .where("authority_id", .equal, authorityID)
            // The forecast is of new assessments, the backlog the 20-week figures measure.
            .where("kind", .equal, EHCCaseKind.new.rawValue)
            .where(group: { $0.where("assessment_closed_on", .is, SQLLiteral.null).orWhere("assessment_closed_on", .greaterThanOrEqual, horizonStart) })
            .all(decoding: FlowRow.self)
            .map { row -> (CalendarDate, CalendarDate?) in (row.requested_on, row.assessment_closed_on) }
        func backlog(on day: CalendarDate) -> Int { flows.filter { $0.0 <= day && ($0.1 == nil || $0.1! > day) }.count }
        func forecast(at day: CalendarDate) -> EHCBacklogForecast {
            let start = day.adding(days: -7 * forecastWindowWeeks)
            let intake = flows.filter { $0.0 > start && $0.0 <= day }.count
            let completions = flows.filter { $0.1.map { $0 > start && $0 <= day } ?? false }.count
            return EHCBacklogForecast.from(backlog: backlog(on: day), intake: intake, completions: completions,
                                           caseworkerWeeks: Double(caseworkers * forecastWindowWeeks), window: forecastWindowWeeks, caseworkers: caseworkers)
        }
        result.forecast = forecast(at: today)
        // Back-test: what the same method said 12 and 24 weeks ago about today and 12 weeks later.
        for weeksAgo in [24, 12] {
            let made = today.adding(days: -7 * weeksAgo)
            let checked = made.adding(days: 7 * forecastWindowWeeks)
            result.backtests.append(Backtest(madeOn: made, predicted: forecast(at: made).predictedBacklog(afterWeeks: forecastWindowWeeks), actual: backlog(on: checked), checkedOn: checked))
        }
    }
}
