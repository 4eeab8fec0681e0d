import Foundation

/// A problem a planner can act on, with the message to show them.
public enum PlanningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter out of range (p, detour, speed, threshold).
    case invalidParameter(String)
    /// A file that can't be read as the expected format; `line` is 1-based where known.
    case malformedInput(file: String, line: Int?, reason: String)
    /// A site named in --keep that isn't in the candidates file.
    case unknownSite(String)

    public var description: String {
        switch self {
        case .invalidParameter(let message): return message
        case .malformedInput(let file, let line?, let reason): return "\(file) line \(line): \(reason)"
        case .malformedInput(let file, nil, let reason): return "\(file): \(reason)"
        case .unknownSite(let id): return "--keep names site \"\(id)\", which is not in the candidates file"
        }
    }
}

extension PlanningError: LocalizedError {
    public var errorDescription: String? { description }
}

/// Number formatting shared by descriptions and JSON.
enum PlanningFormat {
    /// "1.3", "30", "833.33": up to two decimals, no trailing zeros.
    static func trimmed(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// JSON number rounded to two decimals (minutes).
    static func minutes(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return trimmed(value)
    }
}
