import Foundation

/// A WGS84 latitude/longitude in degrees, as OpenStreetMap stores positions.
public struct OSMCoordinate: Hashable, Sendable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// An OpenStreetMap way: an ordered list of node ids and its tags.
public struct OSMWay: Hashable, Sendable {
    public var id: Int64
    public var nodeIDs: [Int64]
    public var tags: [String: String]

    public init(id: Int64, nodeIDs: [Int64], tags: [String: String]) {
        self.id = id
        self.nodeIDs = nodeIDs
        self.tags = tags
    }
}

/// The nodes and ways of an OpenStreetMap extract (relations are not needed for routing).
public struct OSMData: Sendable, Equatable {
    public var nodes: [Int64: OSMCoordinate]
    public var ways: [OSMWay]

    public init(nodes: [Int64: OSMCoordinate] = [:], ways: [OSMWay] = []) {
        self.nodes = nodes
        self.ways = ways
    }

    /// Reads `.osm` XML or `.osm.pbf` by the file's content (PBF starts with a 4-byte length
    /// followed by a BlobHeader; XML starts with `<`).
    public static func read(contentsOf url: URL) throws -> OSMData {
        let data = try Data(contentsOf: url)
        let firstNonSpace = data.first { !(" \t\r\n\u{FEFF}".utf8.contains($0)) }
        if firstNonSpace == UInt8(ascii: "<") || data.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try OSMXMLReader.read(data, fileName: url.lastPathComponent)
        }
        return try OSMPBFReader.read([UInt8](data), fileName: url.lastPathComponent)
    }
}

/// Why an OpenStreetMap file could not be read.
public struct OSMReadError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let reason: String
    public var description: String { "\(file): \(reason)" }
}
