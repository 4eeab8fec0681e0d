import Foundation

/// A minimal postcode → grid reference table read from an ONS Postcode Directory extract
/// (`pcd7,east1m,north1m[,...]`), for the benchmark and tests; the app plugs in its own
/// directory through `postcodeLookup` instead.
public struct PostcodeCentroids: Sendable {
    public let points: [String: PlanningPoint]

    /// Rows without a grid reference (terminated or non-geographic postcodes) are left out.
    // ONSPD user guide: east1m/north1m are blank for postcodes with no grid reference.
    public init(onspdCSV text: String, fileName: String = "postcode file") throws(PlanningError) {
        let records = try CSVRecords.parse(text, file: fileName)
        guard let header = records.first, header.fields.count >= 3,
              header.fields[0] == "pcd7", header.fields[1] == "east1m", header.fields[2] == "north1m" else {
            throw .malformedInput(file: fileName, line: 1, reason: "the header must start \"pcd7,east1m,north1m\"")
        }
        var points: [String: PlanningPoint] = [:]
        points.reserveCapacity(records.count)
        for record in records.dropFirst() where record.fields.count >= 3 {
            guard let postcode = SitePlanCSV.normalisePostcode(record.fields[0]),
                  let e = Double(record.fields[1]), let n = Double(record.fields[2]) else { continue }
            points[postcode] = PlanningPoint(easting: e, northing: n)
        }
        self.points = points
    }

    /// Looks up a postcode in any spacing or case.
    public func lookup(_ postcode: String) -> PlanningPoint? {
        SitePlanCSV.normalisePostcode(postcode).flatMap { points[$0] }
    }
}
