import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// Applies one parsed attendance file to the store, all or nothing.
///
/// Everything for a file happens in one database transaction (with its audit row), so a failure
/// part-way, or a killed process, leaves the database as it was before that file (issue 4 "Bad
/// input"). The work is proportional to the file: it loads only the blobs of the file's pupils,
/// rewrites only the blobs whose codes changed, and recomputes measures only for the pupil-years
/// those changes touched, so a day's feed does not pay for the rest of the year.
struct AttendanceImporter: Sendable {
    let authorityID: UUID
    /// The day the import runs: identifications are dated by it, and only this academic year raises them.
    let today: CalendarDate
    let actor: AuditActor
    var thresholdSessions = IllnessMeasures.defaultThresholdSessions
    /// Absent sessions this term that put a child with an EHC request pending on the queue (default 10 days).
    var ehcAbsenceThresholdSessions = AbsenceInPeriod.defaultThresholdSessions
    var progress: @Sendable (String) -> Void = { _ in }

    func apply(_ marks: [AttendanceMark], fileName: String, on db: any Database) async throws -> AttendanceImportSummary {
        let authorityID = authorityID, today = today, threshold = thresholdSessions, progress = progress, ehcAbsenceThresholdSessions = ehcAbsenceThresholdSessions
        return try await AuditLog.transaction(on: db, actor: actor) { tx in
            guard let sql = tx as? any SQLDatabase else { throw AttendanceImportError.notSQL }
            let upns = Set(marks.map(\.upn)).sorted()
            let years = Set(marks.map(\.academicYear))
            let blobStore = AttendanceYearStore(sql: sql)
            var blobs = try await blobStore.load(upns: upns, years: years)
            progress("\(fileName): \(marks.count) marks for \(upns.count) pupils; \(blobs.count) stored school-years loaded")

            var summary = AttendanceImportSummary()
            let changed = Self.apply(marks, to: &blobs, counting: &summary.marks)
            let changedBlobs = changed.sorted().map { (key: $0, codes: blobs[$0]!) }
            try await blobStore.upsert(changedBlobs)
            progress("\(fileName): \(changedBlobs.count) school-years saved")

            // Measures for the pupil-years whose codes changed, from every school's blob for them.
            let touched = Set(changed.map(UPNYear.init))
            var schoolsOf: [UPNYear: [SessionCodesKey]] = [:]
            for key in blobs.keys where touched.contains(UPNYear(key)) { schoolsOf[UPNYear(key), default: []].append(key) }
            let measureStore = IllnessMeasureStore(sql: sql)
            let before = try await measureStore.load(touched)
            var after: [(key: UPNYear, measures: IllnessMeasures)] = []
            for key in touched.sorted(by: { ($0.upn, $0.academicYear) < ($1.upn, $1.academicYear) }) {
                let merged = SessionCodes.merged(academicYear: key.academicYear, (schoolsOf[key] ?? []).map { blobs[$0]! })
                let measures = IllnessMeasures.compute(merged, thresholdSessions: threshold)
                if before[key] != measures { after.append((key, measures)) }
            }
            try await measureStore.upsert(after, at: Date())
            progress("\(fileName): measures recomputed for \(touched.count) pupil-years, \(after.count) changed")

            let children = try await Self.children(authorityID: authorityID, upns: upns, on: tx)
            summary.unmatchedUPNs = Set(upns.filter { children[$0] == nil })

            // HN-2: the first time this academic year's running count reaches the threshold.
            let reached = after.filter { $0.key.academicYear == today.academicYearStart && $0.measures.reached15On != nil && before[$0.key]?.reached15On == nil }
            let createdIllness = try await IdentificationRecorder(authorityID: authorityID, today: today)
                .recordIllness(reached, children: children, on: tx)
            // Issue 4 item 3 / HN-10: an EHC request pending or a plan being drafted, and 10+ days missed this term.
            let pending = try await Self.ehcPendingAbsence(touched: touched, blobs: blobs, schoolsOf: schoolsOf, children: children,
                                                           authorityID: authorityID, today: today, threshold: ehcAbsenceThresholdSessions, on: tx)
            let createdPending = try await IdentificationRecorder(authorityID: authorityID, today: today).recordEHCPendingAbsence(pending, on: tx)
            let created = createdIllness + createdPending
            summary.identificationsCreated = created.count
            let entries = [AuditEntry(action: "attendance.imported", entityType: "attendance", entityID: fileName,
                                      detail: "\(summary.line), identified \(created.count)")]
                + created.map { AuditEntry(action: "identification.created", entityType: "identification", entityID: $0.id?.uuidString,
                                           childID: $0.childID, detail: "\($0.kind) upn=\($0.upn ?? "") year=\($0.academicYear)") }
            return (entries, summary)
        }
    }

