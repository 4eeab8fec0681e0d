import Foundation
import SQLKit
import ContinuumDomain

/// The illness-measure states of a set of pupil-years, read from and written back to
/// `illness_measure_shards` a shard at a time (see `IllnessMeasureShards`).
///
/// A day's feed looks a state up several times for each of 100,000 pupils, so shards sit in an
/// array by shard number for each year, and each shard is a class that flags its own change:
/// a lookup hashes the UPN once.
struct IllnessStates {
    struct ShardKey: Hashable, Comparable {
        let academicYear: Int
        let shard: Int
        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.academicYear, lhs.shard) < (rhs.academicYear, rhs.shard) }
    }

    final class Shard {
        var states: [PackedUPN: IllnessMeasureState]
        var changed = false
        init(_ states: [PackedUPN: IllnessMeasureState] = [:]) { self.states = states }
    }

    /// Year → shard number → the shard, nil where not loaded.
    private var years: [Int: [Shard?]] = [:]

    static func key(_ upnYear: UPNYear) -> ShardKey {
        ShardKey(academicYear: upnYear.academicYear, shard: IllnessMeasureShards.shard(of: upnYear.upn))
    }

    fileprivate mutating func put(_ shard: Shard, at key: ShardKey) {
        years[key.academicYear, default: Array(repeating: nil, count: IllnessMeasureShards.count)][key.shard] = shard
    }

    /// Every shard loaded (an empty one for those never saved).
    var loadedCount: Int { years.values.reduce(0) { $0 + $1.lazy.compactMap { $0 }.count } }

    /// The shards whose states changed, to save.
    var changedShards: [(key: ShardKey, shard: Shard)] {
        years.flatMap { year, shards in
            shards.enumerated().compactMap { index, shard in
                shard.flatMap { $0.changed ? (ShardKey(academicYear: year, shard: index), $0) : nil }
            }
        }.sorted { $0.key < $1.key }
    }

    /// Only pupil-years whose shards were loaded may be read or set, so saving never overwrites a
    /// shard it did not read.
    private func shard(_ key: UPNYear) -> Shard {
        guard let shard = years[key.academicYear]?[IllnessMeasureShards.shard(of: key.upn)] else {
            preconditionFailure("the shard of \(key.upn) for \(key.academicYear) was not loaded")
        }
        return shard
    }

    /// Changes a pupil-year's state where it is stored, and marks its shard for saving (callers
    /// modify only to change; comparing before and after cost more than saving a shard unchanged).
    func modify<T>(_ key: UPNYear, _ body: (inout IllnessMeasureState?) throws -> T) rethrows -> T {
        let shard = shard(key)
        shard.changed = true
        return try body(&shard.states[key.upn])
    }

    /// The state held for a pupil-year; setting one marks its shard for saving.
    subscript(key: UPNYear) -> IllnessMeasureState? {
        get { shard(key).states[key.upn] }
        nonmutating set { modify(key) { $0 = newValue } }
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
        var found: [IllnessStates.ShardKey: [PackedUPN: IllnessMeasureState]] = [:]
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
                        found[key] = try IllnessMeasureShards.decode([UInt8](try row.decode(column: "states", as: Data.self)), academicYear: year)
                    } catch {
                        throw AttendanceStoreError.badRow("illness measure shard \(key.shard) of \(year): \(error)")
                    }
                }
            }
        }
        for key in wanted { states.put(IllnessStates.Shard(found[key] ?? [:]), at: key) }
        return states
    }

    /// Writes back the shards whose states changed.
    func save(_ states: IllnessStates) async throws {
        for chunk in states.changedShards.chunked(into: Self.rowsPerUpsert) {
            var insert = sql.insert(into: IllnessMeasureShardRow.schema).columns("id", "academic_year", "shard", "states")
            for (key, shard) in chunk {
                insert = insert.values([UUID(), key.academicYear, key.shard, Data(IllnessMeasureShards.encode(shard.states))] as [any Encodable & Sendable])
            }
            try await insert.onConflict(with: ["academic_year", "shard"]) { $0.set(excludedValueOf: "states") }.run()
        }
    }
}
