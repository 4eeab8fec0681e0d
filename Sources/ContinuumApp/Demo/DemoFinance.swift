import Fluent
import Foundation
import ContinuumDomain

/// The demo county's money (issue 15 item 9), calibrated to the seed papers: a High Needs Block of about
/// £54m a year with a £23m deficit brought forward (Medway, SEED-2), and a placement with its top-up for
/// every plan in force, in the mix of settings a county like this has. Only the full demo has it, so the
/// small test county keeps no money the tests did not put there.
enum DemoFinance {
    /// (type, s251 line, weight, annual top-up range in pounds): *illustrative*, after HNB-4's benchmarks.
    /// Top-up only: place funding (£10,000 a special place) is paid apart. Many mainstream plans get little or
    /// no top-up (HNF-1: a plan does not mean top-up). Weighted so the year's cost is near the allocation.
    static let mix: [(PlacementType, String, Double, ClosedRange<Int>)] = [
        (.mainstreamMaintained, "1.2.1", 40, 0...4_000),
        (.mainstreamAcademy, "1.2.2", 30, 0...4_000),
        (.unitRP, "1.2.1", 6, 4_000...8_000),
        (.specialState, "1.2.1", 16, 8_000...14_000),
        (.independentSpecial, "1.2.3", 3, 40_000...70_000),
        (.nmss, "1.2.3", 1, 35_000...55_000),
        (.apPRU, "1.2.7", 2, 8_000...15_000),
        (.feSPI, "1.2.2", 2, 5_000...12_000),
    ]

