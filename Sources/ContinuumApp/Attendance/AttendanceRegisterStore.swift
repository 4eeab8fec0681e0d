import Foundation
import SQLKit
import ContinuumDomain

/// A school and date: the key of a stored register.
struct RegisterKey: Hashable, Sendable, Comparable {
    let urn: Int
    /// The date as `CalendarDate.dayNumber`: making a `CalendarDate` for each of a feed's marks was measurable.
    let dayNumber: Int32

    init(urn: Int, date: CalendarDate) { self.urn = urn; self.dayNumber = Int32(date.dayNumber) }
    init(_ mark: AttendanceMark) { self.urn = mark.urn; self.dayNumber = mark.dayNumber }

    var date: CalendarDate { CalendarDate(dayNumber: Int(dayNumber)) }

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.urn, lhs.dayNumber) < (rhs.urn, rhs.dayNumber) }
}

/// Bulk reads and writes of `attendance_registers`, chunked so the query count grows with the
/// number of schools divided by the chunk, never with pupils or marks.
///
/// The `date` column is read and bound as its YYYY-MM-DD text here, not as `CalendarDate` like the
/// rest of the app's date columns: this store moves every register of a county, and the drivers'
/// Codable path for a non-primitive type costs a decoder per cell where a `String` is read directly.
struct AttendanceRegisterStore {
    let sql: any SQLDatabase

    static let urnsPerQuery = 500
    /// 5 binds a row.
    static let rowsPerUpsert = 500

    /// The registers stored for these schools and dates (those that exist).
    func load(_ keys: Set<RegisterKey>) async throws -> [RegisterKey: AttendanceRegister] {
        let dates = Set(keys.map(\.date.description)).sorted()
        let found = try await load(urns: Set(keys.map(\.urn)), extra: { $0.where("date", .in, dates) })
        return found.filter { keys.contains($0.key) }
    }

    /// Every register stored for these schools in these academic years.
    func load(urns: Set<Int>, academicYears: Set<Int>) async throws -> [RegisterKey: AttendanceRegister] {
        guard !academicYears.isEmpty else { return [:] }
        let years = academicYears.sorted()
        return try await load(urns: urns, extra: { $0.where("academic_year", .in, years) })
    }

    /// Every register stored for these schools, of any year.
    func load(urns: Set<Int>) async throws -> [RegisterKey: AttendanceRegister] {
        try await load(urns: urns, extra: { $0 })
    }

    private func load(urns: Set<Int>, extra: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [RegisterKey: AttendanceRegister] {
        var registers: [RegisterKey: AttendanceRegister] = [:]
        for chunk in urns.sorted().chunked(into: Self.urnsPerQuery) {
            let rows = try await extra(sql.select().column("urn").column("date").column("pupils")
                .from(AttendanceRegisterRow.schema).where("urn", .in, chunk)).all()
            for row in rows {
                let urn = try row.decode(column: "urn", as: Int.self)
                let text = try row.decode(column: "date", as: String.self)
                guard let date = CalendarDate(iso: text) else { throw AttendanceStoreError.badRow("attendance_registers has the date \"\(text)\"") }
                let bytes = [UInt8](try row.decode(column: "pupils", as: Data.self))
                do {
                    registers[RegisterKey(urn: urn, date: date)] = try AttendanceRegister(urn: urn, date: date, bytes: bytes)
                } catch {
                    throw AttendanceStoreError.badRow("the register of URN \(urn) for \(text): \(error)")
                }
            }
        }
        return registers
    }

    /// Inserts new registers and overwrites existing ones by (urn, date).
    func upsert(_ registers: [AttendanceRegister]) async throws {
        for chunk in registers.chunked(into: Self.rowsPerUpsert) {
            var insert = sql.insert(into: AttendanceRegisterRow.schema).columns("id", "urn", "date", "academic_year", "pupils")
            for register in chunk {
                insert = insert.values([UUID(), register.urn, register.date.description, register.date.academicYearStart,
                                        Data(register.bytes)] as [any Encodable & Sendable])
            }
            try await insert.onConflict(with: ["urn", "date"]) { $0.set(excludedValueOf: "pupils") }.run()
        }
    }

    /// Removes every register of these schools (after compaction into the year blobs).
    func delete(urns: Set<Int>) async throws {
        for chunk in urns.sorted().chunked(into: Self.urnsPerQuery) {
            try await sql.delete(from: AttendanceRegisterRow.schema).where("urn", .in, chunk).run()
        }
    }

    /// Schools with registers waiting to be compacted, optionally only those with one dated before `date`.
    func schoolsWithRegisters(before date: CalendarDate? = nil) async throws -> [Int] {
        var query = sql.select().distinct().column("urn").from(AttendanceRegisterRow.schema)
        if let date { query = query.where("date", .lessThan, date.description) }
        return try await query.orderBy("urn").all().map { try $0.decode(column: "urn", as: Int.self) }
    }
}

enum AttendanceStoreError: Error, CustomStringConvertible {
    case badRow(String)
    var description: String {
        switch self {
        case .badRow(let what): "stored attendance data is damaged: \(what)"
        }
    }
}
