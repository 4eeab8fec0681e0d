import Foundation

/// One bad line of an attendance file, shown to the school or officer who uploaded it.
public struct AttendanceFileProblem: Hashable, Sendable, CustomStringConvertible {
    /// 1-based physical line number; the header is line 1.
    public let line: Int
    /// A sentence fragment naming the field and quoting what was found.
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// "line 7: session must be AM or PM (got \"am \")".
    public var description: String { "line \(line): \(reason)" }
}
