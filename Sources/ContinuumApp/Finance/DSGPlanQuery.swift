import Fluent
import SQLKit
import Foundation
import ContinuumDomain

/// Everything the DSG management plan shows, read from Continuum's own records in a fixed number of
/// queries (DSGMP-3): allocations, placements, the plans in force at each January census, the workstreams
/// with their savings, the engagement record and any Safety Valve targets.
struct DSGPlanReport: Sendable {
    let authorityName: String
    let laCode: String
    let asAt: CalendarDate
    let current: FinancialYear
    let financial: [DSGPlan.FinancialRow]
    let census: [DSGPlan.CensusCount]
    let cypActual: [DSGPlan.CYPTable]
    let cypForecast: [DSGPlan.CYPTable]
    let workstreams: [Workstream]
    let engagement: [Engagement]
    let safetyValve: String?

    struct Workstream: Sendable {
        let title, lead: String
        let startsOn: CalendarDate
        let endsOn: CalendarDate?
        let status: DSGPlan.WorkstreamStatus
        let rag: RAG
        let svCondition: String?
        let savings: [FinancialYear: Money]
    }

    struct Engagement: Sendable {
        let audience: DSGPlan.Audience
        let heldOn: CalendarDate
        let method, summary, outcome: String
    }

    var years: [FinancialYear] { financial.map(\.year) }
    /// The placement types any census table uses, in DSGMP-3's order, then "no placement recorded" (nil).
    var cypTypes: [PlacementType?] {
        let used = Set((cypActual + cypForecast).flatMap { $0.counts.values.flatMap(\.keys) })
        return PlacementType.allCases.filter { used.contains($0) } + (used.contains(nil) ? [nil] : [])
    }
}

enum DSGPlanQuery {
    /// Five years: last year's actuals, this year's forecast and three projected years, as the template's horizon.
    static let yearsAhead = 3
    static let censusYears = 5

    static func report(authority: Authority, asAt: CalendarDate, on db: any Database) async throws -> DSGPlanReport {
        let authorityID = try authority.requireID()
        let current = FinancialYear(containing: asAt)
        let first = current.previous
        let horizon = FinancialYear(startYear: current.startYear + yearsAhead)

        let allocations = try await HighNeedsAllocation.query(on: db).filter(\.$authority.$id == authorityID).all()
        let placements = try await placementRows(authorityID: authorityID, through: current.end, from: SEN2CensusDate.of(year: asAt.year - censusYears), on: db)
        var cost: [FinancialYear: Money] = [:]
        var year = first
        while year <= current {
            cost[year] = Money.sum(placements.map { (try? TopUpProRata.due(annual: Money(pence: $0.annual_pence), start: $0.starts_on, end: $0.ends_on, year: year).get())?.amount ?? .zero })
            year = year.next
        }

        let workstreams = try await DSGWorkstream.query(on: db).filter(\.$authority.$id == authorityID).sort(\.$startsOn).sort(\.$title).all()
        let savingRows = workstreams.isEmpty ? [] : try await DSGWorkstreamSaving.query(on: db).filter(\.$workstream.$id ~~ workstreams.compactMap(\.id)).all()
        var savingsByWorkstream: [UUID: [FinancialYear: Money]] = [:]
        var savings: [FinancialYear: Money] = [:]
        for row in savingRows {
            guard let fy = FinancialYear(row.financialYear) else { continue }
            savingsByWorkstream[row.$workstream.id, default: [:]][fy] = Money(pence: row.savingPence)
            savings[fy, default: .zero] += Money(pence: row.savingPence)
        }
        let events = try await DSGEngagementEvent.query(on: db).filter(\.$authority.$id == authorityID).sort(\.$heldOn, .descending).all()

        // SV-3: the agreement's in-year targets, from the latest return made for each year.
        let agreement = try await SafetyValveAgreement.query(on: db).filter(\.$authority.$id == authorityID).first()
        var targets: [FinancialYear: Money] = [:]
        if let agreement {
            let returns = try await SafetyValveReturn.query(on: db).filter(\.$agreement.$id == agreement.requireID()).sort(\.$dueOn).all()
            for item in returns { if let fy = FinancialYear(item.financialYear) { targets[fy] = Money(pence: item.targetPence) } }
        }

        let (census, cypActual) = try await plansAtCensus(authorityID: authorityID, asAt: asAt, placements: placements, on: db)
        let inputs = DSGPlan.FinanceInputs(
            income: Dictionary(allocations.compactMap { row in FinancialYear(row.financialYear).map { ($0, row.allocation.highNeeds + row.allocation.transferIn) } }, uniquingKeysWith: { a, _ in a }),
            openingCumulative: Dictionary(allocations.compactMap { row in FinancialYear(row.financialYear).map { ($0, row.allocation.openingCumulative) } }, uniquingKeysWith: { a, _ in a }),
            placementCost: cost, savings: savings, safetyValveTargets: targets, census: census)
        let forecast = cypActual.last.map { DSGPlan.cypForecast(latest: $0, census: census, through: horizon.startYear + 1) } ?? []
        return DSGPlanReport(
            authorityName: authority.name, laCode: authority.laCode, asAt: asAt, current: current,
            financial: DSGPlan.financialSummary(inputs, first: first, current: current, horizon: horizon),
            census: census, cypActual: cypActual, cypForecast: forecast,
            workstreams: workstreams.map { item in
                .init(title: item.title, lead: item.lead, startsOn: item.startsOn, endsOn: item.endsOn, status: item.status, rag: item.rag,
                      svCondition: item.svCondition, savings: item.id.flatMap { savingsByWorkstream[$0] } ?? [:])
            },
            engagement: events.compactMap { event in
                event.audience.map { .init(audience: $0, heldOn: event.heldOn, method: event.method, summary: event.summary, outcome: event.outcome) }
            },
            safetyValve: agreement?.name)
    }

