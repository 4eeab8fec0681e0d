import ContinuumDomain

/// The seeded generator behind the demo history. The standard library's generator can't be
/// seeded and `Int.random(in:using:)` may change between toolchains, so the history is drawn
/// from SplitMix64 with plain integer arithmetic: the same seed gives the same county everywhere.
/// The draws come from the one `SplitMix64` (issue 14 item 4); this type keeps the history's helpers.
struct HistoryRandom: Sendable {
    private var core: SplitMix64

    init(seed: UInt64) { core = SplitMix64(seed: seed) }

    /// A separate stream for one purpose (one case's details, the live cases near today), so
    /// drawing more in one place never reshuffles the rest of the history.
    init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        core = SplitMix64(seed: mixer.next())
    }

    mutating func next() -> UInt64 { core.next() }

    /// 0..<bound; the modulo bias is negligible for the small bounds used here.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// Uniform in [0, 1) from the top 53 bits, the precision of a Double.
    mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992.0 }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// An index drawn with the given relative weights.
    mutating func pick(weights: [Int]) -> Int {
        var roll = below(max(1, weights.reduce(0, +)))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    mutating func element<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Fisher–Yates, written out so the order depends only on this generator.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, below(index + 1))
        }
    }
}
