import Foundation

/// Postcode centroids from the ONS Postcode Directory, for distances to
/// provision and for picking real addresses in demonstration data.
public struct PostcodeDirectory: Sendable {
    public struct Entry: Hashable, Sendable {
        public let postcode: Postcode
        public let location: GridPoint
        /// ONS local authority district code, such as E07000235 (Malvern Hills).
        public let localAuthorityDistrict: String?

        public init(postcode: Postcode, location: GridPoint, localAuthorityDistrict: String? = nil) {
            self.postcode = postcode
            self.location = location
            self.localAuthorityDistrict = localAuthorityDistrict
        }
    }

    private let entries: [Postcode: Entry]
    /// Kept in postcode order once, so demo data drawn from it is reproducible without re-sorting.
    private let sortedEntries: [Entry]

    public init(entries: [Entry]) {
        var byPostcode: [Postcode: Entry] = [:]
        byPostcode.reserveCapacity(entries.count)
        for entry in entries { byPostcode[entry.postcode] = entry }
        self.entries = byPostcode
        sortedEntries = byPostcode.values
            .map { (key: $0.postcode.sortKey, entry: $0) }
            .sorted { $0.key < $1.key }
            .map(\.entry)
    }

    public static let bundledFileName = "onspd-postcodes-worcs-medway.csv"

    /// About 45,700 postcodes in Worcestershire (WR, DY10–14, B60, B61, B96–98)
    /// and Medway (ME), derived from the ONS Postcode Directory (OGL v3).
    public static func loadBundled() throws -> PostcodeDirectory {
        try parse(csv: BundledResource.data(bundledFileName), fileName: bundledFileName)
    }

    /// Reads `pcd7,east1m,north1m,lad25cd`. Rows without a grid reference
    /// (terminated or non-geographic postcodes) are left out rather than
    /// placed at 0,0, which would make them look nearest to nothing.
    public static func parse(csv: Data, fileName: String = "postcode CSV") throws -> PostcodeDirectory {
        let rows = CSVParser.rows(csv)
        guard let header = rows.first, header.count >= 3, header[0] == "pcd7", header[1] == "east1m", header[2] == "north1m" else {
            throw BundledDataError.unexpectedHeader(file: fileName, found: rows.first?.joined(separator: ",") ?? "")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(rows.count)
        for (offset, row) in rows.enumerated().dropFirst() where !(row.count == 1 && row[0].isEmpty) {
            guard row.count >= 3, let postcode = Postcode.normalise(row[0]) else {
                throw BundledDataError.malformedRow(file: fileName, line: offset + 1, reason: "not a postcode: \(row.first ?? "")")
            }
            guard let easting = Int(row[1]), let northing = Int(row[2]) else { continue }
            let district = row.count > 3 && row[3].hasPrefix("E") ? row[3] : nil
            entries.append(Entry(postcode: postcode, location: GridPoint(easting: easting, northing: northing),
                                 localAuthorityDistrict: district))
        }
        return PostcodeDirectory(entries: entries)
    }

    public var count: Int { entries.count }

    public func location(of postcode: Postcode) -> GridPoint? { entries[postcode]?.location }

    public func entry(for postcode: Postcode) -> Entry? { entries[postcode] }

    /// Every postcode in the given areas ("WR", "ME") or districts ("DY10", "B60"),
    /// or all of them when `outwardPrefixIn` is nil; sorted so demo data is reproducible.
    public func all(outwardPrefixIn filter: Set<String>? = nil) -> [(postcode: Postcode, location: GridPoint)] {
        guard let filter else { return sortedEntries.map { ($0.postcode, $0.location) } }
        let wanted = Set(filter.map { $0.uppercased().trimmingCharacters(in: .whitespaces) })
        return sortedEntries
            .filter { wanted.contains($0.postcode.outward) || wanted.contains($0.postcode.area) }
            .map { ($0.postcode, $0.location) }
    }
}
