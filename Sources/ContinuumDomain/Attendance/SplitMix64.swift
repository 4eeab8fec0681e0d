import Foundation

/// A small seeded generator for synthetic data. The standard library's
/// generator cannot be seeded, and `Int.random(in:using:)` may change its
/// algorithm between toolchains, so the synthetic year is drawn with this
/// and plain integer arithmetic to stay the same for a seed everywhere.
// Steele, Lea & Flood, "Fast splittable pseudorandom number generators" (OOPSLA 2014): SplitMix64 constants.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A stream for one item (a pupil, a school) derived from a master seed,
    /// so each item's draws do not depend on the order items are generated in.
    init(seed: UInt64, stream: UInt64, salt: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (salt &* 0xD1B5_4A32_D192_ED03))
        mixer.state &+= stream &* 0x9E37_79B9_7F4A_7C15
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<bound (bound > 0); the modulo bias is below 2⁻⁵⁰ for the small bounds used here.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    /// True with probability `perMille` / 1000.
    mutating func chance(perMille: Int) -> Bool { below(1000) < perMille }

    /// An index drawn with the given relative weights.
    mutating func pick(weights: [Int]) -> Int {
        var roll = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }
}
