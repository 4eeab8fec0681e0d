import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// `continuum import post16 FILE.csv` and the upload page (issue 17): the file is read whole by `Post16ImportFile`, then
/// checked against the spells already held, and only then saved, in one transaction: all or nothing.
enum Post16Importer {
    struct Summary: Sendable {
        var read = 0
        var peopleAdded = 0
        var peopleUpdated = 0
        var spellsAdded = 0
        var spellsUpdated = 0
        var unchanged = 0
        /// Lines of young people outside the cohort: accepted and flagged, never dropped.
        var flaggedLines: [Int] = []

        var line: String {
            "read \(read) rows: young people added \(peopleAdded), updated \(peopleUpdated); spells added \(spellsAdded), updated \(spellsUpdated); \(unchanged) rows unchanged"
                + (flaggedLines.isEmpty ? "" : "; \(flaggedLines.count) young people outside the tracking cohort were kept and flagged (lines \(flaggedLines.prefix(20).map(String.init).joined(separator: ", "))\(flaggedLines.count > 20 ? ", …" : ""))")
        }
    }

    enum Outcome: Sendable {
        case imported(Summary)
        case refused([EHCImportFile.Problem])
    }

    static let commandActor = AuditActor(userID: nil, name: "continuum import post16", role: "system", socketAddress: "local")

    static func importFile(_ data: Data, authorityID: UUID, today: CalendarDate = .today(), actor: AuditActor = commandActor,
                           on db: any Database) async throws -> Outcome {
        switch Post16ImportFile.parse(data, today: today) {
        case let .problems(problems): return .refused(problems)
        case let .rows(rows): return try await apply(rows, authorityID: authorityID, today: today, actor: actor, on: db)
        }
    }

