import Foundation

/// Why an attendance file was refused: every problem in it, in line order.
/// Issue 4 rejects a file whole when any row is malformed, so the uploader
/// needs the full list to fix it in one go, not the first problem only.
public struct AttendanceFileRejection: Error, Hashable, Sendable, CustomStringConvertible {
    public let problems: [AttendanceFileProblem]

    public init(problems: [AttendanceFileProblem]) {
        self.problems = problems
    }

    /// One problem per line of text.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
