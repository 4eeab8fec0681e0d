import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// Issue 17's demo: a tracking cohort of the demo county's size (about 12,000 at academic age 16–17 in the full demo),
/// plan holders to 25, and Year 11 for the September Guarantee, with two years of activity spells, lapsed records,
/// offers, and a NEET rate near England's published one (about 3%, with about 2% not known). "Jamie Rivers" is NEET
/// today: the browser journey records an activity for them.
enum DemoPost16 {
    static let journeyForename = "Jamie", journeySurname = "Rivers"
    static let districts = ["WR1", "WR2", "WR3", "WR4", "WR5", "WR9", "WR10", "WR11", "WR12", "WR14", "DY10", "DY11", "DY13", "B60", "B61", "B97", "B98"]

    struct Person { var id: UUID; var upn: String?; var uln: String; var forename: String; var surname: String; var dob: CalendarDate; var plan: Bool
        var senSupport: Bool; var district: String; var care: Bool; var carer: Bool; var parent: Bool }
    struct Spell { var person: UUID; var code: Int; var start: CalendarDate; var confirmed: CalendarDate; var hours: Int?; var employer: String? }
    struct Offer { var person: UUID; var cohort: SeptemberGuaranteeCohort; var provider: String; var course: String; var level: String; var status: SeptemberGuaranteeOfferStatus }

    /// The generator, shared with bench/post16: `perYear` young people in each academic-age year from 16 to 17 (and a
    /// quarter as many Year 11s), plan holders to 25, and spells going back `years` academic years.
    static func generate(perYear: Int, years: Int = 2, today: CalendarDate, seed: UInt64 = 1717) -> (people: [Person], spells: [Spell], offers: [Offer]) {
        var rng = SeededRandom(seed: seed)
        var people: [Person] = [], spells: [Spell] = [], offers: [Offer] = []
        let a = today.academicYearStart
        func uln() -> String { while true { if let u = ULN.complete(String(format: "%09d", Int.random(in: 100_000_000...999_999_999, using: &rng))) { return u } } }
        func person(age: Int, plan: Bool) -> Person {
            // Academic age `age` in year a: born September (a − age − 1) to August (a − age).
            let start = CalendarDate(year: a - age - 1, month: 9, day: 1)
            let dob = start.adding(days: Int.random(in: 0..<365, using: &rng))
            let girl = rng.chance(0.5)
            return Person(id: UUID(), upn: nil, uln: uln(), forename: rng.pick(girl ? DemoNames.girls : DemoNames.boys), surname: rng.pick(DemoNames.surnames),
                          dob: dob, plan: plan, senSupport: !plan && rng.chance(0.12), district: rng.pick(districts), care: rng.chance(0.012),
                          carer: rng.chance(0.01), parent: rng.chance(0.006))
        }
        let main = codeWeights
        let employers = ["Severn Vale Motors", "Malvern Care Homes", "Worcester Royal Hospital", "Droitwich Builders", "Kidderminster Engineering"]
        func addSpells(_ p: Person, entry: Int) {
            // Entry is the September they started post-16 (or, for older plan holders, the latest September they were tracked from).
            var code = rng.weighted(main)
            if p.plan && rng.chance(0.25) { code = rng.weighted([(280, 3), (460, 2), (619, 1.5), (230, 3)]) }
            let start = CalendarDate(year: entry, month: 9, day: Int.random(in: 2...12, using: &rng))
            // Most are confirmed in the autumn activity survey each year; one in fifty never again after the start.
            let stale = rng.chance(0.02)
            var confirmed = stale ? start.adding(days: Int.random(in: 0...20, using: &rng)) : CalendarDate(year: a, month: 10, day: Int.random(in: 1...28, using: &rng))
            if confirmed > today { confirmed = CalendarDate(year: a - 1, month: 10, day: 15) }
            if confirmed < start { confirmed = start }
            let hours = [250, 320, 381, 550].contains(code) ? Int.random(in: 6...15, using: &rng) : nil
            spells.append(Spell(person: p.id, code: code, start: start, confirmed: confirmed, hours: hours,
                                employer: [310, 450, 460].contains(code) ? rng.pick(employers) : nil))
            // Some change course part-way: most of those drop out to NEET, a few find work or a course.
            if rng.chance(0.025) {
                let changed = start.adding(days: Int.random(in: 40...400, using: &rng))
                guard changed < today else { return }
                let next = rng.weighted([(619, 5), (610, 1.5), (640, 1), (230, 1.5), (310, 1)])
                // Advisers keep up with those who left a course: confirmed within the last two months, or on the change.
                spells.append(Spell(person: p.id, code: next, start: changed, confirmed: max(changed, today.adding(days: -Int.random(in: 0...60, using: &rng))),
                                    hours: nil, employer: next == 310 ? rng.pick(employers) : nil))
            }
        }
        for age in 16...17 {
            for _ in 0..<perYear {
                let p = person(age: age, plan: rng.chance(0.045))
                people.append(p)
                // Five years back means earlier cohorts too: each earlier year adds the cohort that was 16–17 then.
                addSpells(p, entry: a - (age - 16))
            }
        }
        // Earlier years' cohorts (now 18+ and untracked unless they have a plan) give the chart its history.
        if years > 2 {
            for back in 2..<years {
                for _ in 0..<perYear {
                    let p = person(age: 16 + back, plan: rng.chance(0.045))
                    people.append(p)
                    addSpells(p, entry: a - back)
                }
            }
        }
        // Plan holders aged 18 to 24.
        for age in 18...24 {
            for _ in 0..<max(1, perYear / 60) {
                let p = person(age: age, plan: true)
                people.append(p)
                addSpells(p, entry: a - (age - 16))
            }
        }
        // Year 11, for the September Guarantee: most have an offer by now, some none.
        let providers = [("Severn Vale College", "Level 2 Diploma in Construction", "Level 2"), ("Worcester Sixth Form College", "A levels", "Level 3"),
                         ("Malvern School Sixth Form", "A levels", "Level 3"), ("Kidderminster College", "Foundation Learning", "Entry level"),
                         ("Severn Vale Training", "Supported internship", "Supported internship")]
        for _ in 0..<max(2, perYear / 4) {
            let p = person(age: 15, plan: rng.chance(0.05))
            people.append(p)
            if rng.chance(0.8) {
                let (provider, course, level) = rng.pick(providers)
                offers.append(Offer(person: p.id, cohort: .year11, provider: provider, course: course, level: level,
                                    status: rng.chance(0.6) ? .accepted : .offered))
            }
        }
        return (people, spells, offers)
    }

