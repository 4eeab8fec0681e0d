import Foundation

/// Session codes for many pupils held in memory, keyed as the database keys
/// its blobs (pupil, school, academic year): for the CLI's report, tests and
/// benchmarks. The application's store keeps the same `SessionCodes` values
/// in rows; this type shows the intended use of them.
public struct AttendanceLedger: Sendable {
    public private(set) var entries: [SessionCodesKey: SessionCodes] = [:]
    /// Each pupil's schools (URNs) in the order first seen, so merging a
    /// pupil's year reads only that pupil's entries.
    private var schools: [PackedUPN: [Int]] = [:]

    public init() {}

    /// Applies marks in order; a later mark for the same session corrects an earlier one.
    ///
    /// Files usually hold a pupil's marks together (a register by pupil) or a
    /// day's marks (two per pupil), so consecutive marks with the same key are
    /// applied to one `SessionCodes` held out of the dictionary: one lookup per
    /// run of marks instead of one per mark. (An array, not any sequence, so
    /// that callers in other modules get this compiled loop, not a generic one.)
    @discardableResult
    public mutating func apply(_ marks: [AttendanceMark]) -> AttendanceApplySummary {
        var summary = AttendanceApplySummary()
        var cachedDay = Int32.min, cachedYear = 0
        var runKey: SessionCodesKey?
        var run = SessionCodes(academicYear: 0)
        var runFirstDay = 0
        for mark in marks {
            if mark.dayNumber != cachedDay {
                cachedDay = mark.dayNumber
                cachedYear = CalendarDate(dayNumber: Int(cachedDay)).academicYearStart
            }
            let key = SessionCodesKey(upn: mark.upn, urn: mark.urn, academicYear: cachedYear)
            if key != runKey {
                if let runKey { entries[runKey] = run }
                run = take(key)
                runKey = key
                runFirstDay = SessionCodes.firstDayNumber(academicYear: cachedYear)
            }
            let slot = (Int(mark.dayNumber) - runFirstDay) * 2 + Int(mark.session.rawValue)
            summary.count(run.apply(slot: slot, id: mark.code.id))
        }
        if let runKey { entries[runKey] = run }
        return summary
    }

    @discardableResult
    public mutating func apply(_ mark: AttendanceMark) -> SessionCodes.ApplyResult {
        let key = SessionCodesKey(mark)
        var codes = take(key)
        let result = codes.apply(mark)
        entries[key] = codes
        return result
    }

    /// Removes and returns the codes for `key` (so that changing them does not
    /// copy the bytes), or new empty codes, registering the school for the pupil.
    private mutating func take(_ key: SessionCodesKey) -> SessionCodes {
        if let codes = entries.removeValue(forKey: key) { return codes }
        if !(schools[key.upn]?.contains(key.urn) ?? false) { schools[key.upn, default: []].append(key.urn) }
        return SessionCodes(academicYear: key.academicYear)
    }

    /// Every pupil with any mark, in UPN order.
    public var upns: [PackedUPN] { schools.keys.sorted() }

    /// The schools that have sent marks for this pupil in any year.
    public func urns(of upn: PackedUPN) -> [Int] { schools[upn] ?? [] }

    /// One school's codes for a pupil and year.
    public func sessionCodes(upn: PackedUPN, urn: Int, academicYear: Int) -> SessionCodes? {
        entries[SessionCodesKey(upn: upn, urn: urn, academicYear: academicYear)]
    }

    /// All of a pupil's schools merged for the year (see `SessionCodes.merge`), or nil if none has marks.
    public func merged(upn: PackedUPN, academicYear: Int) -> SessionCodes? {
        var result: SessionCodes?
        for urn in schools[upn] ?? [] {
            guard let codes = entries[SessionCodesKey(upn: upn, urn: urn, academicYear: academicYear)] else { continue }
            if result == nil { result = codes } else { result!.merge(codes) }
        }
        return result
    }

    /// One pupil's measures for the year, nil if no school has marks for them:
    /// after a day's feed, recompute only the pupils it touched.
    public func measures(upn: PackedUPN, academicYear: Int,
                         thresholdSessions: Int = IllnessMeasures.defaultThresholdSessions) -> IllnessMeasures? {
        merged(upn: upn, academicYear: academicYear).map {
            IllnessMeasures.compute($0, thresholdSessions: thresholdSessions)
        }
    }

    /// The measures for every pupil with marks in the year, in UPN order.
    public func measures(academicYear: Int, thresholdSessions: Int = IllnessMeasures.defaultThresholdSessions)
        -> [IllnessAbsenceRow] {
        var rows: [IllnessAbsenceRow] = []
        for upn in upns {
            guard let merged = merged(upn: upn, academicYear: academicYear) else { continue }
            rows.append(IllnessAbsenceRow(
                upn: upn, academicYear: academicYear,
                measures: IllnessMeasures.compute(merged, thresholdSessions: thresholdSessions)))
        }
        return rows
    }
}
