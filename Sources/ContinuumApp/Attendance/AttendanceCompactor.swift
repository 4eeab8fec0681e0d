import Foundation
import SQLKit
import ContinuumDomain

/// Folds schools' registers into the pupils' year blobs and removes them. The marks do not
/// change, only where they are kept, so the measures and their states stay as they are.
///
/// Registers make a day's feed cheap; blobs make a pupil's year one read. A year-long import for a
/// school compacts that school first (so its marks land on the blobs in file order), and
/// `continuum attendance compact` does the rest from a nightly or weekly schedule.
struct AttendanceCompactor {
    let sql: any SQLDatabase

    /// Compacts every register of `urns`; returns how many registers were folded in.
    @discardableResult
    func compact(urns: Set<Int>) async throws -> Int {
        let registers = try await AttendanceRegisterStore(sql: sql).load(urns: urns)
        guard !registers.isEmpty else { return 0 }
        var upns = Set<PackedUPN>()
        var years = Set<Int>()
        for register in registers.values {
            upns.formUnion(register.pupils.keys)
            years.insert(register.date.academicYearStart)
        }
        var blobs = try await AttendanceYearStore(sql: sql).load(upns: upns.sorted(), years: years)
        var changed = Set<SessionCodesKey>()
        // Date order is not needed (a register holds one date) but keeps the work reproducible.
        for register in registers.values.sorted(by: { RegisterKey(urn: $0.urn, date: $0.date) < RegisterKey(urn: $1.urn, date: $1.date) }) {
            let year = register.date.academicYearStart
            for (upn, day) in register.pupils {
                let key = SessionCodesKey(upn: upn, urn: register.urn, academicYear: year)
                var codes = blobs[key] ?? SessionCodes(academicYear: year)
                let before = codes
                codes.overlay(day, on: register.date)
                if codes != before || blobs[key] == nil { blobs[key] = codes; changed.insert(key) }
            }
        }
        try await AttendanceYearStore(sql: sql).upsert(changed.sorted().map { (key: $0, codes: blobs[$0]!) })
        try await AttendanceRegisterStore(sql: sql).delete(urns: Set(registers.keys.map(\.urn)))
        return registers.count
    }
}
