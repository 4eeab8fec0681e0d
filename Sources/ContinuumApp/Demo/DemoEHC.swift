import Fluent
import Foundation
import ContinuumDomain

/// The demo county's EHC history, calibrated to Worcestershire's published figures
/// (../shared/data/ehcp-ees-2025): about 1,900 requests a year, roughly three in four assessed,
/// about 7,000 plans in force in January 2025, and 37.4% of 2024's new plans within 20 weeks.
/// A backlog, caseworkers (some agency, some trainees) and advice in flight make the
/// dashboards look like a real council's. `scale` shrinks it for tests.
enum DemoEHC {
    struct Context {
        let authorityID: UUID
        let schools: [Establishment]
        let postcodes: [String]
        let existing: [Child]
        let parentChild: Child?
        let sencoChild: Child?
        let caseworkerUserID: UUID?
        let healthUserID: UUID?
        let passwordHash: String
        let scale: Double
        let today: CalendarDate
    }

    // DfE "Education, health and care plans" 2025, Worcestershire (LA 885): 37.4% of 2024's new plans within 20 weeks.
    static let target2024Within = 0.374
    static let requestsPerYear2024 = 1883.0

    static func seed(_ c: Context, rng: inout SeededRandom, on db: any Database) async throws {
        let profiles = try await seedCaseworkers(c, rng: &rng, on: db)

        var children: [Child] = []
        var cases: [EHCCase] = []
        var events: [EHCCaseEvent] = []
        var advice: [EHCAdviceRequest] = []
        var serial = 0
        func newChild(dobAround request: CalendarDate, plan: Bool) -> Child {
            let age = Int.random(in: 3...15, using: &rng)
            let dob = request.adding(days: -(age * 365 + Int.random(in: 0..<365, using: &rng)))
            let sex = rng.chance(0.68) ? "M" : "F"
            serial += 1
            // Establishment numbers 9000+ belong to no demo school': these UPNs can't collide with the pupils'.
            let upn = UPN.make(laCode: DemoSeeder.laCode, establishment: String(9000 + serial / 1000), year2: (dob.year + 5) % 100, serial: serial % 1000).value
            let school = c.schools.isEmpty ? nil : rng.pick(c.schools)
            let child = Child(id: UUID(), authorityID: c.authorityID, legalForename: rng.pick(sex == "M" ? DemoNames.boys : DemoNames.girls),
                              legalSurname: rng.pick(DemoNames.surnames), dateOfBirth: dob, upn: upn, sex: sex,
                              homePostcode: c.postcodes.isEmpty ? nil : rng.pick(c.postcodes), homeSchoolID: school?.id,
                              senProvision: plan ? .ehcPlan : .senSupport, primaryNeed: rng.weighted([(.asd, 0.33), (.semh, 0.17), (.slcn, 0.2), (.mld, 0.1), (.spld, 0.05), (.pd, 0.05), (.sld, 0.1)]), secondaryNeed: nil)
            children.append(child)
            return child
        }
        // Step-by-step histories for the last two years' requests; older cases show their statutory dates only.
        let eventsFrom = c.today.adding(days: -730)
        func event(_ item: EHCCase, _ date: CalendarDate, _ text: String) {
            guard date <= c.today, item.requestedOn >= eventsFrom else { return }
            events.append(EHCCaseEvent(caseID: item.id!, on: date, summary: text, by: "Demo history"))
        }

        // Plans from before the live history: the existing pupils with plans, then enough others.
        let legacyTarget = Int((2_800 * c.scale).rounded())
        var legacyChildren = c.existing.filter { $0.senProvision == SENProvision.ehcPlan.rawValue && $0.id != c.parentChild?.id && $0.id != c.sencoChild?.id }
        while legacyChildren.count < legacyTarget { legacyChildren.append(newChild(dobAround: CalendarDate(year: 2019, month: 1, day: 1), plan: true)) }
        for child in legacyChildren { cases.append(legacyPlan(for: child, c, rng: &rng)) }

        // Live history: requests day by day from January 2021 (two years for tests), growing about 8% a year.
        let start = c.scale >= 1 ? CalendarDate(year: 2021, month: 1, day: 1) : c.today.adding(days: -730)
        var day = start
        while day <= c.today {
            let growth = pow(1.08, Double(day.year - 2024) + Double(day.month - 1) / 12)
            let rate = requestsPerYear2024 * c.scale * growth / 365 * (day.isWeekend ? 0.2 : 1.32)
            var arrivals = Int(rate)
            if rng.chance(rate - Double(arrivals)) { arrivals += 1 }
            for _ in 0..<arrivals {
                let child = newChild(dobAround: day, plan: false)
                let requester: EHCRequester = rng.weighted([(.parent, 0.55), (.school, 0.38), (.professional, 0.05), (.youngPerson, 0.02)])
                let item = EHCCase(authorityID: c.authorityID, childID: child.id, upn: child.upn, requestedOn: day, requester: requester,
                                   requesterName: nil, summary: "Needs described in the request.")
                item.id = UUID()
                simulate(item, child: child, request: day, today: c.today, rng: &rng, event: event)
                cases.append(item)
            }
            day = day.adding(days: 1)
        }
        calibrate2024(cases, today: c.today, rng: &rng)

        // The demo parent's child has no case yet, so a parent can make the first request in the demo.
        if let child = c.sencoChild {
            let item = EHCCase(authorityID: c.authorityID, childID: child.id, upn: child.upn, requestedOn: c.today.adding(days: -12), requester: .school,
                               requesterName: "Sam SENCO", summary: "Progress well below expectations despite two terms of SEN support.")
            item.id = UUID()
            cases.append(item)
            event(item, item.requestedOn, "Request for an EHC needs assessment received from school or college")
        }

        // Allocate open assessments round-robin; a few wait for allocation, as in any real backlog.
        advice += allocateAndAskAdvice(cases, profiles: profiles, c, rng: &rng)
        // Families ask where their case is; most replies come within a week, some don't.
        let messages = familyMessages(cases, c, rng: &rng)
        // Calibration moved some dates: keep the family-visible history in step with the case.
        keepEventDatesInStep(events, with: cases)
        for chunk in children.chunked(into: 400) { try await chunk.create(on: db) }
        for chunk in cases.chunked(into: 300) { try await chunk.create(on: db) }
        for chunk in advice.chunked(into: 500) { try await chunk.create(on: db) }
        for chunk in events.chunked(into: 500) { try await chunk.create(on: db) }
        for chunk in messages.chunked(into: 500) { try await chunk.create(on: db) }
    }