    /// NCCIS codes in about England's proportions: with those who leave a course, about 3% NEET and 2% not known.
    static let codeWeights: [(Int, Double)] = [(210, 34), (220, 10), (230, 33), (250, 1.5), (280, 1), (310, 6), (320, 1), (330, 3), (340, 1), (450, 0.5),
                                               (460, 0.5), (530, 0.3), (619, 0.9), (610, 0.3), (640, 0.3), (630, 0.2), (620, 0.2), (710, 0.3), (810, 1.4), (830, 0.3)]

    /// The children the cohort refresh brought in (Continuum's own 16- and 17-year-olds and plan holders) get this
    /// year's activity too, confirmed in the autumn, as a tracking team would have recorded; one in a hundred has none yet.
    static func activitiesForChildren(authorityID: UUID, today: CalendarDate, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let rows = try await sql.select().columns("id", "date_of_birth").from(YoungPerson.schema)
            .where("authority_id", .equal, SQLBind(authorityID)).where("child_id", .isNot, SQLLiteral.null).all()
        var rng = SeededRandom(seed: 1718)
        let a = today.academicYearStart
        var spells: [Spell] = []
        for row in rows {
            guard let dob = CalendarDate(iso: try row.decode(column: "date_of_birth", as: String.self)),
                  Post16Cohort.academicAge(dateOfBirth: dob, on: today) >= 16, !rng.chance(0.01) else { continue }
            let code = rng.weighted(codeWeights)
            let start = CalendarDate(year: a, month: 9, day: Int.random(in: 2...12, using: &rng))
            let survey = CalendarDate(year: a, month: 10, day: Int.random(in: 1...28, using: &rng))
            spells.append(Spell(person: try row.decode(column: "id", as: UUID.self), code: code, start: min(start, today),
                                confirmed: max(min(start, today), min(survey, today)), hours: [250, 320, 381, 550].contains(code) ? Int.random(in: 6...15, using: &rng) : nil,
                                employer: [310, 450, 460].contains(code) ? "Severn Vale Motors" : nil))
        }
        try await insert(([], spells, []), authorityID: authorityID, source: "demo", sql: sql)
    }