    static func seed(authorityID: UUID, today: CalendarDate, on db: any Database) async throws {
        // Its own stream, so adding money to the demo leaves every other demo record as it was.
        var rng = SeededRandom(seed: 885_015)
        let year = FinancialYear(containing: today)
        for (offset, opening) in [(-1, Money(pence: -2_300_000_000)), (0, Money(pence: -1_930_000_000))] {
            let allocation = HighNeedsAllocation()
            allocation.$authority.id = authorityID
            allocation.financialYear = FinancialYear(startYear: year.startYear + offset).description
            allocation.highNeedsPence = offset == 0 ? 5_600_000_000 : 5_400_000_000
            allocation.transferInPence = 100_000_000
            allocation.openingBalancePence = opening.pence
            try await allocation.create(on: db)
        }
        let plans = try await EHCCase.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$stageRaw == EHCStage.finalIssued.rawValue).filter(\.$upn != nil).all()
        var placements: [Placement] = []
        var seen = Set<String>()
        for plan in plans {
            guard let upn = plan.upn, let issued = plan.finalIssuedOn, seen.insert(upn).inserted else { continue }
            let (type, line, _, range) = rng.weighted(mix.map { (($0.0, $0.1, $0.2, $0.3), $0.2) })
            let placement = Placement()
            placement.$authority.id = authorityID
            placement.$child.id = plan.$child.id
            placement.upn = upn
            placement.setting = String(100_000 + Int.random(in: 0..<900_000, using: &rng))
            placement.settingTypeRaw = type.rawValue
            placement.residential = type == .independentSpecial && rng.chance(0.15)
            placement.commissioningLA = DemoSeeder.laCode
            placement.providerLA = type.isIndependentOrNonMaintained ? nil : DemoSeeder.laCode
            placement.placeFundingPence = type.defaultPlaceFunding?.pence
            placement.s251Line = line
            placement.annualPence = Int64(Int.random(in: range, using: &rng) / 50 * 50) * 100
            placement.startsOn = issued
            placement.source = "continuum"
            placements.append(placement)
        }
        for chunk in placements.chunked(into: 400) { try await chunk.create(on: db) }
        try await seedSafetyValve(authorityID: authorityID, on: db)
        try await seedMETBudget(authorityID: authorityID, today: today, on: db)
        try await seedDSGPlan(authorityID: authorityID, today: today, on: db)
    }

    /// The DSG management plan's workstreams (Dudley's headings, DSGMP-3) and engagement record
    /// (*illustrative*): the sufficiency lever of WX-1 makes most of the saving.
    static func seedDSGPlan(authorityID: UUID, today: CalendarDate, on db: any Database) async throws {
        let year = FinancialYear(containing: today)
        let workstreams: [(String, String, Int, DSGPlan.WorkstreamStatus, RAG, String?, [Int64])] = [
            ("Placements and commissioning: 60 more local special school places", "Head of SEND commissioning", -1, .inProgress, .amber,
             "Reduce independent placements", [90_000_000, 150_000_000, 180_000_000]),
            ("Improvement workstreams: ordinarily available provision in mainstream schools", "SEND improvement lead", 0, .inProgress, .green,
             "Earlier support in mainstream", [30_000_000, 50_000_000, 60_000_000]),
            ("Local area and governance: top-up band review with Schools Forum", "Finance business partner", 0, .planned, .amber, nil,
             [20_000_000, 20_000_000, 20_000_000]),
        ]
        for (title, lead, startOffset, status, rag, condition, savings) in workstreams {
            let item = DSGWorkstream()
            item.$authority.id = authorityID
            item.title = title; item.lead = lead; item.startsOn = FinancialYear(startYear: year.startYear + startOffset).start
            item.statusRaw = status.rawValue; item.ragRaw = rag.rawValue; item.svCondition = condition
            try await item.create(on: db)
            for (offset, pence) in savings.enumerated() {
                let saving = DSGWorkstreamSaving()
                saving.$workstream.id = item.id!
                saving.financialYear = FinancialYear(startYear: year.startYear + offset + 1).description
                saving.savingPence = pence
                try await saving.create(on: db)
            }
        }
        let events: [(DSGPlan.Audience, Int, String, String, String)] = [
            (.schoolsForum, -60, "Schools Forum meeting", "The plan's autumn update and the High Needs forecast.", "Forum asked for the top-up band review to report in the spring."),
            (.parentsAndCarers, -45, "Parent carer forum workshop", "What families want from new local special school places.", "Two of the new places will be at the north of the county."),
            (.educationInstitutions, -30, "SENCO network", "Ordinarily available provision and the £6,000 line.", "A guide to what schools fund before top-up was published."),
            (.electedMembers, -20, "Scrutiny committee", "The Safety Valve return's RAG and the deficit trajectory.", "Members asked for the briefing note each term."),
        ]
        for (audience, days, method, summary, outcome) in events {
            let event = DSGEngagementEvent()
            event.$authority.id = authorityID
            event.audienceRaw = audience.rawValue; event.heldOn = today.adding(days: days)
            event.method = method; event.summary = summary; event.outcome = outcome
            try await event.create(on: db)
        }
    }

    /// WX-1 (*illustrative*, Medway-calibrated): £17.5m from 2022-23, £5.7m first then four instalments of
    /// £737,500 a year; tri-annual returns. Return 2 of 2024-25 forecasts +£0.9m against +£1.5m: red.
    static func seedSafetyValve(authorityID: UUID, on db: any Database) async throws {
        let agreement = SafetyValveAgreement()
        agreement.$authority.id = authorityID
        agreement.name = "Severn Vale Safety Valve agreement 2022-23 to 2026-27"
        agreement.totalPence = 1_750_000_000
        agreement.firstYear = "2022-23"
        agreement.returnsPerYear = 3
        agreement.tolerancePence = SafetyValveTolerance.default.amount.pence
        agreement.tolerancePercent = SafetyValveTolerance.default.percent
        try await agreement.create(on: db)
        let schedule = SafetyValveSchedule.wx1(firstYear: FinancialYear(startYear: 2022))
        let released: Set<String> = ["2022-23#1", "2023-24#1", "2023-24#2", "2023-24#3", "2023-24#4", "2024-25#1", "2024-25#2"]
        let instalments = schedule.instalments.map { item -> SafetyValveInstalment in
            let row = SafetyValveInstalment()
            row.$agreement.id = agreement.id!
            row.version = schedule.version; row.financialYear = item.year.description; row.number = item.number
            row.plannedPence = item.planned.pence
            row.status = released.contains("\(item.year)#\(item.number)") ? "released" : (item.year.startYear == 2024 ? "withheld" : "planned")
            return row
        }
        try await instalments.create(on: db)
        let returns: [(String, String, String, Int64, Int64, String, String)] = [
            ("2024-25 return 1", "2024-25", "2024-07-31", 150_000_000, 140_000_000, "Special school places opened in September are filling as planned.", "Confirm the autumn placements forecast."),
            ("2024-25 return 2", "2024-25", "2024-11-30", 150_000_000, 90_000_000, "Independent placements rose by 12 in the autumn term; the next instalment is at risk.", "Bring the sufficiency workstream's new places forward to January."),
            ("2025-26 return 1", "2025-26", "2025-07-31", 250_000_000, 230_000_000, "The January places reduced independent placements by 8.", "Report the spring review of top-up bands to Schools Forum."),
        ]
        // SV-3: reform conditions from the DSG management plan, after Kent's themes (*illustrative*).
        let conditionRows: [(String, String, SafetyValveConditionStatus)] = [
            ("Local specialist sufficiency", "Open 120 local special school and resourced provision places by September 2025, so fewer children are placed in independent schools.", .onTrack),
            ("Mainstream inclusion", "Support mainstream schools to meet needs at SEN support: a graduated approach, outreach from special schools and a review of top-up bands.", .late),
            ("EHC assessment and review consistency", "Make decisions to assess, and annual reviews, consistent with the local criteria, and hold them to time.", .onTrack),
        ]
        var conditions: [SafetyValveCondition] = []
        for (number, (title, details, status)) in conditionRows.enumerated() {
            let condition = SafetyValveCondition()
            condition.$agreement.id = agreement.id!
            condition.number = number + 1; condition.title = title; condition.details = details; condition.status = status.rawValue
            try await condition.create(on: db)
            conditions.append(condition)
        }
        // SV-7: Medway-style register; WX-1's return 2 of 2024-25 links the top three risks (*illustrative*).
        let riskRows: [(String, String, String, (Int, Int), (Int, Int), Int?, String?)] = [
            ("Demand and complexity: EHC plans keep rising faster than the trajectory assumed", "Assistant Director, SEND",
             "Monthly tracking of requests against the plan; the graduated approach in mainstream", (5, 4), (4, 4), 1, "Mainstream inclusion"),
            ("Independent placements rise because special schools are full", "Head of SEND commissioning",
             "Sufficiency programme; placement panel agrees each independent place", (4, 5), (3, 4), 0, "Sufficiency"),
            ("Price and inflation: independent providers' fees rise above budget", "Head of SEND commissioning",
             "Regional fee framework; annual fee negotiation", (4, 3), (3, 3), 0, "Sufficiency"),
            ("Capital: new special school places are delayed", "Head of capital programmes",
             "Programme board each month; a second site held in reserve", (3, 4), (2, 3), 0, nil),
        ]
        var risks: [SafetyValveRiskRecord] = []
        for (title, owner, controls, inherent, residual, condition, workstream) in riskRows {
            let risk = SafetyValveRiskRecord()
            risk.$agreement.id = agreement.id!
            risk.title = title; risk.owner = owner; risk.controls = controls
            risk.likelihood = inherent.0; risk.impact = inherent.1; risk.residualLikelihood = residual.0; risk.residualImpact = residual.1
            risk.$condition.id = condition.map { conditions[$0].id! }; risk.workstream = workstream
            try await risk.create(on: db)
            risks.append(risk)
        }
        let byID = Dictionary(uniqueKeysWithValues: conditions.map { ($0.id!, $0) })
        // Each seeded return freezes the register and the conditions as they then stood (SV-5).
        let register = FrozenRiskRegister.freeze(risks.map { $0.risk(conditions: byID) })
        for (label, year, due, target, forecast, narrative, next) in returns {
            let item = SafetyValveReturn()
            item.$agreement.id = agreement.id!
            item.label = label; item.financialYear = year; item.dueOn = CalendarDate(iso: due)!
            item.targetPence = target; item.forecastPence = forecast; item.narrative = narrative; item.nextStep = next
            item.rate(tolerance: agreement.tolerance)
            try await item.create(on: db)
            for (record, risk) in zip(risks, register.risks) {
                try await SafetyValveReturnRisk(returnID: item.id!, riskID: record.id!, risk).create(on: db)
            }
            for condition in conditions {
                let row = SafetyValveReturnCondition()
                row.$monitoringReturn.id = item.id!; row.conditionID = condition.id!; row.title = condition.reference
                row.status = condition.status; row.rag = condition.statusValue.rag.rawValue
                row.narrative = condition.statusValue == .late ? "The top-up band review moved from the autumn to the spring term." : "On plan."
                row.evidence = condition.number == 1 ? "Places opened: 64 of 120 (September 2024 census)." : ""
                try await row.create(on: db)
            }
        }
    }

    /// The Section 19 service's budget (MET-FIN-1, SEED-1): Worcestershire's 2019-20 £598,000 of DSG and £177,000 from
    /// schools, whose share rests on historical information, charged as a negotiated lump sum; and the current year,
    /// *illustrative*, on a daily rate after Swindon's pattern (MET-FIN-2).
    static func seedMETBudget(authorityID: UUID, today: CalendarDate, on db: any Database) async throws {
        let year = FinancialYear(containing: today)
        let lines: [(FinancialYear, FundingSource, Int64, String?, String)] = [
            (FinancialYear(startYear: 2019), .dsgHNB, 598_000, nil, "High Needs Block, s251 line per S251-4"),
            (FinancialYear(startYear: 2019), .schoolContributions, 177_000, nil, "historical lump sum; historical information (SEED-1)"),
            (year, .dsgHNB, 640_000, "1.2.7", "High Needs Block allocation to the service for \(year) (illustrative)"),
            (year, .schoolContributions, 120_000, "1.2.7", "Estimate of the daily charges under this year's scheme (illustrative)"),
            (year, .health, 25_000, "1.2.6", "Hospital school contribution agreed with the trust (illustrative)"),
        ]
        for (lineYear, source, pounds, s251, note) in lines {
            let line = ServiceBudgetLineRecord()
            line.$authority.id = authorityID
            line.financialYear = lineYear.description; line.source = source.rawValue; line.amountPence = pounds * 100
            line.s251Line = s251; line.basisNote = note; line.addedBy = "Demo finance officer"
            try await line.create(on: db)
        }
        for (schemeYear, basis, ratePence) in [(FinancialYear(startYear: 2019), ChargeBasis.negotiated, Int64(0)), (year, .perDay, Int64(3_000))] {
            let scheme = ChargeSchemeRecord()
            scheme.$authority.id = authorityID
            scheme.financialYear = schemeYear.description; scheme.basis = basis.rawValue; scheme.ratePence = ratePence; scheme.setBy = "Demo finance officer"
            try await scheme.create(on: db)
        }
    }
}