    /// The caseworkers: the demo caseworker plus a team with agency staff and trainees.
    private static func seedCaseworkers(_ c: Context, rng: inout SeededRandom, on db: any Database) async throws -> [CaseworkerProfile] {
        let teamSize = max(3, Int((18 * c.scale).rounded()))
        var profiles: [CaseworkerProfile] = []
        var users: [User] = []
        for index in 0..<teamSize {
            let profile = CaseworkerProfile()
            if index == 0, let id = c.caseworkerUserID {
                profile.userID = id; profile.name = "Casey Caseworker"
            } else {
                let name = "\(rng.pick(DemoNames.girls + DemoNames.boys)) \(rng.pick(DemoNames.surnames))"
                let user = User(id: UUID(), authorityID: c.authorityID, email: "caseworker\(index + 1)@demo.continuum.test", displayName: name,
                                role: .caseworker, schoolID: nil, passwordHash: c.passwordHash, twoFactorExempt: true)
                user.demo = true
                users.append(user)
                profile.userID = user.id!; profile.name = name
            }
            profile.authorityID = c.authorityID
            profile.isAgency = index % 4 == 1
            profile.isTrainee = index % 6 == 2
            profile.startedOn = c.today.adding(days: -30 * (index % 4 == 1 ? 4 : 24 + index))
            profiles.append(profile)
        }
        try await users.create(on: db)
        try await profiles.create(on: db)
        return profiles
    }

    /// A plan from before the live history, issued between the child's third birthday and 2020.
    private static func legacyPlan(for child: Child, _ c: Context, rng: inout SeededRandom) -> EHCCase {
        // A plan from the child's third birthday at the earliest, so no history starts before the child could have one.
        let earliest = max(CalendarDate(year: 2014, month: 9, day: 1), child.dateOfBirth.adding(years: 3))
        let latest = min(max(earliest, CalendarDate(year: 2020, month: 12, day: 31)), c.today.adding(days: -60))
        let final = earliest > latest ? latest : earliest.adding(days: Int.random(in: 0...earliest.days(to: latest), using: &rng))
        let request = final.adding(days: -Int.random(in: 100...260, using: &rng))
        let item = EHCCase(authorityID: c.authorityID, childID: child.id, upn: child.upn, requestedOn: request, requester: .imported, requesterName: nil, summary: nil, source: "import")
        item.id = UUID()
        item.stageRaw = EHCStage.finalIssued.rawValue
        item.decisionOn = request.adding(days: 40)
        item.finalIssuedOn = final
        item.assessmentClosedOn = final
        return item
    }

