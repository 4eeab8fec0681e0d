import Foundation
import XCTest
@testable import ContinuumPlanning

final class RoadNetworkTests: XCTestCase {
    // A real OSM extract kept with the tests (Tests/Fixtures/osm/SOURCE.md).
    static let leedsPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/osm/its-example-leeds.osm.pbf").path

    /// Four junctions in a square near Worcester: residential all round except a one-way primary 2→3,
    /// and a footway to node 5 that cars can't use.
    static let squareXML = """
    <?xml version="1.0" encoding="UTF-8"?>
    <osm version="0.6" generator="hand">
      <node id="1" lat="52.19" lon="-2.22"/>
      <node id="2" lat="52.19" lon="-2.21"/>
      <node id="3" lat="52.20" lon="-2.21"/>
      <node id="4" lat="52.20" lon="-2.22"/>
      <node id="5" lat="52.21" lon="-2.22"/>
      <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
      <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/></way>
      <way id="12"><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="highway" v="residential"/><tag k="name" v="Square &amp; Round"/></way>
      <way id="13"><nd ref="4"/><nd ref="5"/><tag k="highway" v="footway"/></way>
    </osm>
    """

    func testHandBuiltSquareRoutesAndRespectsOneWay() throws {
        let osm = try OSMXMLReader.read(Data(Self.squareXML.utf8))
        XCTAssertEqual(osm.nodes.count, 5)
        XCTAssertEqual(osm.ways.count, 4)
        XCTAssertEqual(osm.ways[2].tags["name"], "Square & Round")
        let network = RoadNetwork(osm: osm)
        XCTAssertEqual(network.nodeCount, 4)
        XCTAssertEqual(network.edgeCount, 7)
        let index = Dictionary(uniqueKeysWithValues: network.osmNodeIDs.enumerated().map { ($1, $0) })
        func p(_ id: Int64) -> PlanningPoint { network.points[index[id]!] }
        let residential = 32.0 * 1000 / 60, primary = 64.0 * 1000 / 60
        let d12 = p(1).distance(to: p(2)), d23 = p(2).distance(to: p(3)), d34 = p(3).distance(to: p(4)), d41 = p(4).distance(to: p(1))
        let from2 = network.minutes(from: index[2]!)
        XCTAssertEqual(from2[index[3]!], d23 / primary, accuracy: 1e-9)
        let from3 = network.minutes(from: index[3]!)
        XCTAssertEqual(from3[index[2]!], (d34 + d41 + d12) / residential, accuracy: 1e-9, "3→2 must go round: the primary is one-way")
        XCTAssertEqual(network.minutes(to: index[2]!)[index[3]!], from3[index[2]!], accuracy: 1e-12)
        let from1 = network.minutes(from: index[1]!)
        XCTAssertEqual(from1[index[3]!], min(d12 / residential + d23 / primary, (d41 + d34) / residential), accuracy: 1e-9)
        // Dropping the one-way rule makes 3→2 the primary.
        let twoWay = RoadNetwork(osm: osm, respectOneway: false)
        XCTAssertEqual(twoWay.edgeCount, 8)
        XCTAssertEqual(twoWay.minutes(from: twoWay.osmNodeIDs.firstIndex(of: 3)!)[twoWay.osmNodeIDs.firstIndex(of: 2)!], d23 / primary, accuracy: 1e-9)

        // The model: access legs at 16 km/h, or straight there if quicker.
        let model = try RoadNetworkModel(network: network)
        let near1 = PlanningPoint(easting: p(1).easting + 30, northing: p(1).northing)
        let near3 = PlanningPoint(easting: p(3).easting, northing: p(3).northing - 40)
        let access = 16.0 * 1000 / 60
        let minutes = model.travelMinutes(from: near1, to: near3)
        XCTAssertEqual(minutes, 30 / access + from1[index[3]!] + 40 / access, accuracy: 1e-9)
        XCTAssertEqual(model.travelMinutes(from: near1, to: PlanningPoint(easting: near1.easting + 10, northing: near1.northing)), 10 / access, accuracy: 1e-9)
        XCTAssertTrue(model.description.contains("residential 32"))
        XCTAssertEqual(network.nearestNode(to: near3)?.node, index[3]!)
    }

    func testMalformedXMLNamesTheLine() {
        let bad = "<osm version=\"0.6\">\n<node id=\"1\" lat=\"x\" lon=\"2\"/>\n</osm>"
        XCTAssertThrowsError(try OSMXMLReader.read(Data(bad.utf8))) { error in
            XCTAssertTrue("\(error)".contains("line 2"), "\(error)")
        }
        XCTAssertThrowsError(try OSMXMLReader.read(Data("<osm><node".utf8)))
        XCTAssertThrowsError(try OSMPBFReader.read(Array("not a pbf".utf8)))
    }

    private func leeds() throws -> OSMData {
        guard FileManager.default.fileExists(atPath: Self.leedsPath) else { throw XCTSkip("Leeds extract not present at \(Self.leedsPath)") }
        return try OSMData.read(contentsOf: URL(fileURLWithPath: Self.leedsPath))
    }

