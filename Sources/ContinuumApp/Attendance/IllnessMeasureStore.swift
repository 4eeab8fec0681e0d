import Foundation
import SQLKit
import ContinuumDomain

/// Bulk reads and writes of the stored illness measures, chunked like `AttendanceYearStore`.
/// `reached_15_on` is read and bound as text for the reason `AttendanceRegisterStore` gives.
struct IllnessMeasureStore {
    let sql: any SQLDatabase

    static let upnsPerQuery = 500
    /// 7 binds a row: 3,500 a statement.
    static let rowsPerUpsert = 500

    /// The stored measures for these pupil-years (absent when none were ever computed).
    func load(_ keys: Set<UPNYear>) async throws -> [UPNYear: IllnessMeasures] {
        var found: [UPNYear: IllnessMeasures] = [:]
        guard !keys.isEmpty else { return found }
        let years = Set(keys.map(\.academicYear)).sorted()
        for chunk in Set(keys.map(\.upn)).sorted().chunked(into: Self.upnsPerQuery) {
            let rows = try await sql.select()
                .column("upn").column("academic_year").column("illness_sessions").column("reached_15_on").column("longest_consecutive_days")
                .from(StoredIllnessMeasures.schema)
                .where("upn", .in, chunk.map(\.description))
                .where("academic_year", .in, years)
                .all()
            for row in rows {
                let (key, measures) = try Self.decode(row)
                if keys.contains(key) { found[key] = measures }
            }
        }
        return found
    }

    func upsert(_ rows: [(key: UPNYear, measures: IllnessMeasures)], at now: Date) async throws {
        for chunk in rows.chunked(into: Self.rowsPerUpsert) {
            var insert = sql.insert(into: StoredIllnessMeasures.schema)
                .columns("id", "upn", "academic_year", "illness_sessions", "reached_15_on", "longest_consecutive_days", "updated_at")
            for row in chunk {
                let values: [any Encodable & Sendable] = [
                    UUID(), row.key.upn.description, row.key.academicYear, row.measures.illnessSessions,
                    row.measures.reached15On?.description, row.measures.longestConsecutiveDays, now,
                ]
                insert = insert.values(values)
            }
            try await insert
                .onConflict(with: ["upn", "academic_year"]) {
                    $0.set(excludedValueOf: "illness_sessions").set(excludedValueOf: "reached_15_on")
                        .set(excludedValueOf: "longest_consecutive_days").set(excludedValueOf: "updated_at")
                }
                .run()
        }
    }

    /// Every pupil with illness in the year, for the report (sorted there).
    func rowsWithIllness(academicYear: Int) async throws -> [IllnessAbsenceRow] {
        let rows = try await sql.select()
            .column("upn").column("academic_year").column("illness_sessions").column("reached_15_on").column("longest_consecutive_days")
            .from(StoredIllnessMeasures.schema)
            .where("academic_year", .equal, academicYear)
            .where("illness_sessions", .greaterThan, 0)
            .orderBy("upn")
            .all()
        return try rows.map { row in
            let (key, measures) = try Self.decode(row)
            return IllnessAbsenceRow(upn: key.upn, academicYear: key.academicYear, measures: measures)
        }
    }

    private static func decode(_ row: any SQLRow) throws -> (UPNYear, IllnessMeasures) {
        let text = try row.decode(column: "upn", as: String.self)
        guard let upn = PackedUPN(text) else { throw AttendanceYearStore.StoreError.badUPN(text) }
        let reached = try row.decode(column: "reached_15_on", as: String?.self)
        let measures = IllnessMeasures(illnessSessions: try row.decode(column: "illness_sessions", as: Int.self),
                                       reached15On: reached.flatMap(CalendarDate.init(iso:)),
                                       longestConsecutiveDays: try row.decode(column: "longest_consecutive_days", as: Int.self))
        return (UPNYear(upn: upn, academicYear: try row.decode(column: "academic_year", as: Int.self)), measures)
    }
}