    static func apply(_ rows: [Post16ImportFile.Row], authorityID: UUID, today: CalendarDate, actor: AuditActor, on db: any Database) async throws -> Outcome {
        try await AuditLog.transaction(on: db, actor: actor) { tx in
            // The young people the file names, by UPN and by ULN, in chunks the databases' bind limits allow.
            var byUPN: [String: YoungPerson] = [:], byULN: [String: YoungPerson] = [:]
            for chunk in Array(Set(rows.compactMap(\.upn))).chunked(into: 500) {
                for p in try await YoungPerson.query(on: tx).filter(\.$authority.$id == authorityID).filter(\.$upn ~~ chunk).all() { byUPN[p.upn!] = p }
            }
            for chunk in Array(Set(rows.compactMap(\.uln))).chunked(into: 500) {
                for p in try await YoungPerson.query(on: tx).filter(\.$authority.$id == authorityID).filter(\.$uln ~~ chunk).all() { byULN[p.uln!] = p }
            }
            var spellsOf: [UUID: [Post16SpellRecord]] = [:]
            let known = Array(Set(byUPN.values.compactMap(\.id) + byULN.values.compactMap(\.id)))
            for chunk in known.chunked(into: 500) {
                for s in try await Post16SpellRecord.query(on: tx).filter(\.$youngPerson.$id ~~ chunk).all() { spellsOf[s.$youngPerson.id, default: []].append(s) }
            }
            // Check every row against what is held before anything changes.
            var problems: [EHCImportFile.Problem] = []
            for row in rows {
                guard let spell = row.spell, let person = row.upn.flatMap({ byUPN[$0] }) ?? row.uln.flatMap({ byULN[$0] }), let id = person.id else { continue }
                let held = (spellsOf[id] ?? []).map(\.spell)
                if let other = held.first(where: { $0.start == spell.start && $0.code != spell.code }) {
                    problems.append(EHCImportFile.Problem(line: row.line, message: "overlaps the activity already held for \(person.fullName) (code \(other.code), the same start date \(other.start)) without ending it"))
                }
            }
            guard problems.isEmpty else { return ([], Outcome.refused(problems)) }

            var summary = Summary(read: rows.count)
            var touched = Set<String>()
            var newSpells: [Post16SpellRecord] = []
            for row in rows {
                let existing = row.upn.flatMap { byUPN[$0] } ?? row.uln.flatMap { byULN[$0] }
                let person = existing ?? YoungPerson()
                let isNew = existing == nil
                var changed = false
                if existing == nil {
                    person.id = UUID(); person.$authority.id = authorityID; person.source = "import"; person.version = 1
                    person.senSupport = false; person.careExperienced = false; person.youngCarer = false; person.youngParent = false; person.s19InYear11 = false
                    changed = true
                }
                // Issue 17: someone outside the cohort is accepted and flagged, not dropped.
                let basis = Post16Cohort.basis(dateOfBirth: row.dateOfBirth, hasEHCPlan: row.hasEHCPlan, on: today)
                let flag = basis == nil ? "Outside the tracking cohort on \(today.longFormat) (academic age \(Post16Cohort.academicAge(dateOfBirth: row.dateOfBirth, on: today)))" : nil
                // Assigned field by field, not through key paths: writing a Fluent field through a key path reads it first,
                // which traps on a new model.
                let upn = row.upn ?? (isNew ? nil : person.upn), uln = row.uln ?? (isNew ? nil : person.uln)
                if isNew || person.forename != row.forename || person.surname != row.surname || person.dateOfBirth != row.dateOfBirth
                    || person.hasEHCPlan != row.hasEHCPlan || person.upn != upn || person.uln != uln || person.flag != flag {
                    person.forename = row.forename; person.surname = row.surname; person.dateOfBirth = row.dateOfBirth; person.hasEHCPlan = row.hasEHCPlan
                    person.upn = upn; person.uln = uln; person.flag = flag
                    changed = true
                }
                if flag != nil && !touched.contains(row.key) { summary.flaggedLines.append(row.line) }
                if changed {
                    person.refreshSearchKey()
                    if existing == nil {
                        try await person.create(on: tx); summary.peopleAdded += 1
                    } else {
                        person.version += 1; try await person.save(on: tx)
                        if !touched.contains(row.key) { summary.peopleUpdated += 1 }
                    }
                }
                if let upn = person.upn { byUPN[upn] = person }
                if let uln = person.uln { byULN[uln] = person }
                touched.insert(row.key)
                guard let spell = row.spell else { if !changed { summary.unchanged += 1 }; continue }
                let id = person.id!
                if let held = spellsOf[id]?.first(where: { $0.code == spell.code && $0.startOn == spell.start }) {
                    if held.confirmedOn != spell.confirmedOn || held.hours != spell.hours {
                        held.confirmedOn = spell.confirmedOn; held.hours = spell.hours
                        try await held.save(on: tx); summary.spellsUpdated += 1
                    } else if !changed { summary.unchanged += 1 }
                    continue
                }
                let record = Post16SpellRecord()
                record.id = UUID(); record.$authority.id = authorityID; record.$youngPerson.id = id; record.code = spell.code
                record.startOn = spell.start; record.confirmedOn = spell.confirmedOn; record.hours = spell.hours
                record.source = Post16Source.imported.rawValue; record.recordedBy = actor.name
                spellsOf[id, default: []].append(record)
                newSpells.append(record)
                summary.spellsAdded += 1
            }
            for chunk in newSpells.chunked(into: 300) { try await chunk.create(on: tx) }
            let entry = AuditEntry(action: "post16.imported", entityType: "post16_import",
                                   detail: "rows=\(summary.read) people+\(summary.peopleAdded) ~\(summary.peopleUpdated) spells+\(summary.spellsAdded) ~\(summary.spellsUpdated) flagged=\(summary.flaggedLines.count)")
            return ([entry], Outcome.imported(summary))
        }
    }
}

