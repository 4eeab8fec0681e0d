import Foundation

/// Reads OpenStreetMap `.osm.pbf` files (nodes, dense nodes and ways) with the pure-Swift
/// protocol-buffer reader and zlib inflater.
// OSM wiki "PBF Format": file = repeated (4-byte big-endian BlobHeader length, BlobHeader, Blob);
// blob types OSMHeader and OSMData; positions are 1e-9 degrees × (offset + granularity × value).
public enum OSMPBFReader {
    /// Features a reader must understand to read a file; anything else listed as required is refused.
    public static let supportedFeatures: Set<String> = ["OsmSchema-V0.6", "DenseNodes"]

    public static func read(_ bytes: [UInt8], fileName: String = "OSM PBF file") throws -> OSMData {
        var data = OSMData()
        var at = 0
        var sawHeader = false
        func fail(_ reason: String) -> OSMReadError { OSMReadError(file: fileName, reason: reason) }
        while at < bytes.count {
            guard at + 4 <= bytes.count else { throw fail("file ends inside a blob header length at byte \(at)") }
            let headerLength = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            at += 4
            // The format caps BlobHeader at 64 KiB and blobs at 32 MiB.
            guard headerLength <= 64 * 1024, at + headerLength <= bytes.count else { throw fail("blob header of \(headerLength) bytes at byte \(at) is too long") }
            var header = ProtobufReader(bytes, range: at..<(at + headerLength))
            var type = "", size = -1
            while let field = try header.nextField() {
                switch field.number {
                case 1: type = try header.string()
                case 3: size = Int(try header.varint())
                default: try header.skip(field.wireType)
                }
            }
            at += headerLength
            guard size >= 0, size <= 32 * 1024 * 1024, at + size <= bytes.count else { throw fail("blob of \(size) bytes at byte \(at) is cut short") }
            let block = try blobContents(bytes, range: at..<(at + size), fail: fail)
            at += size
            switch type {
            case "OSMHeader":
                try checkHeader(block, fail: fail)
                sawHeader = true
            case "OSMData":
                guard sawHeader else { throw fail("data before the OSMHeader block") }
                try readPrimitiveBlock(block, into: &data)
            default:
                continue  // unknown blob types are skipped, as the format allows
            }
        }
        guard sawHeader else { throw fail("no OSMHeader block: not an OSM PBF file") }
        return data
    }

    private static func blobContents(_ bytes: [UInt8], range: Range<Int>, fail: (String) -> OSMReadError) throws -> [UInt8] {
        var blob = ProtobufReader(bytes, range: range)
        var raw: Range<Int>? = nil, zlib: Range<Int>? = nil, rawSize: Int? = nil
        while let field = try blob.nextField() {
            switch field.number {
            case 1: raw = try blob.lengthDelimited()
            case 2: rawSize = Int(try blob.varint())
            case 3: zlib = try blob.lengthDelimited()
            case 4, 5, 6, 7: throw fail("blob compression \(field.number == 4 ? "lzma" : "other than zlib") is not supported")
            default: try blob.skip(field.wireType)
            }
        }
        if let raw { return Array(bytes[raw]) }
        if let zlib { return try Inflate.zlib(Array(bytes[zlib]), expectedSize: rawSize) }
        throw fail("blob has no data")
    }

    private static func checkHeader(_ block: [UInt8], fail: (String) -> OSMReadError) throws {
        var reader = ProtobufReader(block)
        while let field = try reader.nextField() {
            if field.number == 4 {
                let feature = try reader.string()
                guard supportedFeatures.contains(feature) else { throw fail("required feature \(feature) is not supported") }
            } else {
                try reader.skip(field.wireType)
            }
        }
    }

