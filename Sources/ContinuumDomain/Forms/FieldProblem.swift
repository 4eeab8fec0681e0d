import Foundation

/// A problem with one form field (or with the whole action, field "action"), worded for the
/// GOV.UK error summary: the app links each to its field (for a date, the day box).
public struct FieldProblem: Hashable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String
    public init(_ field: String, _ message: String) { self.field = field; self.message = message }
    public var description: String { "\(field): \(message)" }
}

/// The EHC workflow's name for it, from before every form shared one check.
public typealias EHCFieldProblem = FieldProblem

/// Problems with several fields at once, all reported together in the error summary.
public struct FieldProblems: Error, Sendable, Equatable {
    public let list: [FieldProblem]
    public init(_ list: [FieldProblem]) { self.list = list }
}
extension FieldProblem: Error {}
