import Foundation
import ContinuumDemo

/// A seeded generator so random test instances are the same on every run: the one
/// `SplitMix64` (issue 14 item 4), under the name these tests have always used.
typealias SeededGenerator = SplitMix64