    private static func readPrimitiveBlock(_ block: [UInt8], into data: inout OSMData) throws {
        var reader = ProtobufReader(block)
        var strings: [String] = []
        var groups: [Range<Int>] = []
        var granularity: Int64 = 100, latOffset: Int64 = 0, lonOffset: Int64 = 0
        while let field = try reader.nextField() {
            switch field.number {
            case 1:
                var table = ProtobufReader(block, range: try reader.lengthDelimited())
                while let entry = try table.nextField() {
                    if entry.number == 1 { strings.append(try table.string()) } else { try table.skip(entry.wireType) }
                }
            case 2: groups.append(try reader.lengthDelimited())
            case 17: granularity = Int64(bitPattern: try reader.varint())
            case 19: latOffset = Int64(bitPattern: try reader.varint())
            case 20: lonOffset = Int64(bitPattern: try reader.varint())
            default: try reader.skip(field.wireType)
            }
        }
        let scale = Double(granularity) * 1e-9
        func degrees(_ value: Int64, _ offset: Int64) -> Double { Double(offset) * 1e-9 + Double(value) * scale }
        func string(_ index: UInt64) throws -> String {
            guard index < UInt64(strings.count) else { throw ProtobufError(reason: "string index \(index) outside the table") }
            return strings[Int(index)]
        }
        for group in groups {
            var g = ProtobufReader(block, range: group)
            while let field = try g.nextField() {
                switch field.number {
                case 1:  // Node
                    var node = ProtobufReader(block, range: try g.lengthDelimited())
                    var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0
                    while let f = try node.nextField() {
                        switch f.number {
                        case 1: id = ProtobufReader.zigzag(try node.varint())
                        case 8: lat = ProtobufReader.zigzag(try node.varint())
                        case 9: lon = ProtobufReader.zigzag(try node.varint())
                        default: try node.skip(f.wireType)
                        }
                    }
                    data.nodes[id] = OSMCoordinate(latitude: degrees(lat, latOffset), longitude: degrees(lon, lonOffset))
                case 2:  // DenseNodes: delta-coded ids and positions
                    var dense = ProtobufReader(block, range: try g.lengthDelimited())
                    var ids: [UInt64] = [], lats: [UInt64] = [], lons: [UInt64] = []
                    while let f = try dense.nextField() {
                        switch f.number {
                        case 1: try dense.repeatedVarints(f.wireType, into: &ids)
                        case 8: try dense.repeatedVarints(f.wireType, into: &lats)
                        case 9: try dense.repeatedVarints(f.wireType, into: &lons)
                        default: try dense.skip(f.wireType)
                        }
                    }
                    guard ids.count == lats.count, ids.count == lons.count else {
                        throw ProtobufError(reason: "dense nodes with \(ids.count) ids, \(lats.count) latitudes, \(lons.count) longitudes")
                    }
                    var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0
                    for k in 0..<ids.count {
                        id &+= ProtobufReader.zigzag(ids[k])
                        lat &+= ProtobufReader.zigzag(lats[k])
                        lon &+= ProtobufReader.zigzag(lons[k])
                        data.nodes[id] = OSMCoordinate(latitude: degrees(lat, latOffset), longitude: degrees(lon, lonOffset))
                    }
                case 3:  // Way
                    var way = ProtobufReader(block, range: try g.lengthDelimited())
                    var id: Int64 = 0
                    var keys: [UInt64] = [], values: [UInt64] = [], refs: [UInt64] = []
                    while let f = try way.nextField() {
                        switch f.number {
                        case 1: id = Int64(bitPattern: try way.varint())
                        case 2: try way.repeatedVarints(f.wireType, into: &keys)
                        case 3: try way.repeatedVarints(f.wireType, into: &values)
                        case 8: try way.repeatedVarints(f.wireType, into: &refs)
                        default: try way.skip(f.wireType)
                        }
                    }
                    guard keys.count == values.count else { throw ProtobufError(reason: "way \(id) has \(keys.count) keys and \(values.count) values") }
                    var tags: [String: String] = [:]
                    for k in 0..<keys.count { tags[try string(keys[k])] = try string(values[k]) }
                    var ref: Int64 = 0
                    let nodeIDs = refs.map { delta -> Int64 in
                        ref &+= ProtobufReader.zigzag(delta)
                        return ref
                    }
                    data.ways.append(OSMWay(id: id, nodeIDs: nodeIDs, tags: tags))
                default:
                    try g.skip(field.wireType)  // relations and changesets are not needed
                }
            }
        }
    }
}
