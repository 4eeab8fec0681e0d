import Foundation

/// The problems a file reader finds, kept in full up to a limit and only counted beyond it.
///
/// Issue 13 item 6: a file of junk lines must not build a message for every line. `add` takes its
/// problem as an autoclosure, so past the limit no message is even made; the count goes on, so the
/// person who sent the file still hears how much is wrong ("and 12,345 more problems").
public struct ProblemCollector<Problem: Sendable>: Sendable {
    public let limit: Int
    /// The first `limit` problems, in the order found.
    public private(set) var kept: [Problem] = []
    /// Every problem found, kept or not.
    public private(set) var count = 0

    public init(limit: Int = ProblemLimit.kept) {
        self.limit = max(0, limit)
    }

    public var isEmpty: Bool { count == 0 }
    /// Problems found but not kept.
    public var more: Int { count - kept.count }
    /// True once nothing more will be kept: callers may skip work that only makes messages.
    public var isFull: Bool { kept.count >= limit }

    public mutating func add(_ problem: @autoclosure () -> Problem) {
        count += 1
        if kept.count < limit { kept.append(problem()) }
    }

    public mutating func add<S: Sequence>(contentsOf problems: S) where S.Element == Problem {
        for problem in problems { add(problem) }
    }

    /// The kept problems, and when some were not kept, one more made by `summary` from their number.
    public func all(summary: (Int) -> Problem) -> [Problem] {
        more > 0 ? kept + [summary(more)] : kept
    }
}

/// The limit every file reader shares, and the words for what is past it.
public enum ProblemLimit {
    /// Problems kept in full: more than anyone fixes in one sitting, few enough to hold.
    public static let kept = 1_000

    /// "and 12,345 more problems": the line every reader ends a capped list with.
    public static func moreMessage(_ more: Int) -> String {
        "and \(grouped(more)) more problem\(more == 1 ? "" : "s")"
    }

    /// The same as a sentence in a list of "Line 7: …" messages: "And 12,345 more problems".
    public static func moreSentence(_ more: Int) -> String {
        "And" + String(moreMessage(more).dropFirst(3))
    }

    /// 12345 as "12,345", without a locale's formatter.
    public static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return number < 0 ? "-" + out : out
    }
}
