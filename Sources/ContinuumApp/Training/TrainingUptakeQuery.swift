import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// Uptake by school beside its SEN cohort from the children held (TRAIN-5, TRAIN-6): two queries whatever the number
/// of schools, pupils or bookings, in SQL that SQLite and PostgreSQL both run. Only counts leave it: no child is named.
enum TrainingUptakeQuery {
    /// One row per school that has pupils, by URN.
    static func load(authorityID: UUID, year: TrainingYear, db: any Database) async throws -> [TrainingUptake.School] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let c = "children", e = Establishment.schema
        // 1. The cohort: pupils by school, SEN provision and primary need.
        let cohort = try await sql.select()
            .column(SQLColumn("id", table: e), as: "school_id").column(SQLColumn("urn", table: e), as: "urn").column(SQLColumn("name", table: e), as: "name")
            .column(SQLColumn("sen_provision", table: c), as: "provision").column(SQLColumn("primary_need", table: c), as: "need")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "pupils")
            .from(c)
            .join(e, on: SQLColumn("home_school_id", table: c), .equal, SQLColumn("id", table: e))
            .where(SQLColumn("authority_id", table: c), .equal, SQLBind(authorityID))
            // Grouped in the covering index's order (migration 050: authority, school, provision, need), so the children are
            // counted from the index alone, in one pass; the school's URN and name ride along (one per school).
            .groupBy(SQLColumn("home_school_id", table: c)).groupBy(SQLColumn("sen_provision", table: c)).groupBy(SQLColumn("primary_need", table: c))
            .groupBy(SQLColumn("id", table: e)).groupBy(SQLColumn("urn", table: e)).groupBy(SQLColumn("name", table: e))
            .all()
        var schools: [UUID: TrainingUptake.School] = [:]
        for row in cohort {
            let id = try row.decode(column: "school_id", as: UUID.self)
            let urn = try row.decode(column: "urn", as: Int.self), name = try row.decode(column: "name", as: String.self)
            var school = schools[id] ?? TrainingUptake.School(id: id, urn: urn, name: name)
            let pupils = try row.decode(column: "pupils", as: Int.self)
            school.pupils += pupils
            let provision = SENProvision(rawValue: try row.decode(column: "provision", as: String.self)) ?? SENProvision.none
            switch provision {
            case .senSupport: school.senSupport += pupils
            case .ehcPlan: school.ehcPlans += pupils
            case .none: break
            }
            if provision != .none, let need = (try row.decode(column: "need", as: String?.self)).flatMap(SENNeed.init(rawValue:)) {
                school.byNeed[need, default: 0] += pupils
            }
            schools[id] = school
        }
        // 2. Every attended place: its school, delegate, role, day and the course's area.
        let b = TrainingBooking.schema, s = TrainingSession.schema, k = TrainingCourse.schema
        let attended = try await sql.select()
            .column(SQLColumn("school_id", table: b), as: "school_id").column(SQLColumn("delegate_key", table: b), as: "delegate")
            .column(SQLColumn("delegate_role", table: b), as: "role").column(SQLColumn("session_date", table: s), as: "on")
            .column(SQLColumn("target_area", table: k), as: "area")
            .from(b)
            .join(s, on: SQLColumn("session_id", table: b), .equal, SQLColumn("id", table: s))
            .join(k, on: SQLColumn("course_id", table: s), .equal, SQLColumn("id", table: k))
            .where(SQLColumn("authority_id", table: b), .equal, SQLBind(authorityID))
            .where(SQLColumn("status", table: b), .equal, SQLBind(TrainingBookingStatus.attended.rawValue))
            .all()
        var delegates: [UUID: Set<String>] = [:]
        for row in attended {
            let id = try row.decode(column: "school_id", as: UUID.self)
            guard var school = schools[id], let on = CalendarDate(iso: try row.decode(column: "on", as: String.self)) else { continue }
            if try row.decode(column: "role", as: String.self) == TrainingAudience.senco.rawValue {
                school.lastSENCOTrainedOn = max(school.lastSENCOTrainedOn ?? on, on)
            }
            if year.contains(on) {
                school.sessionsAttended += 1
                delegates[id, default: []].insert(try row.decode(column: "delegate", as: String.self))
                school.lastTrainedOn = max(school.lastTrainedOn ?? on, on)
                if let area = TrainingArea(rawValue: try row.decode(column: "area", as: String.self)) { school.attendedByArea[area, default: 0] += 1 }
            }
            schools[id] = school
        }
        for (id, keys) in delegates { schools[id]?.staffTrained = keys.count }
        return schools.values.sorted { $0.urn < $1.urn }
    }

    /// `continuum report training-uptake`'s CSV: the header the issue fixes, one row per school that has pupils.
    static func csv(_ schools: [TrainingUptake.School]) -> String {
        var out = TrainingUptake.csvHeader + "\r\n"
        for s in schools {
            let cells = [String(s.urn), s.name, String(s.senSupport), String(s.ehcPlans), String(s.staffTrained), String(s.sessionsAttended),
                         s.lastTrainedOn?.description ?? ""]
            out += cells.map(CSVCell.escape).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
