import Fluent
import Foundation
import ContinuumDomain

/// Issue 16 part 3's demo: three providers, a first round published with one lot not awarded (as Medway's was: some bids
/// lost, a second round due), its contracts with a term of visits, and the second round open now for the lot not
/// awarded, with the demo caseworker on its panel. The demo provider's account bids for the first provider.
enum DemoOutreach {
    static let providerEmail = "provider@demo.continuum.test"
    static let secondRoundTitle = "Outreach programme: round 2"

    static func seed(authorityID: UUID, schools: [Establishment], today: CalendarDate, on db: any Database) async throws {
        var rng = SeededRandom(seed: 1603)
        let specs: [(String, OutreachProviderType, String, String)] = [
            ("Oakfield Special School Outreach", .specialSchoolOutreach, "outreach@oakfield.severnvale.example", "autism, SEMH"),
            ("Severn Vale Autism Partnership", .voluntarySector, "office@svap.example", "autism"),
            ("CAMHS Schools Link", .nhsService, "schools.link@nhs.example", "SEMH, speech and language"),
        ]
        var providers: [OutreachProvider] = []
        for (name, type, email, areas) in specs {
            let row = OutreachProvider()
            row.id = UUID(); row.$authority.id = authorityID; row.name = name; row.typeRaw = type.rawValue; row.contactEmail = email; row.areas = areas
            row.contactName = "Outreach lead"
            providers.append(row)
        }
        try await providers.create(on: db)
        if let user = try await User.query(on: db).filter(\.$email == providerEmail).first() {
            let link = OutreachProviderUser(); link.userID = user.id!; link.$provider.id = providers[0].id!
            try await link.create(on: db)
        }
        let staff = try await User.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$email ~~ ["caseworker@demo.continuum.test", "admin@demo.continuum.test"]).all()

