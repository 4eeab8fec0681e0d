/// Journey times counted in equal bands for the planning page's distribution chart: `[0, width)`,
/// `[width, 2·width)`, … up to `cap`, then one open band for everything at or above `cap`.
public struct TravelTimeDistribution: Hashable, Sendable {
    public let bandMinutes: Int
    public let capMinutes: Int
    /// One count per band; the last is the open band `cap` and over.
    public let counts: [Int]

    public init(minutes: [Double], bandMinutes: Int = 5, capMinutes: Int = 60) {
        precondition(bandMinutes > 0 && capMinutes >= bandMinutes && capMinutes % bandMinutes == 0, "bands must divide the cap")
        self.bandMinutes = bandMinutes
        self.capMinutes = capMinutes
        var counts = Array(repeating: 0, count: capMinutes / bandMinutes + 1)
        for m in minutes where m.isFinite && m >= 0 {
            counts[m >= Double(capMinutes) ? counts.count - 1 : Int(m / Double(bandMinutes))] += 1
        }
        self.counts = counts
    }

    /// "0–5", "5–10", …, "60 and over" (a band includes its lower bound, not its upper).
    public var labels: [String] {
        (0..<counts.count).map { i in
            i == counts.count - 1 ? "\(capMinutes) and over" : "\(i * bandMinutes)–\((i + 1) * bandMinutes)"
        }
    }
}
