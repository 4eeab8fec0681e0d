import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads OpenStreetMap `.osm` XML (API 0.6): `<node id lat lon>`, `<way id>` with `<nd ref>` and `<tag k v>`.
public enum OSMXMLReader {
    public static func read(_ data: Data, fileName: String = "OSM XML file") throws -> OSMData {
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse(), collector.problem == nil else {
            let reason = collector.problem ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "unreadable XML"
            throw OSMReadError(file: fileName, reason: "line \(parser.lineNumber): \(reason)")
        }
        guard collector.sawRoot else { throw OSMReadError(file: fileName, reason: "no <osm> element: not an OSM XML file") }
        return collector.data
    }

    /// XMLParser's delegate; used on one thread for the length of `read`.
    private final class Collector: NSObject, XMLParserDelegate {
        var data = OSMData()
        var problem: String?
        var sawRoot = false
        private var way: OSMWay?
        private var nodeTagsDepth = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "osm": sawRoot = true
            case "node":
                guard let id = attributes["id"].flatMap(Int64.init), let lat = attributes["lat"].flatMap(Double.init),
                      let lon = attributes["lon"].flatMap(Double.init), (-90...90).contains(lat), (-180...180).contains(lon) else {
                    fail(parser, "a <node> needs a whole-number id and lat/lon in degrees")
                    return
                }
                data.nodes[id] = OSMCoordinate(latitude: lat, longitude: lon)
            case "way":
                guard let id = attributes["id"].flatMap(Int64.init) else {
                    fail(parser, "a <way> needs a whole-number id")
                    return
                }
                way = OSMWay(id: id, nodeIDs: [], tags: [:])
            case "nd":
                guard way != nil else { return }
                guard let ref = attributes["ref"].flatMap(Int64.init) else {
                    fail(parser, "an <nd> needs a whole-number ref")
                    return
                }
                way?.nodeIDs.append(ref)
            case "tag":
                guard way != nil else { return }  // node and relation tags are not needed
                guard let k = attributes["k"], let v = attributes["v"] else {
                    fail(parser, "a <tag> needs k and v")
                    return
                }
                way?.tags[k] = v
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "way", let finished = way {
                data.ways.append(finished)
                way = nil
            }
        }

        private func fail(_ parser: XMLParser, _ reason: String) {
            if problem == nil { problem = reason }
            parser.abortParsing()
        }
    }
}
