import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// Who may use the post-16 pages (issue 17): the advisers, and the council's SEND staff who hold the EHC plans.
/// Every query for a young person goes through `Post16Store`, scoped to the principal's authority.
enum Post16Access {
    static let trackers: Set<Role> = [.administrator, .caseworker, .post16Adviser]
}

/// A young person with their spells, as the figures, lists and return read them.
struct Post16Person: Sendable {
    struct Spell: Sendable {
        var spell: Post16Spell
        var provider: String?
        var employer: String?
    }
    var id: UUID
    var childID: UUID?
    var upn: String?
    var uln: String?
    var forename: String
    var surname: String
    var dateOfBirth: CalendarDate
    var hasEHCPlan: Bool
    var senSupport: Bool
    var district: String?
    var careExperienced: Bool
    var youngCarer: Bool
    var youngParent: Bool
    var s19InYear11: Bool
    var flag: String?
    var spells: [Spell] = []

    var fullName: String { "\(forename) \(surname)" }
    var plainSpells: [Post16Spell] { spells.map(\.spell) }

    func activity(on day: CalendarDate) -> Post16CurrentActivity {
        Post16Activity.on(day, spells: plainSpells, codes: NCCISCodeSet.bundled(for: day))
    }

    /// The spell row behind the current activity, for its provider and employer.
    func spellRow(for activity: Post16CurrentActivity) -> Spell? {
        guard let s = activity.spell else { return nil }
        return spells.first { $0.spell == s }
    }
}

enum Post16Store {
    /// Every young person of the authority with their spells: two queries whatever the cohort's size, reading only the
    /// columns the figures need as plain values (FastRows: no model reflection or Codable per row).
    /// `planHoldersOnly` reads just the young people with EHC plans (the caseworkers' review list).
    /// `cohortOn`: only those who may be in the tracking cohort that day (academic age 15 to 17, and plan holders under
    /// about 26), so a month's figures and return read a county's cohort, not everyone it ever tracked; the cohort rule
    /// itself (Post16Cohort.basis) still decides, so this bound only has to be wide enough.
    static func loadAll(authorityID: UUID, db: any Database, planHoldersOnly: Bool = false, cohortOn: CalendarDate? = nil) async throws -> [Post16Person] {
        guard let sql = db as? any SQLDatabase else { return [] }
        var peopleQuery = sql.select()
            .columns(["id", "child_id", "upn", "uln", "forename", "surname", "date_of_birth", "has_ehc_plan", "sen_support", "district",
                      "care_experienced", "young_carer", "young_parent", "s19_in_year_11", "flag"].map { SQLColumn($0, table: YoungPerson.schema) })
            .from(YoungPerson.schema).where(SQLColumn("authority_id", table: YoungPerson.schema), .equal, SQLBind(authorityID))
        if planHoldersOnly { peopleQuery = peopleQuery.where(SQLColumn("has_ehc_plan", table: YoungPerson.schema), .equal, SQLBind(true)) }
        if let day = cohortOn { peopleQuery = inCohortWindow(peopleQuery, on: day) }
        let people = try await FastRows.all(peopleQuery.orderBy("surname").orderBy("forename"), on: db)
        var result: [Post16Person] = []
        result.reserveCapacity(people.count)
        var index: [UUID: Int] = [:]
        for row in people {
            guard let id = try row.uuid("id"), let dob = try row.string("date_of_birth").flatMap(CalendarDate.init(iso:)) else { continue }
            index[id] = result.count
            result.append(Post16Person(
                id: id, childID: try row.uuid("child_id"), upn: try row.string("upn"), uln: try row.string("uln"),
                forename: try row.string("forename") ?? "", surname: try row.string("surname") ?? "", dateOfBirth: dob,
                hasEHCPlan: try row.bool("has_ehc_plan"), senSupport: try row.bool("sen_support"), district: try row.string("district"),
                careExperienced: try row.bool("care_experienced"), youngCarer: try row.bool("young_carer"), youngParent: try row.bool("young_parent"),
                s19InYear11: try row.bool("s19_in_year_11"), flag: try row.string("flag")))
        }
        let s = Post16SpellRecord.schema
        var spellQuery = sql.select()
            .columns(["young_person_id", "code", "start_on", "confirmed_on", "hours", "provider_ref", "employer"].map { SQLColumn($0, table: s) })
            .from(s).where(SQLColumn("authority_id", table: s), .equal, SQLBind(authorityID))
        if planHoldersOnly || cohortOn != nil {
            spellQuery = spellQuery.join(YoungPerson.schema, on: SQLColumn("id", table: YoungPerson.schema), .equal, SQLColumn("young_person_id", table: s))
        }
        if planHoldersOnly { spellQuery = spellQuery.where(SQLColumn("has_ehc_plan", table: YoungPerson.schema), .equal, SQLBind(true)) }
        if let day = cohortOn { spellQuery = inCohortWindow(spellQuery, on: day) }
        for row in try await FastRows.all(spellQuery, on: db) {
            guard let person = try row.uuid("young_person_id"), let i = index[person], let code = try row.int("code"),
                  let start = try row.string("start_on").flatMap(CalendarDate.init(iso:)),
                  let confirmed = try row.string("confirmed_on").flatMap(CalendarDate.init(iso:)) else { continue }
            result[i].spells.append(Post16Person.Spell(spell: Post16Spell(code: code, start: start, confirmedOn: confirmed, hours: try row.int("hours")),
                                                       provider: try row.string("provider_ref"), employer: try row.string("employer")))
        }
        return result
    }