    /// Children in `touched` with an open EHC request (requested, assessing or draft) who have missed at least
    /// `threshold` sessions, for any reason, in the term containing `today` (or the last term before it).
    static func ehcPendingAbsence(touched: Set<UPNYear>, blobs: [SessionCodesKey: SessionCodes], schoolsOf: [UPNYear: [SessionCodesKey]],
                                  children: [PackedUPN: UUID], authorityID: UUID, today: CalendarDate, threshold: Int,
                                  on db: any Database) async throws -> [(childID: UUID, upn: String, term: TermDates, sessions: Int)] {
        let current = touched.filter { $0.academicYear == today.academicYearStart && children[$0.upn] != nil }
        guard !current.isEmpty else { return [] }
        let calendar = try await CalendarCache().calendar(for: authorityID, on: db)
        guard let term = calendar.term(containing: today) ?? calendar.terms.last(where: { $0.start <= today }) else { return [] }
        var pending = Set<UUID>()
        let ids = current.compactMap { children[$0.upn] }
        for chunk in ids.chunked(into: 500) {
            pending.formUnion(try await EHCCase.query(on: db).filter(\.$child.$id ~~ chunk)
                .filter(\.$stageRaw ~~ EHCCase.openAssessmentStages.map(\.rawValue)).all(\.$child.$id).compactMap { $0 })
        }
        var result: [(UUID, String, TermDates, Int)] = []
        for key in current {
            guard let childID = children[key.upn], pending.contains(childID) else { continue }
            let merged = SessionCodes.merged(academicYear: key.academicYear, (schoolsOf[key] ?? []).map { blobs[$0]! })
            let missed = AbsenceInPeriod.sessions(merged, from: term.start, to: min(term.end, today))
            if missed >= threshold { result.append((childID, key.upn.description, term, missed)) }
        }
        return result
    }

    /// Applies marks in file order (a later mark for a session corrects an earlier one) and
    /// returns the keys whose codes changed. Consecutive marks usually share a key (a register
    /// is by pupil, a day's feed two sessions a pupil), so the codes being changed are held out
    /// of the dictionary for the run: one lookup per run, and no copy of the 732 bytes per mark.
    static func apply(_ marks: [AttendanceMark], to blobs: inout [SessionCodesKey: SessionCodes],
                      counting summary: inout AttendanceApplySummary) -> Set<SessionCodesKey> {
        var changed = Set<SessionCodesKey>()
        var runKey: SessionCodesKey?
        var run = SessionCodes(academicYear: 0)
        var runChanged = false
        func flush() {
            guard let key = runKey else { return }
            blobs[key] = run
            if runChanged { changed.insert(key) }
        }
        for mark in marks {
            let key = SessionCodesKey(mark)
            if key != runKey {
                flush()
                run = blobs.removeValue(forKey: key) ?? SessionCodes(academicYear: key.academicYear)
                runKey = key
                runChanged = false
            }
            let result = run.apply(mark)
            summary.count(result)
            if result != .unchanged { runChanged = true }
        }
        flush()
        return changed
    }

    /// The authority's children with these UPNs, by UPN: one `IN` query per chunk.
    static func children(authorityID: UUID, upns: [PackedUPN], on db: any Database) async throws -> [PackedUPN: UUID] {
        var found: [PackedUPN: UUID] = [:]
        for chunk in upns.chunked(into: AttendanceYearStore.upnsPerQuery) {
            let rows = try await Child.query(on: db).filter(\.$authority.$id == authorityID)
                .filter(\.$upn ~~ chunk.map { $0.description as String? }).field(\.$id).field(\.$upn).all()
            for child in rows { if let text = child.upn, let upn = PackedUPN(text), let id = child.id { found[upn] = id } }
        }
        return found
    }
}

enum AttendanceImportError: Error, CustomStringConvertible {
    case notSQL
    var description: String { "the attendance import needs an SQL database" }
}
