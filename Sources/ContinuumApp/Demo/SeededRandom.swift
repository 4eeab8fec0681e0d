import ContinuumDemo

/// The demo county's generator: draws from the one `SplitMix64` (issue 14 item 4), so the same
/// seed always builds the same demo county; this type keeps the demo's helpers.
struct SeededRandom: RandomNumberGenerator {
    private var core: SplitMix64
    init(seed: UInt64) { core = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { core.next() }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// Picks from weighted choices; weights need not sum to 1.
    mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var x = Double.random(in: 0..<total, using: &self)
        for (value, weight) in choices {
            if x < weight { return value }
            x -= weight
        }
        return choices[choices.count - 1].0
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
}