        // Round 1: published fifteen months ago.
        let first = OutreachRound()
        first.id = UUID(); first.$authority.id = authorityID; first.title = "Outreach programme 2025 to 2027"; first.roundNumber = 1
        first.statusRaw = OutreachRoundStatus.published.rawValue; first.opensOn = today.adding(months: -18); first.closesOn = today.adding(months: -17)
        first.evaluationOn = today.adding(months: -16); first.publicationOn = today.adding(months: -15); first.publishedOn = first.publicationOn; first.createdBy = "demo"
        try await first.create(on: db)
        let lotSpecs: [(String, Int64)] = [("Autism (north of the county)", 12_000_000), ("SEMH (south of the county)", 15_000_000), ("Speech and language (countywide)", 8_000_000)]
        var lots: [OutreachLot] = []
        for (n, (name, budget)) in lotSpecs.enumerated() {
            let lot = OutreachLot(); lot.id = UUID(); lot.$round.id = first.id!; lot.name = name; lot.budgetPence = budget; lot.position = n + 1
            lots.append(lot)
        }
        try await lots.create(on: db)
        let criteriaSpecs: [(String, Int)] = [("Quality of the method", 50), ("Price", 30), ("Social value", 20)]
        var criteria: [OutreachCriterionRecord] = []
        for (n, (name, weight)) in criteriaSpecs.enumerated() {
            let c = OutreachCriterionRecord(); c.id = UUID(); c.$round.id = first.id!; c.name = name; c.weight = weight; c.maxScore = 5; c.position = n + 1
            criteria.append(c)
        }
        try await criteria.create(on: db)
        for user in staff {
            let member = OutreachPanelMember(); member.$round.id = first.id!; member.userID = user.id!; member.name = user.displayName
            try await member.create(on: db)
        }
        // Bids: the first two lots won; the third lot's only bid scored too low, so it went unawarded.
        let bidSpecs: [(provider: Int, lot: Int, price: Int64, won: Bool)] = [(0, 0, 11_500_000, true), (1, 0, 11_900_000, false), (2, 1, 14_000_000, true), (2, 2, 7_900_000, false)]
        var contracts: [OutreachContract] = []
        for spec in bidSpecs {
            let bid = OutreachBid()
            bid.id = UUID(); bid.$round.id = first.id!; bid.$lot.id = lots[spec.lot].id!; bid.$provider.id = providers[spec.provider].id!
            bid.pricePence = spec.price; bid.schools = 20 + spec.lot * 5; bid.hours = 400 + spec.lot * 100
            bid.methodStatement = "Termly consultation with each school's SENCO, classroom observation and modelling, and whole-staff training, with outcomes reviewed each term."
            bid.submittedOn = first.closesOn.adding(days: -3); bid.submittedBy = specs[spec.provider].2
            if !spec.won { bid.feedbackSentOn = first.publishedOn }
            try await bid.create(on: db)
            for (n, c) in criteria.enumerated() {
                let agreed = spec.won ? 4 : (n == 0 ? 2 : 3)
                for user in staff {
                    let s = OutreachScore(); s.$bid.id = bid.id!; s.$criterion.id = c.id!; s.assessorID = user.id!; s.assessorName = user.displayName
                    s.score = max(0, min(5, agreed + (rng.chance(0.5) ? 0 : (rng.chance(0.5) ? 1 : -1))))
                    try await s.create(on: db)
                }
                let m = OutreachModeration(); m.$bid.id = bid.id!; m.$criterion.id = c.id!; m.score = agreed; m.moderatedBy = "demo"
                m.reason = spec.won ? "Clear, costed plan with termly outcomes" : "The method did not show how outcomes would be measured"
                try await m.create(on: db)
            }
            guard spec.won else { continue }
            let contract = OutreachContract()
            contract.id = UUID(); contract.$authority.id = authorityID; contract.$round.id = first.id!; contract.$lot.id = lots[spec.lot].id!
            contract.$bid.id = bid.id!; contract.$provider.id = providers[spec.provider].id!; contract.amountPence = spec.price
            contract.startsOn = first.publicationOn.adding(days: 14)
            // One contract ends within three months, so the report has something to warn about.
            contract.endsOn = spec.provider == 0 ? today.adding(days: 60) : today.adding(months: 9)
            let supported = schools.dropFirst(spec.lot * 30).prefix(12)
            contract.schoolURNs = supported.map { String($0.urn) }.joined(separator: ","); contract.awardedBy = "demo"
            try await contract.create(on: db)
            contracts.append(contract)
            var visits: [OutreachVisit] = []
            for school in supported {
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let visit = OutreachVisit()
                    visit.$contract.id = contract.id!; visit.establishmentURN = school.urn
                    visit.visitedOn = contract.startsOn.adding(days: Int.random(in: 0...max(1, contract.startsOn.days(to: today) - 1), using: &rng))
                    visit.typeRaw = rng.pick(OutreachVisitType.allCases).rawValue; visit.hours = Int.random(in: 1...4, using: &rng)
                    visit.outcomeRaw = rng.pick([OutreachOutcome.placementSustained, .placementSustained, .ehcRequestAvoided, .exclusionAvoided, .ehcRequestMade]).rawValue
                    visit.support = "Worked with the SENCO and class teacher on a support plan; modelled strategies in class."
                    visit.loggedBy = specs[spec.provider].2
                    visits.append(visit)
                }
            }
            try await visits.create(on: db)
        }

        // Round 2: the lot not awarded, open for bids now, the demo caseworker on the panel.
        let second = OutreachRound()
        second.id = UUID(); second.$authority.id = authorityID; second.title = secondRoundTitle; second.roundNumber = 2
        second.statusRaw = OutreachRoundStatus.open.rawValue; second.reopensRoundID = first.id
        second.opensOn = today.adding(days: -7); second.closesOn = today.adding(days: 21); second.evaluationOn = today.adding(days: 28)
        second.publicationOn = today.adding(days: 42); second.createdBy = "demo"
        try await second.create(on: db)
        let reopened = OutreachLot(); reopened.$round.id = second.id!; reopened.name = lots[2].name; reopened.budgetPence = lots[2].budgetPence; reopened.position = 1
        try await reopened.create(on: db)
        for c in criteria {
            let copy = OutreachCriterionRecord(); copy.$round.id = second.id!; copy.name = c.name; copy.weight = c.weight; copy.maxScore = c.maxScore; copy.position = c.position
            try await copy.create(on: db)
        }
        if let caseworker = staff.first(where: { $0.email == "caseworker@demo.continuum.test" }) {
            let member = OutreachPanelMember(); member.$round.id = second.id!; member.userID = caseworker.id!; member.name = caseworker.displayName
            try await member.create(on: db)
        }
    }
}