    /// Gives open assessments a caseworker in turn and, once assessing, the three kinds of advice
    /// (some received, some asked of the demo health professional); returns the advice requests.
    private static func allocateAndAskAdvice(_ cases: [EHCCase], profiles: [CaseworkerProfile], _ c: Context, rng: inout SeededRandom) -> [EHCAdviceRequest] {
        var advice: [EHCAdviceRequest] = []
        var next = 0
        var healthAsked = 0
        for item in cases where EHCCase.openAssessmentStages.contains(item.stage) && item.caseworkerID == nil {
            if rng.chance(0.07) { continue }
            item.caseworkerID = profiles[next % profiles.count].userID
            next += 1
            if item.stage == .assessing, let decided = item.decisionOn {
                for kind in [EHCAdviceKind.educational, .medical, .psychological] {
                    let a = EHCAdviceRequest()
                    a.id = UUID(); a.$ehcCase.id = item.id!; a.kindRaw = kind.rawValue
                    a.adviserName = kind == .educational ? "Home school" : kind == .medical ? "Community paediatrics" : "Educational Psychology Service"
                    let asked = decided.adding(days: Int.random(in: 1...7, using: &rng))
                    a.requestedOn = asked
                    if asked.adding(days: Int.random(in: 25...60, using: &rng)) < c.today { a.receivedOn = min(c.today, asked.adding(days: 40)); a.advice = "Advice provided." }
                    // Some medical advice is asked of the demo health professional, so the adviser's view has cases in it.
                    else if kind == .medical, healthAsked < 6, let health = c.healthUserID { a.adviserUserID = health; a.adviserName = "Dr Hana Health"; healthAsked += 1 }
                    advice.append(a)
                }
            }
        }
        return advice
    }

    /// Families' questions about open assessments, and the council's replies.
    private static func familyMessages(_ cases: [EHCCase], _ c: Context, rng: inout SeededRandom) -> [EHCMessage] {
        var messages: [EHCMessage] = []
        var stamp = Date().addingTimeInterval(-90 * 86_400)
        for item in cases where EHCCase.openAssessmentStages.contains(item.stage) && rng.chance(0.3) {
            let sent = c.today.adding(days: -Int.random(in: 1...80, using: &rng))
            let ask = EHCMessage(); ask.id = UUID(); ask.$ehcCase.id = item.id!; ask.fromFamily = true; ask.author = "Parent"
            ask.body = "Can you tell us where the assessment has got to?"; ask.sentOn = sent; stamp += 1; ask.createdAt = stamp
            messages.append(ask)
            let wait = rng.weighted([(1, 0.3), (3, 0.25), (5, 0.15), (8, 0.15), (14, 0.1), (-1, 0.05)])
            let replied = sent.adding(days: wait)
            if wait > 0 && replied <= c.today {
                let reply = EHCMessage(); reply.id = UUID(); reply.$ehcCase.id = item.id!; reply.fromFamily = false; reply.author = "Caseworker"
                reply.body = "Thank you: we are waiting for the last of the advice and will write when the draft is ready."; reply.sentOn = replied
                stamp += 1; reply.createdAt = stamp
                messages.append(reply)
            }
        }
        return messages
    }

