import Fluent
import SQLKit
import Foundation
import ContinuumDomain

/// The Section 19 provision recorded in a financial year, as the service budget needs it (MET-FIN-2, MET-FIN-3):
/// per child and home school, the days on roll (provision episodes) and the hours delivered (session records).
/// Three queries whatever the number of children; no names and no health detail leave it.
struct METProvision {
    let year: FinancialYear
    /// The last day counted: 31 March, or today within the current year.
    let through: CalendarDate
    let provision: [RecordedProvision]
    let childrenServed: Int
    let monthEndRolls: [Int]
    let deliveredMinutes: Int
}

enum METProvisionQuery {
    static func load(authorityID: UUID, year: FinancialYear, through asAt: CalendarDate, on db: any Database) async throws -> METProvision {
        let through = min(asAt, year.end)
        guard through >= year.start else {
            return METProvision(year: year, through: through, provision: [], childrenServed: 0, monthEndRolls: [], deliveredMinutes: 0)
        }
        // 1. Episodes touching the year, with their referral and child.
        let episodes = try await ProvisionEpisode.query(on: db)
            .join(Referral.self, on: \ProvisionEpisode.$referral.$id == \Referral.$id)
            .join(Child.self, on: \Referral.$child.$id == \Child.$id)
            .filter(Referral.self, \.$authority.$id == authorityID)
            .filter(\.$startsOn <= through)
            .group(.or) { $0.filter(\.$endsOn == nil).filter(\.$endsOn >= year.start) }
            .all()
        struct Key: Hashable { let child: UUID; let school: UUID? }
        var spans: [Key: [(start: CalendarDate, end: CalendarDate?)]] = [:]
        var references: [UUID: String] = [:]
        var planned = Set<Key>()
        var keyOfReferral: [UUID: Key] = [:]
        for episode in episodes {
            let referral = try episode.joined(Referral.self), child = try episode.joined(Child.self)
            guard let childID = child.id, let referralID = referral.id else { continue }
            let key = Key(child: childID, school: referral.$homeSchool.id)
            spans[key, default: []].append((episode.startsOn, episode.endsOn))
            references[childID] = Self.reference(child)
            keyOfReferral[referralID] = key
            if referral.ehcStatus == "plan" { planned.insert(key) }
        }
        // 2. Minutes delivered in the year per referral (HN-10: a delivered session is education received).
        let minutes = try await deliveredMinutes(authorityID: authorityID, from: year.start, to: through, on: db)
        var minutesByKey: [Key: Int] = [:]
        for (referralID, value) in minutes {
            guard let key = keyOfReferral[referralID] else { continue }
            minutesByKey[key, default: 0] += value
        }
        // 3. The home schools' names.
        let schoolIDs = Set(spans.keys.compactMap(\.school))
        let schools = schoolIDs.isEmpty ? [] : try await Establishment.query(on: db).filter(\.$id ~~ Array(schoolIDs)).all()
        let schoolName = Dictionary(uniqueKeysWithValues: schools.compactMap { s in s.id.map { ($0, "\(s.name) (URN \(s.urn))") } })

        let provision = spans.map { key, list in
            RecordedProvision(child: references[key.child] ?? "", school: key.school.flatMap { schoolName[$0] } ?? "No home school recorded",
                              daysOnRoll: ServiceCharging.daysOnRoll(list, year: year, through: through),
                              deliveredMinutes: minutesByKey[key] ?? 0, hasEHCPlan: planned.contains(key))
        }.sorted { ($0.school, $0.child) < ($1.school, $1.child) }
        var byChild: [UUID: [(start: CalendarDate, end: CalendarDate?)]] = [:]
        for (key, list) in spans { byChild[key.child, default: []] += list }
        return METProvision(year: year, through: through, provision: provision, childrenServed: byChild.count,
                            monthEndRolls: ServiceCharging.monthEndRolls(Array(byChild.values), year: year, through: through),
                            deliveredMinutes: minutes.values.reduce(0, +))
    }

    /// Finance sees a child as a UPN, or a short reference where there is none: never a name.
    static func reference(_ child: Child) -> String {
        child.upn ?? "No UPN (ref \(child.id.map { String($0.uuidString.prefix(8)) } ?? "?"))"
    }

    /// Minutes of delivered sessions per referral between two dates, in one grouped query.
    static func deliveredMinutes(authorityID: UUID, from: CalendarDate, to: CalendarDate, on db: any Database) async throws -> [UUID: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select()
            .column(SQLColumn("id", table: Referral.schema))
            .column(SQLColumn("minutes", table: TimetableSlot.schema))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("sessions")))
            .from(TaughtSession.schema)
            .join(TimetableSlot.schema, on: SQLColumn("slot_id", table: TaughtSession.schema), .equal, SQLColumn("id", table: TimetableSlot.schema))
            .join(Referral.schema, on: SQLColumn("referral_id", table: TimetableSlot.schema), .equal, SQLColumn("id", table: Referral.schema))
            .where(SQLColumn("authority_id", table: Referral.schema), .equal, SQLBind(authorityID))
            .where(SQLColumn("outcome", table: TaughtSession.schema), .equal, SQLBind(SessionOutcome.delivered.rawValue))
            .where(SQLColumn("on_date", table: TaughtSession.schema), .greaterThanOrEqual, SQLBind(from))
            .where(SQLColumn("on_date", table: TaughtSession.schema), .lessThanOrEqual, SQLBind(to))
            .groupBy(SQLColumn("id", table: Referral.schema))
            .groupBy(SQLColumn("minutes", table: TimetableSlot.schema))
            .all()
        var result: [UUID: Int] = [:]
        for row in rows {
            let referral = try row.decode(column: "id", as: UUID.self)
            result[referral, default: 0] += try row.decode(column: "minutes", as: Int.self) * row.decode(column: "sessions", as: Int.self)
        }
        return result
    }
}
