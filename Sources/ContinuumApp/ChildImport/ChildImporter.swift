import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// Applies checked pupil records (from a CTF or a pupils CSV) to one authority's children: creates
/// or updates by UPN within the authority, in one transaction with one audit row per child created
/// or changed. A file naming a school Continuum doesn't know is refused whole, before anything is saved.
struct ChildImporter {
    struct Summary: Sendable, Equatable {
        var added = 0, updated = 0, unchanged = 0
        var json: String { JSONLine.object([("added", .int(added)), ("updated", .int(updated)), ("unchanged", .int(unchanged))]) }
        var line: String { "added \(added), updated \(updated), unchanged \(unchanged)" }
    }

    enum Outcome: Sendable, Equatable {
        case imported(Summary)
        case refused([String])
    }

    /// UPNs per `IN (…)` query: well under every database's bound-parameter limit.
    static let chunkSize = 500

    let authorityID: UUID
    let actor: AuditActor
    /// Where the records came from, for the audit rows ("CTF", "pupils CSV").
    let source: String

    func apply(_ records: [PupilRecord], on db: any Database) async throws -> Outcome {
        var seen: [String: String] = [:]
        var duplicates: [String] = []
        for record in records {
            if let earlier = seen[record.upn.value] { duplicates.append("\(record.position): UPN \(record.upn.value) is also at \(earlier)") }
            else { seen[record.upn.value] = record.position }
        }
        guard duplicates.isEmpty else { return .refused(duplicates) }
        let authorityID = self.authorityID, source = self.source
        let upns = Array(seen.keys)

        return try await AuditLog.transaction(on: db, actor: actor) { tx in
            let schools: [PupilRecord.School: UUID]
            switch try await Self.resolveSchools(records, on: tx) {
            case .failure(let refusal): return ([], .refused(refusal.messages))
            case .success(let found): schools = found
            }
            var existing: [String: Child] = [:]
            for chunk in upns.chunked(into: Self.chunkSize) {
                for child in try await Child.query(on: tx).filter(\.$authority.$id == authorityID).filter(\.$upn ~~ chunk).all() {
                    if let upn = child.upn { existing[upn] = child }
                }
            }
            var summary = Summary()
            var entries: [AuditEntry] = []
            var created: [Child] = []
            for record in records {
                let schoolID = record.school.flatMap { schools[$0] }
                if let child = existing[record.upn.value] {
                    let changed = Self.fill(child, from: record, schoolID: schoolID)
                    guard !changed.isEmpty else { summary.unchanged += 1; continue }
                    child.version += 1
                    child.searchKey = Child.searchKey(forename: child.legalForename, surname: child.legalSurname, preferred: child.preferredName, upn: child.upn)
                    try await child.save(on: tx)
                    summary.updated += 1
                    // Field names only: the values (needs, address) are special-category detail.
                    entries.append(AuditEntry(action: "child.updated", entityType: "child", entityID: child.id?.uuidString, childID: child.id,
                                              detail: "\(source) \(record.position): changed \(changed.joined(separator: ", "))"))
                } else {
                    let child = Child(id: UUID(), authorityID: authorityID, legalForename: record.legalForename, legalSurname: record.legalSurname,
                                      preferredName: record.preferredName, dateOfBirth: record.dateOfBirth, upn: record.upn.value, sex: record.sex,
                                      homePostcode: record.postcode?.value, homeSchoolID: schoolID, senProvision: record.senProvision,
                                      primaryNeed: record.primaryNeed, secondaryNeed: record.secondaryNeed)
                    // Rulebook AGE-3: the year the school teaches the child in, where it differs from the chronological one.
                    child.ncYearOffset = record.ncYearOffset
                    created.append(child)
                    entries.append(AuditEntry(action: "child.created", entityType: "child", entityID: child.id?.uuidString, childID: child.id,
                                              detail: "\(source) \(record.position)"))
                }
            }
            for chunk in created.chunked(into: 200) { try await chunk.create(on: tx) }
            summary.added = created.count
            entries.append(AuditEntry(action: "children.imported", entityType: "child", detail: "\(source): \(summary.line)"))
            return (entries, .imported(summary))
        }
    }

