import Foundation

/// Why an attendance file was refused: its problems, in line order.
/// Issue 4 rejects a file whole when any row is malformed, so the uploader
/// needs the full list to fix it in one go, not the first problem only; issue
/// 13 item 6 keeps the first 1,000 in full and counts the rest, so a file of
/// junk costs a bounded amount of memory to refuse.
public struct AttendanceFileRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems kept in full (at most `ProblemLimit.kept`).
    public let problems: [AttendanceFileProblem]
    /// Problems found beyond those kept.
    public let more: Int

    public init(problems: [AttendanceFileProblem], more: Int = 0) {
        self.problems = problems
        self.more = more
    }

    /// Every problem found, kept or not.
    public var count: Int { problems.count + more }

    /// One line of text per kept problem, then "and n more problems" when some were not kept.
    public var lines: [String] {
        problems.map(\.description) + (more > 0 ? [ProblemLimit.moreMessage(more)] : [])
    }

    public var description: String { lines.joined(separator: "\n") }
}
