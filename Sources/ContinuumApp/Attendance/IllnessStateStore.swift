import Foundation
import SQLKit
import ContinuumDomain

/// The illness-measure states of a set of pupil-years, read from and written back to
/// `illness_measure_shards` a shard at a time (see `IllnessMeasureShards`).
struct IllnessStates {
    struct ShardKey: Hashable, Comparable {
        let academicYear: Int
        let shard: Int
        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.academicYear, lhs.shard) < (rhs.academicYear, rhs.shard) }
    }

    fileprivate(set) var shards: [ShardKey: [PackedUPN: IllnessMeasureState]] = [:]
    fileprivate(set) var changed = Set<ShardKey>()

    static func key(_ upnYear: UPNYear) -> ShardKey {
        ShardKey(academicYear: upnYear.academicYear, shard: IllnessMeasureShards.shard(of: upnYear.upn))
    }

    /// Changes a pupil-year's state in place: one lookup of the shard instead of a get and a set.
    mutating func modify<T>(_ key: UPNYear, _ body: (inout IllnessMeasureState?) throws -> T) rethrows -> T {
        let shardKey = Self.key(key)
        precondition(shards[shardKey] != nil, "shard \(shardKey) was not loaded")
        var state = shards[shardKey]![key.upn]
        let before = state
        let result = try body(&state)
        if state != before {
            shards[shardKey]![key.upn] = state
            changed.insert(shardKey)
        }
        return result
    }

    /// The state held for a pupil-year; setting one marks its shard for saving. Only pupil-years
    /// whose shards were loaded may be set, so saving never overwrites a shard it did not read.
    subscript(key: UPNYear) -> IllnessMeasureState? {
        get { shards[Self.key(key)]?[key.upn] }
        set {
            let shardKey = Self.key(key)
            precondition(shards[shardKey] != nil, "shard \(shardKey) was not loaded")
            if shards[shardKey]![key.upn] != newValue {
                shards[shardKey]![key.upn] = newValue
                changed.insert(shardKey)
            }
        }
    }
}

/// Loads and saves `IllnessStates`.
struct IllnessStateStore {
    let sql: any SQLDatabase

    static let shardsPerQuery = 500
    /// 4 binds a row.
    static let rowsPerUpsert = 500

    /// The shards holding these pupil-years (empty shards for those never saved).
    func load(_ keys: some Collection<UPNYear>) async throws -> IllnessStates {
        var states = IllnessStates()
        let wanted = Set(keys.map(IllnessStates.key))
        for key in wanted { states.shards[key] = [:] }
        for (year, shards) in Dictionary(grouping: wanted, by: \.academicYear) {
            let select = { self.sql.select().column("shard").column("states").from(IllnessMeasureShardRow.schema).where("academic_year", .equal, year) }
            // A day's feed wants nearly every shard: one query for the year beats nine `IN` lists.
            let queries: [SQLSelectBuilder] = shards.count > IllnessMeasureShards.count / 2
                ? [select()]
                : shards.map(\.shard).sorted().chunked(into: Self.shardsPerQuery).map { select().where("shard", .in, $0) }
            for query in queries {
                for row in try await query.all() {
                    let key = IllnessStates.ShardKey(academicYear: year, shard: try row.decode(column: "shard", as: Int.self))
                    guard wanted.contains(key) else { continue }
                    do {
                        states.shards[key] = try IllnessMeasureShards.decode([UInt8](try row.decode(column: "states", as: Data.self)), academicYear: year)
                    } catch {
                        throw AttendanceStoreError.badRow("illness measure shard \(key.shard) of \(year): \(error)")
                    }
                }
            }
        }
        return states
    }

    /// Writes back the shards whose states changed.
    func save(_ states: IllnessStates) async throws {
        for chunk in states.changed.sorted().chunked(into: Self.rowsPerUpsert) {
            var insert = sql.insert(into: IllnessMeasureShardRow.schema).columns("id", "academic_year", "shard", "states")
            for key in chunk {
                insert = insert.values([UUID(), key.academicYear, key.shard, Data(IllnessMeasureShards.encode(states.shards[key] ?? [:]))] as [any Encodable & Sendable])
            }
            try await insert.onConflict(with: ["academic_year", "shard"]) { $0.set(excludedValueOf: "states") }.run()
        }
    }
}
