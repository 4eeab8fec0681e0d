import Fluent
import Foundation
import ContinuumDomain
import SQLKit

/// Issue 4 item 5: a day's feed stored by school and date, and the illness measures' running
/// state stored in shards, so that a feed costs in proportion to itself (see `AttendanceRegister`
/// and `IllnessMeasureShards`). Pupil-years with no shard state yet (everything imported before
/// this migration) are recomputed from their marks the first time a feed touches them.
struct CreateAttendanceRegisters: AsyncMigration {
    var name: String { "023_CreateAttendanceRegisters" }

    func prepare(on database: any Database) async throws {
        // The unique key is the feed's upsert target; its leading `urn` serves `urn IN (…)` loads.
        try await database.schema(AttendanceRegisterRow.schema)
            .id()
            .field("urn", .int, .required)
            .field("date", .string, .required)
            .field("academic_year", .int, .required)
            .field("pupils", .data, .required)
            .unique(on: "urn", "date", name: "uq_attendance_registers_key")
            .create()
        try await database.schema(IllnessMeasureShardRow.schema)
            .id()
            .field("academic_year", .int, .required)
            .field("shard", .int, .required)
            .field("states", .data, .required)
            .unique(on: "academic_year", "shard", name: "uq_illness_measure_shards_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        // Registers not yet compacted hold marks found nowhere else.
        let pending = try await AttendanceRegisterRow.query(on: database).count()
        guard pending == 0 else {
            throw MigrationRefusal(reason: "023 cannot be reverted: \(pending) attendance register(s) are not compacted yet; run `continuum attendance compact` first")
        }
        try await database.schema(IllnessMeasureShardRow.schema).delete()
        try await database.schema(AttendanceRegisterRow.schema).delete()
    }
}

/// A row of `attendance_registers`: one school's `AttendanceRegister` for one date.
final class AttendanceRegisterRow: Model, @unchecked Sendable {
    static let schema = "attendance_registers"
    @ID(key: .id) var id: UUID?
    @Field(key: "urn") var urn: Int
    @Field(key: "date") var date: CalendarDate
    @Field(key: "academic_year") var academicYear: Int
    @Field(key: "pupils") var pupils: Data
    init() {}
}

/// A row of `illness_measure_shards`: `IllnessMeasureShards.encode` of one shard of one year.
final class IllnessMeasureShardRow: Model, @unchecked Sendable {
    static let schema = "illness_measure_shards"
    @ID(key: .id) var id: UUID?
    @Field(key: "academic_year") var academicYear: Int
    @Field(key: "shard") var shard: Int
    @Field(key: "states") var states: Data
    init() {}
}
