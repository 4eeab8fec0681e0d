import Foundation
import SQLKit
import ContinuumDomain

/// Bulk reads and writes of session-code blobs. One `IN` query per chunk of UPNs and one
/// multi-row upsert per chunk of blobs, so an import's query count grows with its size divided
/// by the chunk, never with its marks or pupils one by one.
struct AttendanceYearStore {
    let sql: any SQLDatabase

    /// 500 UPNs (plus the years) is well under SQLite's and PostgreSQL's bind limits.
    static let upnsPerQuery = 500
    /// 5 binds a row: 2,500 a statement.
    static let rowsPerUpsert = 500

    /// Every stored blob for these pupils in these years, all schools.
    func load(upns: [PackedUPN], years: Set<Int>) async throws -> [SessionCodesKey: SessionCodes] {
        var blobs: [SessionCodesKey: SessionCodes] = [:]
        guard !upns.isEmpty, !years.isEmpty else { return blobs }
        let yearList = years.sorted()
        for chunk in upns.chunked(into: Self.upnsPerQuery) {
            let rows = try await sql.select()
                .column("upn").column("urn").column("academic_year").column("codes")
                .from(AttendanceYear.schema)
                .where("upn", .in, chunk.map(\.description))
                .where("academic_year", .in, yearList)
                .all()
            for row in rows {
                let text = try row.decode(column: "upn", as: String.self)
                guard let upn = PackedUPN(text) else { throw StoreError.badUPN(text) }
                let year = try row.decode(column: "academic_year", as: Int.self)
                let key = SessionCodesKey(upn: upn, urn: try row.decode(column: "urn", as: Int.self), academicYear: year)
                blobs[key] = try SessionCodes(academicYear: year, data: try row.decode(column: "codes", as: Data.self))
            }
        }
        return blobs
    }

    /// Inserts new blobs and overwrites existing ones by their (upn, urn, academic_year) key.
    func upsert(_ blobs: [(key: SessionCodesKey, codes: SessionCodes)]) async throws {
        for chunk in blobs.chunked(into: Self.rowsPerUpsert) {
            var insert = sql.insert(into: AttendanceYear.schema).columns("id", "upn", "urn", "academic_year", "codes")
            for blob in chunk {
                insert = insert.values([UUID(), blob.key.upn.description, blob.key.urn, blob.key.academicYear, blob.codes.data] as [any Encodable & Sendable])
            }
            try await insert
                .onConflict(with: ["upn", "urn", "academic_year"]) { $0.set(excludedValueOf: "codes") }
                .run()
        }
    }

    enum StoreError: Error, CustomStringConvertible {
        case badUPN(String)
        var description: String {
            switch self {
            case .badUPN(let text): "attendance_years holds \"\(text)\", which is not a valid UPN"
            }
        }
    }
}