/// Brings the children Continuum holds into the tracking cohort (issue 17): every child of tracked age becomes a young
/// person (matched by child, then UPN), with their EHC plan, SEN support, postcode district and Section 19 history kept
/// up to date. Run by the post-16 import, the NCCIS commands and the page's button; idempotent.
enum Post16CohortSync {
    static func refresh(authorityID: UUID, today: CalendarDate, actor: AuditActor, on db: any Database) async throws -> (added: Int, updated: Int) {
        guard let sql = db as? any SQLDatabase else { return (0, 0) }
        // Anyone from academic age 15 to 25: the cohort's widest reach (Year 11 to a plan holder's 25th birthday).
        let oldest = today.adding(years: -26).description, youngest = today.adding(years: -14).description
        let children = try await sql.select().columns("id", "upn", "legal_forename", "legal_surname", "date_of_birth", "sen_provision", "home_postcode")
            .from(Child.schema).where("authority_id", .equal, SQLBind(authorityID))
            .where("date_of_birth", .greaterThan, SQLBind(oldest)).where("date_of_birth", .lessThan, SQLBind(youngest)).all()
        guard !children.isEmpty else { return (0, 0) }
        let inForce = [EHCStage.finalIssued, .underReview, .amendmentProposed].map(\.rawValue)
        let planRows = try await sql.select().column("child_id").from(EHCCase.schema).where("authority_id", .equal, SQLBind(authorityID))
            .where("stage", .in, SQLBind.group(inForce)).where("child_id", .isNot, SQLLiteral.null).all()
        let withPlan = Set(try planRows.map { try $0.decode(column: "child_id", as: UUID.self) })
        let referralRows = try await sql.select().column(SQLColumn("child_id", table: Referral.schema)).column(SQLColumn("received_on", table: Referral.schema)).from(Referral.schema)
            .join(Child.schema, on: "\(Child.schema).id=\(Referral.schema).child_id")
            .where(SQLColumn("authority_id", table: Child.schema), .equal, SQLBind(authorityID)).all()
        var referredOn: [UUID: [CalendarDate]] = [:]
        for row in referralRows {
            if let d = CalendarDate(iso: try row.decode(column: "received_on", as: String.self)) { referredOn[try row.decode(column: "child_id", as: UUID.self), default: []].append(d) }
        }
        let referred = referredOn
        let held = try await YoungPerson.query(on: db).filter(\.$authority.$id == authorityID).all()
        let byChild = Dictionary(held.compactMap { p in p.childID.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        let byUPN = Dictionary(held.compactMap { p in p.upn.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        return try await AuditLog.transaction(on: db, actor: actor) { tx in
            var added = 0, updated = 0
            var creates: [YoungPerson] = []
            for row in children {
                guard let dob = CalendarDate(iso: try row.decode(column: "date_of_birth", as: String.self)) else { continue }
                let childID = try row.decode(column: "id", as: UUID.self)
                let plan = withPlan.contains(childID)
                guard Post16Cohort.basis(dateOfBirth: dob, hasEHCPlan: plan, on: today) != nil else { continue }
                let upn = try row.decode(column: "upn", as: String?.self)
                let provision = SENProvision(rawValue: try row.decode(column: "sen_provision", as: String.self))
                let district = (try row.decode(column: "home_postcode", as: String?.self))?.split(separator: " ").first.map(String.init)
                // NCCIS-5: a Section 19 referral received while the child was in Year 11 (academic age 15).
                let s19 = (referred[childID] ?? []).contains { Post16Cohort.academicAge(dateOfBirth: dob, on: $0) == 15 }
                let existing = byChild[childID] ?? upn.flatMap { byUPN[$0] }
                let person = existing ?? YoungPerson()
                if existing == nil {
                    person.id = UUID(); person.$authority.id = authorityID; person.source = "children"; person.version = 1
                    person.careExperienced = false; person.youngCarer = false; person.youngParent = false
                }
                let before = existing.map { [$0.childID?.uuidString ?? "", $0.upn ?? "", $0.forename, $0.surname, $0.dateOfBirth.description, "\($0.hasEHCPlan)", "\($0.senSupport)", $0.district ?? "", "\($0.s19InYear11)"] }
                person.childID = childID; person.upn = upn ?? person.upn
                person.forename = try row.decode(column: "legal_forename", as: String.self); person.surname = try row.decode(column: "legal_surname", as: String.self)
                person.dateOfBirth = dob; person.hasEHCPlan = plan || provision == .ehcPlan; person.senSupport = provision == .senSupport
                person.district = district ?? person.district; person.s19InYear11 = s19
                person.refreshSearchKey()
                let after = [person.childID?.uuidString ?? "", person.upn ?? "", person.forename, person.surname, person.dateOfBirth.description, "\(person.hasEHCPlan)", "\(person.senSupport)", person.district ?? "", "\(person.s19InYear11)"]
                if existing == nil { creates.append(person); added += 1 }
                else if before != after { person.version += 1; try await person.save(on: tx); updated += 1 }
            }
            for chunk in creates.chunked(into: 300) { try await chunk.create(on: tx) }
            let entries = added + updated == 0 ? [] : [AuditEntry(action: "post16.cohort.refreshed", entityType: "post16_cohort", detail: "from children: added \(added), updated \(updated)")]
            return (entries, (added, updated))
        }
    }
}