    /// Moves the plan events to the dates the case now holds.
    private static func keepEventDatesInStep(_ events: [EHCCaseEvent], with cases: [EHCCase]) {
        let byID = Dictionary(cases.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        for e in events {
            guard let item = byID[e.$ehcCase.id] else { continue }
            if e.summary == "Final EHC plan issued", let final = item.finalIssuedOn { e.happenedOn = final }
            if e.summary.hasPrefix("Draft EHC plan sent"), let draft = item.draftServedOn { e.happenedOn = draft }
        }
    }

    /// One request's course: decision, then a plan, a refusal, a withdrawal or a notice not to issue;
    /// later annual reviews, and for some a ceased plan. Dates after `today` leave it part-way.
    static func simulate(_ item: EHCCase, child: Child, request: CalendarDate, today: CalendarDate, rng: inout SeededRandom,
                         event: (EHCCase, CalendarDate, String) -> Void) {
        // Worcestershire 2024: 98% of decisions within 6 weeks.
        let decided = request.adding(days: rng.chance(0.97) ? Int.random(in: 20...42, using: &rng) : Int.random(in: 43...70, using: &rng))
        event(item, request, "Request for an EHC needs assessment received from \(item.requester.description.lowercased())")
        guard decided <= today else { return }
        item.decisionOn = decided
        let roll = Double.random(in: 0..<1, using: &rng)
        if roll < 0.02 {
            item.stageRaw = EHCStage.withdrawn.rawValue; item.assessmentClosedOn = decided
            event(item, decided, "The request was withdrawn"); return
        }
        if roll < 0.21 {
            item.stageRaw = EHCStage.refusedToAssess.rawValue; item.assessmentClosedOn = decided
            item.decisionReasons = "The evidence shows the child's needs can be met through SEN support with the changes described."
            event(item, decided, "The council decided not to carry out an EHC needs assessment (the letter explains how to appeal)"); return
        }
        item.stageRaw = EHCStage.assessing.rawValue
        event(item, decided, "The council decided to carry out an EHC needs assessment")
        if rng.chance(0.01) { item.exceptionRaw = EHCException.c.rawValue; item.exceptionReason = "Child in hospital for six weeks during the assessment." }
        if rng.chance(0.04) {
            let notIssued = request.adding(days: Int.random(in: 90...120, using: &rng))
            guard notIssued <= today else { return }
            item.stageRaw = EHCStage.decisionNotToIssue.rawValue; item.assessmentClosedOn = notIssued
            item.decisionReasons = "The assessment found the needs can be met from the resources normally available to the school."
            event(item, notIssued, "The council decided not to issue an EHC plan (the letter explains how to appeal)"); return
        }
        let within = rng.chance(target2024Within)
        let duration = within ? Int.random(in: 105...140, using: &rng) : 141 + Int(-log(1 - Double.random(in: 0..<0.98, using: &rng)) * 70)
        let final = request.adding(days: duration)
        let draft = final.adding(days: -Int.random(in: 16...35, using: &rng))
        if draft <= today {
            item.stageRaw = EHCStage.draftIssued.rawValue; item.draftServedOn = draft
            event(item, draft, "Draft EHC plan sent for the family's comments")
        }
        guard final <= today else { return }
        issue(item, final: final, child: child, today: today, rng: &rng, event: event)
    }

    static func issue(_ item: EHCCase, final: CalendarDate, child: Child, today: CalendarDate, rng: inout SeededRandom, event: (EHCCase, CalendarDate, String) -> Void) {
        item.stageRaw = EHCStage.finalIssued.rawValue
        item.finalIssuedOn = final
        item.assessmentClosedOn = final
        item.placement = "Home school"
        child.senProvision = SENProvision.ehcPlan.rawValue
        event(item, final, "Final EHC plan issued")
        // Annual reviews: most on time, some overdue; about 5% of plans cease each year.
        var last = final
        while AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: last) < today {
            if rng.chance(0.05) {
                let ceased = last.adding(days: Int.random(in: 60...300, using: &rng))
                guard ceased <= today else { break }
                item.stageRaw = EHCStage.ceased.rawValue; item.ceasedOn = ceased
                item.ceaseReason = rng.weighted([(SEN2CeaseReason.transferOut, 0.35), (.needsMet, 0.25), (.maxAge, 0.15), (.leftEngland, 0.1), (.other, 0.15)]).rawValue
                return
            }
            if rng.chance(0.12) { break } // review not held: overdue
            last = AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: last).adding(days: -Int.random(in: 0...40, using: &rng))
            item.lastReviewOn = last
        }
    }

    /// Moves plans issued in 2024 across the 20-week line so the share within is exactly the published 37.4%.
    static func calibrate2024(_ cases: [EHCCase], today: CalendarDate, rng: inout SeededRandom) {
        let issued = cases.filter { $0.exception == nil && $0.finalIssuedOn?.year == 2024 }
        guard !issued.isEmpty else { return }
        let target = Int((Double(issued.count) * target2024Within).rounded())
        func within(_ c: EHCCase) -> Bool { c.finalIssuedOn! <= c.requestedOn.adding(days: EHCTimeline.finalDays) }
        var count = issued.filter(within).count
        for item in issued where count != target {
            let request = item.requestedOn
            if count < target, !within(item) {
                let final = request.adding(days: 140)
                guard final.year == 2024 else { continue }
                item.finalIssuedOn = final; item.assessmentClosedOn = final
                item.draftServedOn = final.adding(days: -20)
                count += 1
            } else if count > target, within(item) {
                let final = request.adding(days: 150)
                guard final.year == 2024 else { continue }
                item.finalIssuedOn = final; item.assessmentClosedOn = final
                count -= 1
            }
        }
    }
}