    static func seed(authorityID: UUID, full: Bool, today: CalendarDate, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        var generated = generate(perYear: full ? 6_000 : 30, today: today)
        // The journey's young person: academic age 17, NEET since the summer, confirmed last week.
        var jamie = generated.people[0]
        jamie.forename = journeyForename; jamie.surname = journeySurname; jamie.plan = false
        jamie.dob = CalendarDate(year: today.academicYearStart - 18, month: 11, day: 3)
        generated.people[0] = jamie
        generated.spells.removeAll { $0.person == jamie.id }
        generated.spells.append(Spell(person: jamie.id, code: 619, start: today.adding(days: -120), confirmed: today.adding(days: -7), hours: nil, employer: nil))
        try await insert(generated, authorityID: authorityID, source: "demo", sql: sql)
    }

    /// Bulk insert through SQLKit: a county's cohort in a few hundred statements.
    static func insert(_ g: (people: [Person], spells: [Spell], offers: [Offer]), authorityID: UUID, source: String, sql: any SQLDatabase) async throws {
        let now = Date()
        for chunk in g.people.chunked(into: 500) {
            var q = sql.insert(into: YoungPerson.schema).columns("id", "authority_id", "upn", "uln", "forename", "surname", "date_of_birth", "has_ehc_plan",
                                                                  "sen_support", "district", "care_experienced", "young_carer", "young_parent", "s19_in_year_11",
                                                                  "source", "search_key", "version", "created_at", "updated_at")
            for p in chunk {
                q = q.values([p.id, authorityID, p.upn, p.uln, p.forename, p.surname, p.dob.description, p.plan, p.senSupport, p.district, p.care, p.carer,
                              p.parent, false, source, YoungPerson.searchKey(forename: p.forename, surname: p.surname, upn: p.upn, uln: p.uln), 1, now, now]
                             as [any Encodable & Sendable])
            }
            try await q.run()
        }
        for chunk in g.spells.chunked(into: 500) {
            var q = sql.insert(into: Post16SpellRecord.schema).columns("id", "authority_id", "young_person_id", "code", "start_on", "confirmed_on", "hours",
                                                                        "employer", "source", "recorded_by", "created_at")
            for s in chunk {
                q = q.values([UUID(), authorityID, s.person, s.code, s.start.description, s.confirmed.description, s.hours, s.employer,
                              s.code == 710 ? Post16Source.youthWorker.rawValue : Post16Source.college.rawValue, "demo", now] as [any Encodable & Sendable])
            }
            try await q.run()
        }
        let year = SeptemberGuarantee.year(on: CalendarDate.today())
        for chunk in g.offers.chunked(into: 500) {
            var q = sql.insert(into: Post16Offer.schema).columns("id", "authority_id", "young_person_id", "guarantee_year", "cohort", "provider", "course",
                                                                  "level", "status", "recorded_on", "recorded_by", "created_at")
            for o in chunk {
                q = q.values([UUID(), authorityID, o.person, year, o.cohort.rawValue, o.provider, o.course, o.level, o.status.rawValue,
                              CalendarDate.today().description, "demo", now] as [any Encodable & Sendable])
            }
            try await q.run()
        }
    }
}