    func testReadsTheLeedsExtract() throws {
        let osm = try leeds()
        XCTAssertEqual(osm.nodes.count, 1678)
        XCTAssertEqual(osm.ways.count, 294)
        // Every position projects into Leeds on the National Grid (about E 429 km, N 433 km).
        for coordinate in osm.nodes.values {
            let point = OSGB36Projection.gridPoint(coordinate)
            XCTAssertTrue((420_000...440_000).contains(point.easting) && (425_000...445_000).contains(point.northing), "\(point)")
        }
    }

    func testLeedsTimesAreConsistentAndAtLeastTheStraightLineBound() throws {
        let osm = try leeds()
        let network = RoadNetwork(osm: osm)
        XCTAssertGreaterThan(network.nodeCount, 100)
        let main = (0..<network.nodeCount).filter { network.inMainComponent[$0] }
        XCTAssertGreaterThan(main.count, 100)  // the rest are fragments cut off at the extract's edge
        let fastest = RoadSpeeds.standard.fastest * 1000 / 60
        let sources = stride(from: 0, to: main.count, by: max(1, main.count / 12)).map { main[$0] }
        for s in sources {
            let from = network.minutes(from: s)
            for t in main {
                XCTAssertTrue(from[t].isFinite, "main component must be strongly connected")
                XCTAssertGreaterThanOrEqual(from[t] + 1e-9, network.points[s].distance(to: network.points[t]) / fastest)
            }
            let to = network.minutes(to: s)
            for t in sources { XCTAssertEqual(to[t], network.minutes(from: t)[s], accuracy: 1e-9) }
        }
        // Without one-way rules every journey takes as long both ways.
        let twoWay = RoadNetwork(osm: osm, respectOneway: false)
        let picks = Array((0..<twoWay.nodeCount).filter { twoWay.inMainComponent[$0] }.prefix(40))
        for a in picks {
            let from = twoWay.minutes(from: a)
            for b in picks { XCTAssertEqual(from[b], twoWay.minutes(from: b)[a], accuracy: 1e-9) }
        }
        // One-way ways lose their reverse edges: count what the rules should give.
        var expected = 0, onewaySegments = 0
        for way in osm.ways {
            guard let highway = way.tags["highway"], RoadSpeeds.standard.kmh[highway] != nil,
                  way.tags["access"] != "no", way.tags["access"] != "private", way.tags["area"] != "yes" else { continue }
            let oneway = ["yes", "true", "1", "-1", "reverse"].contains(way.tags["oneway"] ?? "")
                || (way.tags["oneway"] == nil && (way.tags["junction"] == "roundabout" || way.tags["junction"] == "circular" || highway == "motorway"))
            let segments = zip(way.nodeIDs, way.nodeIDs.dropFirst()).filter { $0 != $1 && osm.nodes[$0] != nil && osm.nodes[$1] != nil }.count
            expected += oneway ? segments : 2 * segments
            if oneway { onewaySegments += segments }
        }
        XCTAssertEqual(network.edgeCount, expected)
        XCTAssertEqual(twoWay.edgeCount, expected + onewaySegments)
    }

    func testLeedsXMLRoundTripGivesTheSameNetwork() throws {
        let osm = try leeds()
        var xml = "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n"
        for (id, c) in osm.nodes.sorted(by: { $0.key < $1.key }) {
            xml += "<node id=\"\(id)\" lat=\"\(c.latitude)\" lon=\"\(c.longitude)\"/>\n"
        }
        for way in osm.ways {
            xml += "<way id=\"\(way.id)\">" + way.nodeIDs.map { "<nd ref=\"\($0)\"/>" }.joined()
            for (k, v) in way.tags.sorted(by: { $0.key < $1.key }) {
                let escaped = v.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: "\n", with: "&#10;")  // XML normalises a raw line break in an attribute to a space
                xml += "<tag k=\"\(k)\" v=\"\(escaped)\"/>"
            }
            xml += "</way>\n"
        }
        xml += "</osm>\n"
        let again = try OSMXMLReader.read(Data(xml.utf8))
        XCTAssertEqual(again.nodes.count, osm.nodes.count)
        for (id, c) in osm.nodes where again.nodes[id] != c {
            XCTFail("node \(id): \(c) became \(String(describing: again.nodes[id]))")
            break
        }
        XCTAssertEqual(again.ways.count, osm.ways.count)
        for (a, b) in zip(again.ways, osm.ways) where a != b {
            XCTFail("way \(b.id): \(b) became \(a)")
            break
        }
    }

    func testRoadModelMatrixOnLeeds() throws {
        let network = RoadNetwork(osm: try leeds())
        let model = try RoadNetworkModel(network: network)
        let main = (0..<network.nodeCount).filter { network.inMainComponent[$0] }
        let origins = stride(from: 0, to: main.count, by: 97).map { network.points[main[$0]] }
        let sites = stride(from: 5, to: main.count, by: 211).map { network.points[main[$0]] }
        let matrix = model.travelMinutes(from: origins, to: sites)
        let fastest = RoadSpeeds.standard.fastest * 1000 / 60
        for r in 0..<origins.count {
            for c in 0..<sites.count {
                XCTAssertGreaterThanOrEqual(matrix[r, c] + 1e-9, origins[r].distance(to: sites[c]) / fastest)
                XCTAssertLessThanOrEqual(matrix[r, c], origins[r].distance(to: sites[c]) / (16.0 * 1000 / 60) + 1e-9)
            }
        }
    }
}