    struct UnknownSchools: Error { let messages: [String] }

    /// Every school the records name, found with one query per chunk of URNs and one per LA and
    /// establishment pair (a CTF has a single source school).
    static func resolveSchools(_ records: [PupilRecord], on db: any Database) async throws -> Result<[PupilRecord.School: UUID], UnknownSchools> {
        var firstUse: [PupilRecord.School: (position: String, count: Int)] = [:]
        for record in records {
            guard let school = record.school else { continue }
            if let use = firstUse[school] { firstUse[school] = (use.position, use.count + 1) } else { firstUse[school] = (record.position, 1) }
        }
        var found: [PupilRecord.School: UUID] = [:]
        let urns = firstUse.keys.compactMap { if case .urn(let urn) = $0 { urn } else { nil } }
        for chunk in urns.chunked(into: chunkSize) {
            for school in try await Establishment.query(on: db).filter(\.$urn ~~ chunk).all() {
                found[.urn(school.urn)] = school.id
            }
        }
        for key in firstUse.keys {
            guard case .laEstab(let la, let estab) = key else { continue }
            if let school = try await Establishment.query(on: db).filter(\.$laCode == la).filter(\.$establishmentNumber == estab).first() {
                found[key] = school.id
            }
        }
        let unknown = firstUse.filter { found[$0.key] == nil }.sorted { $0.value.position < $1.value.position }
        guard unknown.isEmpty else {
            return .failure(UnknownSchools(messages: unknown.map { school, use in
                "\(use.position)\(use.count > 1 ? " and \(use.count - 1) more" : ""): the home school \(school) is not a known establishment; import the GIAS establishments file first"
            }))
        }
        return .success(found)
    }

    /// Copies the record onto the child; returns the names of the fields that changed. What the
    /// file doesn't carry (a postcode, a school, the pupils CSV's secondary need) is left as it is.
    static func fill(_ child: Child, from record: PupilRecord, schoolID: UUID?) -> [String] {
        var changed: [String] = []
        func set<T: Equatable>(_ name: String, _ current: T, _ new: T, _ assign: (T) -> Void) {
            if current != new { assign(new); changed.append(name) }
        }
        set("legal_forename", child.legalForename, record.legalForename) { child.legalForename = $0 }
        set("legal_surname", child.legalSurname, record.legalSurname) { child.legalSurname = $0 }
        set("preferred_name", child.preferredName, record.preferredName) { child.preferredName = $0 }
        set("date_of_birth", child.dateOfBirth, record.dateOfBirth) { child.dateOfBirth = $0 }
        set("sex", child.sex, record.sex) { child.sex = $0 }
        if let postcode = record.postcode { set("home_postcode", child.homePostcode, postcode.value) { child.homePostcode = $0 } }
        if let schoolID { set("home_school", child.$homeSchool.id, schoolID) { child.$homeSchool.id = $0 } }
        set("sen_provision", child.senProvision, record.senProvision.rawValue) { child.senProvision = $0 }
        set("primary_need", child.primaryNeed, record.primaryNeed?.rawValue) { child.primaryNeed = $0 }
        var secondary = record.carriesSecondaryNeed ? record.secondaryNeed?.rawValue : child.secondaryNeed
        // A kept secondary need must still make sense beside the new provision and primary need (rulebook SEN-1, SEN-2).
        if record.senProvision == .none || secondary == record.primaryNeed?.rawValue { secondary = nil }
        set("secondary_need", child.secondaryNeed, secondary) { child.secondaryNeed = $0 }
        // Rulebook AGE-3: a file that gives the actual year replaces the stored difference (clearing it
        // when the child is back in their own year); one that doesn't, like the pupils CSV, leaves it.
        if record.carriesActualYear { set("nc_year_offset", child.ncYearOffset, record.ncYearOffset) { child.ncYearOffset = $0 } }
        return changed
    }
}