    /// Born from 1 September of the year that makes them academic age 17 to 31 August of the year that makes them 15, or
    /// with a plan and born in or after January 26 years before the day (Post16Cohort.basis then applies the 25th birthday).
    static func inCohortWindow(_ query: SQLSelectBuilder, on day: CalendarDate) -> SQLSelectBuilder {
        let a = day.academicYearStart, dob = SQLColumn("date_of_birth", table: YoungPerson.schema)
        let oldest = CalendarDate(year: a - 18, month: 9, day: 1).description, youngest = CalendarDate(year: a - 15, month: 8, day: 31).description
        let oldestPlanHolder = CalendarDate(year: day.year - 26, month: 1, day: 1).description
        return query.where(group: { g in
            g.where(group: { $0.where(dob, .greaterThanOrEqual, SQLBind(oldest)).where(dob, .lessThanOrEqual, SQLBind(youngest)) })
                .orWhere(group: { $0.where(SQLColumn("has_ehc_plan", table: YoungPerson.schema), .equal, SQLBind(true)).where(dob, .greaterThanOrEqual, SQLBind(oldestPlanHolder)) })
        })
    }

    /// One young person of the principal's authority, or nil (the route then answers 404: out of scope and missing alike).
    static func find(_ id: UUID, authorityID: UUID, db: any Database) async throws -> YoungPerson? {
        try await YoungPerson.query(on: db).filter(\.$id == id).filter(\.$authority.$id == authorityID).first()
    }

    /// The September Guarantee offers of one year: young person → their offers' statuses (one query).
    static func offers(authorityID: UUID, year: Int, db: any Database) async throws -> [UUID: [Post16Offer]] {
        let rows = try await Post16Offer.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$guaranteeYear == year).all()
        return Dictionary(grouping: rows, by: { $0.$youngPerson.id })
    }

    /// The NEET figures of a month for the people given (already loaded).
    static func figures(_ people: [Post16Person], month: NCCISMonth, where include: (Post16Person) -> Bool = { _ in true }) -> NEETFigures {
        let day = month.lastDay
        let codes = NCCISCodeSet.bundled(for: day)
        var figures = NEETFigures(month: month)
        for person in people where include(person) && Post16Cohort.isAcademicAge16To17(dateOfBirth: person.dateOfBirth, on: day) {
            figures.add(Post16Activity.on(day, spells: person.plainSpells, codes: codes).countsAs)
        }
        return figures
    }

    /// The return for a month: everyone in the tracking cohort on its last day (16–17, plan holders to 25, Year 11 from January).
    static func nccisReturn(_ people: [Post16Person], offers: [UUID: [Post16Offer]], laCode: String, month: NCCISMonth) -> NCCISReturn {
        let day = month.lastDay
        let codes = NCCISCodeSet.bundled(for: day)
        var records: [NCCISRecord] = []
        for p in people {
            guard let basis = Post16Cohort.basis(dateOfBirth: p.dateOfBirth, hasEHCPlan: p.hasEHCPlan, on: day) else { continue }
            let activity = Post16Activity.on(day, spells: p.plainSpells, codes: codes)
            let row = p.spellRow(for: activity)
            let theirOffers = offers[p.id] ?? []
            let best = theirOffers.first { $0.status == .started } ?? theirOffers.first { $0.status.isLive } ?? theirOffers.first
            records.append(NCCISRecord(
                reference: p.id.uuidString, upn: p.upn, uln: p.uln, forename: p.forename, surname: p.surname,
                dateOfBirth: p.dateOfBirth, hasEHCPlan: p.hasEHCPlan, senSupport: p.senSupport, basis: basis, activity: activity,
                provider: row?.provider, employer: row?.employer, careExperienced: p.careExperienced, youngCarer: p.youngCarer,
                youngParent: p.youngParent, guaranteeCohort: best?.cohort, guaranteeOffer: best?.status, s19InYear11: p.s19InYear11))
        }
        return NCCISReturn(laCode: laCode, month: month, records: records)
    }
}
