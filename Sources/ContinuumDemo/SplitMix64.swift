import Foundation
import ContinuumDomain

/// The one seeded generator for synthetic and demo data (issue 14 item 4: it used to be
/// written out four times, two copies with a wrong multiplier). The standard library's
/// generator cannot be seeded, and `Int.random(in:using:)` may change its algorithm
/// between toolchains, so synthetic data is drawn with this and plain integer
/// arithmetic to stay the same for a seed everywhere. `HistoryRandom`, the demo's
/// `SeededRandom` and the planning tests' `SeededGenerator` all draw from it.
///
/// `next()` is exactly Vigna's reference `splitmix64.c` (https://prng.di.unimi.it/splitmix64.c):
/// seeded with 1234567 it returns 6457827717110365317, 3203168211198807973, 9817491932198370423, …
// Steele, Lea & Flood, "Fast splittable pseudorandom number generators" (OOPSLA 2014); constants as in Vigna's splitmix64.c.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The golden-ratio increment, 2⁶⁴ ÷ φ rounded to odd.
    public static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// The two multipliers of the finaliser (Stafford's "Mix13" variant), used with shifts 30, 27 and 31.
    public static let mix1: UInt64 = 0xBF58_476D_1CE4_E5B9
    public static let mix2: UInt64 = 0x94D0_49BB_1331_11EB

    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A stream for one item (a pupil, a school) derived from a master seed,
    /// so each item's draws do not depend on the order items are generated in.
    public init(seed: UInt64, stream: UInt64, salt: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (salt &* 0xD1B5_4A32_D192_ED03))
        mixer.state &+= stream &* Self.gamma
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= Self.gamma
        var z = state
        z = (z ^ (z >> 30)) &* Self.mix1
        z = (z ^ (z >> 27)) &* Self.mix2
        return z ^ (z >> 31)
    }

    /// 0..<bound (bound > 0); the modulo bias is below 2⁻⁵⁰ for the small bounds used here.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    /// True with probability `perMille` / 1000.
    public mutating func chance(perMille: Int) -> Bool { below(1000) < perMille }

    /// Uniform in [0, 1) from the top 53 bits, the precision of a Double.
    public mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992.0 }

    /// An index drawn with the given relative weights.
    public mutating func pick(weights: [Int]) -> Int {
        var roll = below(max(1, weights.reduce(0, +)))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }
}
