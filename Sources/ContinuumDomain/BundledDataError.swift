import Foundation

/// Why reference data shipped inside the ContinuumDomain bundle could not be read.
public enum BundledDataError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingResource(String)
    case unexpectedHeader(file: String, found: String)
    case malformedRow(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .missingResource(let name):
            "bundled resource \(name) is missing from the ContinuumDomain bundle"
        case .unexpectedHeader(let file, let found):
            "\(file) has an unexpected header: \(found)"
        case .malformedRow(let file, let line, let reason):
            "\(file) line \(line): \(reason)"
        }
    }
}