    /// The placement open on `day`, the latest started where two overlap.
    private static func openPlacement(_ placements: [PlacementRow], on day: CalendarDate) -> PlacementRow? {
        placements.filter { $0.starts_on <= day && ($0.ends_on.map { end in end >= day } ?? true) }.max { $0.starts_on < $1.starts_on }
    }

    /// The columns the plan needs from each placement, through SQLKit: 20,000 placements are never built as models.
    struct PlacementRow: Decodable {
        let upn: String; let setting_type: String; let annual_pence: Int64; let starts_on: CalendarDate; let ends_on: CalendarDate?
        var settingType: PlacementType? { PlacementType(rawValue: setting_type) }
    }

    static func placementRows(authorityID: UUID, through: CalendarDate, from: CalendarDate, on db: any Database) async throws -> [PlacementRow] {
        guard let sql = db as? any SQLDatabase else { throw PaymentRunMaker.NotSQL() }
        return try await sql.select().columns("upn", "setting_type", "annual_pence", "starts_on", "ends_on")
            .from(Placement.schema)
            .where("authority_id", .equal, SQLBind(authorityID))
            .where("starts_on", .lessThanOrEqual, SQLBind(through))
            .where { $0.where("ends_on", .is, SQLLiteral.null).orWhere("ends_on", .greaterThanOrEqual, SQLBind(from)) }
            .all(decoding: PlacementRow.self)
    }

    private struct PlanRow: Decodable {
        let child_id: UUID?
        let upn: String?
        let final_issued_on: CalendarDate
        let ceased_on: CalendarDate?
        let date_of_birth: CalendarDate?
    }

    /// Plans in force on each of the last `censusYears` January census days (final plan issued on or before
    /// it, not ceased or replaced by then, as the SEN2 export counts them), one per child, by age band and by
    /// the type of the placement open that day. One query: four columns per plan.
    static func plansAtCensus(authorityID: UUID, asAt: CalendarDate, placements: [PlacementRow], on db: any Database)
        async throws -> ([DSGPlan.CensusCount], [DSGPlan.CYPTable]) {
        guard let sql = db as? any SQLDatabase else { return ([], []) }
        let rows = try await sql.select()
            .column(SQLColumn("child_id", table: EHCCase.schema)).column(SQLColumn("upn", table: EHCCase.schema))
            .column("final_issued_on").column("ceased_on").column(SQLColumn("date_of_birth", table: Child.schema))
            .from(EHCCase.schema)
            .join(Child.schema, method: SQLJoinMethod.left, on: SQLColumn("child_id", table: EHCCase.schema), .equal, SQLColumn("id", table: Child.schema))
            .where(SQLColumn("authority_id", table: EHCCase.schema), .equal, SQLBind(authorityID))
            .where("final_issued_on", .isNot, SQLLiteral.null)
            .all(decoding: PlanRow.self)
        let latest = SEN2CensusDate.latest(onOrBefore: asAt).year
        var byUPN: [String: [PlacementRow]] = [:]
        for placement in placements { byUPN[placement.upn, default: []].append(placement) }
        var counts: [DSGPlan.CensusCount] = []
        var tables: [DSGPlan.CYPTable] = []
        for censusYear in (latest - censusYears + 1)...latest {
            let day = SEN2CensusDate.of(year: censusYear)
            var seen = Set<String>()
            var cells: [DSGPlan.AgeBand: [PlacementType?: Int]] = [:]
            for row in rows where row.final_issued_on <= day && (row.ceased_on.map { $0 > day } ?? true) {
                guard let key = row.child_id?.uuidString ?? row.upn, seen.insert(key).inserted else { continue }
                guard let dob = row.date_of_birth else { continue }
                guard let band = DSGPlan.AgeBand(age: DSGPlan.AgeBand.age(dateOfBirth: dob, censusYear: censusYear)) else { continue }
                let type = openPlacement(byUPN[row.upn ?? ""] ?? [], on: day)?.settingType
                cells[band, default: [:]][type, default: 0] += 1
            }
            let table = DSGPlan.CYPTable(censusYear: censusYear, basis: .actual, counts: cells)
            // The trend counts every plan; the table only those whose age is known (a child record with a date of birth).
            counts.append(.init(censusYear: censusYear, plans: seen.count))
            // Only the censuses the records reach: a year with no plans yet held is no evidence of a fall.
            if table.total > 0 { tables.append(table) }
        }
        return (counts.filter { $0.plans > 0 }, tables)
    }
}
