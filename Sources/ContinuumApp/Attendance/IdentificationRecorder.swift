import Fluent
import Foundation
import ContinuumDomain

/// Creates early-identification entries, never twice for the same reason: before inserting, it
/// reads which dedupe keys exist already (one `IN` query per chunk), and the unique index on the
/// key stops a concurrent writer from slipping a duplicate in between.
struct IdentificationRecorder {
    let authorityID: UUID
    let today: CalendarDate

    /// One entry per pupil-year that has just reached the illness threshold.
    func recordIllness(_ reached: [(key: UPNYear, measures: IllnessMeasures)], children: [PackedUPN: UUID],
                       on db: any Database) async throws -> [Identification] {
        guard !reached.isEmpty else { return [] }
        let candidates = reached.map { row -> Identification in
            let upn = row.key.upn.description
            return Identification(id: UUID(), authorityID: authorityID, childID: children[row.key.upn], upn: upn, kind: .illness15Days,
                                  detail: Self.illnessDetail(row.measures, academicYear: row.key.academicYear),
                                  academicYear: row.key.academicYear, identifiedOn: today,
                                  dedupeKey: Identification.illnessKey(authorityID: authorityID, upn: upn, academicYear: row.key.academicYear))
        }
        var existing = Set<String>()
        for chunk in candidates.map(\.dedupeKey).chunked(into: 500) {
            existing.formUnion(try await Identification.query(on: db).filter(\.$dedupeKey ~~ chunk).all(\.$dedupeKey))
        }
        let fresh = candidates.filter { !existing.contains($0.dedupeKey) }
        for chunk in fresh.chunked(into: 200) { try await chunk.create(on: db) }
        return fresh
    }

    /// One entry per child and term: an EHC request pending and 10+ days missed for any reason.
    func recordEHCPendingAbsence(_ rows: [(childID: UUID, upn: String, term: TermDates, sessions: Int)], on db: any Database) async throws -> [Identification] {
        guard !rows.isEmpty else { return [] }
        let candidates = rows.map { row in
            Identification(id: UUID(), authorityID: authorityID, childID: row.childID, upn: row.upn, kind: .ehcPendingAbsence,
                           detail: "An EHC needs assessment is pending and the child has missed \(IllnessAbsenceReport.days(sessions: row.sessions)) school days "
                               + "this term (\(row.term.name)), for any reason. Consider whether Section 19 applies while the assessment runs.",
                           academicYear: today.academicYearStart, identifiedOn: today,
                           dedupeKey: "ehc_absence|\(authorityID)|\(row.upn)|\(today.academicYearStart)|\(row.term.name)")
        }
        var existing = Set<String>()
        for chunk in candidates.map(\.dedupeKey).chunked(into: 500) {
            existing.formUnion(try await Identification.query(on: db).filter(\.$dedupeKey ~~ chunk).all(\.$dedupeKey))
        }
        let fresh = candidates.filter { !existing.contains($0.dedupeKey) }
        for chunk in fresh.chunked(into: 200) { try await chunk.create(on: db) }
        return fresh
    }

    /// Why, in words a caseworker can act on.
    static func illnessDetail(_ measures: IllnessMeasures, academicYear: Int) -> String {
        let days = IllnessAbsenceReport.days(sessions: measures.illnessSessions)
        let longest = measures.longestConsecutiveDays == 1 ? "1 school day" : "\(measures.longestConsecutiveDays) school days"
        return "Illness absence reached 15 school days on \(measures.reached15On?.longFormat ?? "an unknown date"): "
            + "\(days) days of illness in \(academicYear)/\(String(academicYear + 1).suffix(2)) so far, the longest spell \(longest) in a row."
    }
}
