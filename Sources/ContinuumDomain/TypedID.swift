import Foundation

/// A UUID that carries the kind of record it identifies, so a `ChildID`
/// cannot be passed where an `EstablishmentID` is expected.
public struct TypedID<Tag>: Hashable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: UUID

    public init(_ rawValue: UUID = UUID()) { self.rawValue = rawValue }

    public init(rawValue: UUID) { self.rawValue = rawValue }

    /// Parses a UUID string, as found in a URL path or form field.
    public init?(_ description: String) {
        guard let uuid = UUID(uuidString: description) else { return nil }
        rawValue = uuid
    }

    /// Lower-case, the form used in URLs.
    public var description: String { rawValue.uuidString.lowercased() }
}

extension TypedID: Codable {
    /// Encoded as the bare UUID so JSON and database columns look the same as a plain UUID.
    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UUID.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
