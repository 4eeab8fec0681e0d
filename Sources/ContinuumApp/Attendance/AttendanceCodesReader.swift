import Foundation
import SQLKit
import ContinuumDomain

/// A pupil's marks as they stand: each school's year blob with that school's newer registers laid
/// over it, then the schools merged. Everything that reads marks (the measures' recompute, the
/// EHC-pending check, the child's strip, compaction) goes through here, so none of them can
/// forget the registers not yet compacted.
struct AttendanceCodesReader {
    let sql: any SQLDatabase

    struct Marks {
        /// Each pupil-year's schools, each school's codes with its registers laid over the blob.
        var byPupil: [UPNYear: [Int: SessionCodes]] = [:]

        /// Every school merged for one pupil-year; an empty year if none.
        func merged(_ key: UPNYear) -> SessionCodes {
            SessionCodes.merged(academicYear: key.academicYear, (byPupil[key] ?? [:]).sorted { $0.key < $1.key }.map(\.value))
        }

        /// The schools with marks for a pupil-year, ascending.
        func urns(of key: UPNYear) -> [Int] { (byPupil[key] ?? [:]).keys.sorted() }
    }

    /// The marks of these pupil-years. `urns` are schools known to hold registers for them (from
    /// their measure state or the file being imported); schools with a blob are found anyway.
    /// `blobs` may pass blobs already in memory (they must be every blob of these pupils in these
    /// years) to save reading them again.
    func marks(_ keys: Set<UPNYear>, urns: Set<Int>, blobs preloaded: [SessionCodesKey: SessionCodes]? = nil) async throws -> Marks {
        guard !keys.isEmpty else { return Marks() }
        let years = Set(keys.map(\.academicYear))
        // Registers before blobs: outside a transaction a compaction may commit between the two
        // reads, and this order sees its marks either in both (the same codes) or in the blobs,
        // never in neither.
        let registerStore = AttendanceRegisterStore(sql: sql)
        var registers = try await registerStore.load(urns: urns, academicYears: years)
        var blobs: [SessionCodesKey: SessionCodes]
        if let preloaded {
            blobs = preloaded
        } else {
            blobs = try await AttendanceYearStore(sql: sql).load(upns: Set(keys.map(\.upn)).sorted(), years: years)
        }
        blobs = blobs.filter { keys.contains(UPNYear($0.key)) }
        // Schools known only from a blob (a pupil with no measure state, imported before migration 023).
        let more = Set(blobs.keys.map(\.urn)).subtracting(urns)
        if !more.isEmpty { registers.merge(try await registerStore.load(urns: more, academicYears: years)) { $1 } }
        var marks = Marks()
        for (key, codes) in blobs { marks.byPupil[UPNYear(key), default: [:]][key.urn] = codes }
        let upns = Set(keys.map(\.upn))
        for register in registers.values {
            let year = register.date.academicYearStart
            for (upn, day) in register.pupils where upns.contains(upn) && keys.contains(UPNYear(upn: upn, academicYear: year)) {
                marks.byPupil[UPNYear(upn: upn, academicYear: year), default: [:]][register.urn, default: SessionCodes(academicYear: year)]
                    .overlay(day, on: register.date)
            }
        }
        return marks
    }

    /// Every academic year held for one pupil, with the schools whose registers may hold their
    /// marks: years with a blob, and years whose measure shard holds the pupil (a pupil first seen
    /// in a feed has registers and a state but no blob yet). One query for each.
    func yearsHeld(upn: PackedUPN) async throws -> [Int: Set<Int>] {
        var years: [Int: Set<Int>] = [:]
        for row in try await sql.select().column("urn").column("academic_year").from(AttendanceYear.schema)
            .where("upn", .equal, upn.description).all() {
            years[try row.decode(column: "academic_year", as: Int.self), default: []].insert(try row.decode(column: "urn", as: Int.self))
        }
        // The shard key leads with the year, so name the years (a pupil's school life and a margin) to use it.
        let thisYear = CalendarDate.today().academicYearStart
        for row in try await sql.select().column("academic_year").column("states").from(IllnessMeasureShardRow.schema)
            .where("academic_year", .in, Array((thisYear - 20)...(thisYear + 1)))
            .where("shard", .equal, IllnessMeasureShards.shard(of: upn)).all() {
            let year = try row.decode(column: "academic_year", as: Int.self)
            let states: [PackedUPN: IllnessMeasureState]
            do { states = try IllnessMeasureShards.decode([UInt8](try row.decode(column: "states", as: Data.self)), academicYear: year) } catch {
                throw AttendanceStoreError.badRow("illness measure shard \(IllnessMeasureShards.shard(of: upn)) of \(year): \(error)")
            }
            if let state = states[upn] { years[year, default: []].formUnion(state.urns) }
        }
        return years
    }

    /// One pupil's marks for the latest academic year that has any, every school merged: the
    /// child page's strip. Nil when nothing is held.
    func latestYear(upn: PackedUPN) async throws -> SessionCodes? {
        let years = try await yearsHeld(upn: upn)
        guard let latest = years.keys.max() else { return nil }
        let key = UPNYear(upn: upn, academicYear: latest)
        return try await marks([key], urns: years[latest] ?? []).merged(key)
    }

    /// Every register entry held for one pupil, not yet compacted into a blob: for the subject
    /// access export, which finds blobs by UPN but cannot see inside registers.
    func registerEntries(upn: PackedUPN) async throws -> [(urn: Int, date: CalendarDate, am: AttendanceCode?, pm: AttendanceCode?)] {
        let urns = try await yearsHeld(upn: upn).values.reduce(into: Set<Int>()) { $0.formUnion($1) }
        return try await AttendanceRegisterStore(sql: sql).load(urns: urns).values
            .compactMap { register in register.pupils[upn].map { (register.urn, register.date, AttendanceCode(id: $0.am), AttendanceCode(id: $0.pm)) } }
            .sorted { ($0.date, $0.urn) < ($1.date, $1.urn) }
    }
}
