import Foundation

/// Pupils' `IllnessMeasureState`s stored a few dozen to a row, in a fixed number of shards per
/// academic year chosen by UPN.
///
/// A day's feed touches every pupil in the county; one row per pupil would mean 100,000 reads and
/// writes a day, where 4,096 shards of about 25 pupils (under 1 KB each) are read and written in a
/// few statements. A one-school file touches about 250 pupils, so about 240 shards.
public enum IllnessMeasureShards {
    public static let count = 4096
    static let formatVersion: UInt8 = 1
    // Layout per pupil: UPN (2 × u64), sessions u16, reached day i16 (-1 none), longest u16, run u16,
    // last marked day i16 (-1 none), school count u32, each URN u32.

    /// The shard holding `upn`'s state: a fixed mix of its bits, so the same everywhere and
    /// forever (Swift's `Hasher` is seeded per process and must not be used here).
    public static func shard(of upn: PackedUPN) -> Int {
        var mixed = upn.high ^ (upn.low &* 0x9E37_79B9_7F4A_7C15)
        mixed ^= mixed >> 29
        mixed &*= 0xBF58_476D_1CE4_E5B9
        mixed ^= mixed >> 32
        return Int(mixed % UInt64(count))
    }

    /// One shard's blob: a version byte, then each pupil in UPN order with its state.
    public static func encode(_ states: [PackedUPN: IllnessMeasureState]) -> [UInt8] {
        var writer = PackedBytesWriter(capacity: 1 + states.count * 32)
        writer.u8(formatVersion)
        for (upn, state) in states.sorted(by: { $0.key < $1.key }) {
            writer.upn(upn)
            writer.u16(UInt16(state.illnessSessions))
            writer.u16(UInt16(bitPattern: Int16(state.reachedDay ?? -1)))
            writer.u16(UInt16(state.longestConsecutiveDays))
            writer.u16(UInt16(state.currentRunDays))
            writer.u16(UInt16(bitPattern: Int16(state.lastMarkedDay ?? -1)))
            writer.u32(UInt32(state.urnCount))
            state.forEachURN { writer.u32(UInt32($0)) }
        }
        return writer.bytes
    }

    /// Reads a shard's blob, checking every value is one the measures could hold.
    public static func decode(_ bytes: [UInt8], academicYear: Int) throws(PackedBytesError) -> [PackedUPN: IllnessMeasureState] {
        var reader = PackedBytesReader(bytes)
        let version = try reader.u8()
        guard version == formatVersion else { throw .badVersion(version) }
        let days = SessionCodes.dayCount(academicYear: academicYear)
        var states: [PackedUPN: IllnessMeasureState] = [:]
        states.reserveCapacity(reader.remaining / 26)
        while !reader.isAtEnd {
            let upn = try reader.upn()
            let sessions = Int(try reader.u16())
            let reached = Int(Int16(bitPattern: try reader.u16()))
            let longest = Int(try reader.u16())
            let run = Int(try reader.u16())
            let last = Int(Int16(bitPattern: try reader.u16()))
            let urnCount = Int(try reader.u32())
            guard urnCount <= reader.remaining / 4 else { throw .truncated(at: bytes.count) }
            guard sessions <= 2 * days, (-1..<days).contains(reached), (-1..<days).contains(last), longest <= days, run <= longest else {
                throw .badValue("an impossible measure state for \(upn)")
            }
            var state = IllnessMeasureState(academicYear: academicYear, illnessSessions: sessions, reachedDay: reached < 0 ? nil : reached,
                                            longestConsecutiveDays: longest, currentRunDays: run, lastMarkedDay: last < 0 ? nil : last, urns: [])
            var previous = 0
            for _ in 0..<urnCount {
                let urn = Int(try reader.u32())
                guard urn > previous else { throw .badValue("schools out of order for \(upn)") }
                state.insertURN(urn)
                previous = urn
            }
            states[upn] = state
        }
        return states
    }
}
