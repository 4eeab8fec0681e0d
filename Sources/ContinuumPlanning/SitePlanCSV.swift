import Foundation

/// A child to be placed, located by postcode centroid or a given grid reference.
public struct PlanningChild: Hashable, Sendable {
    public let id: String
    /// Canonical postcode ("WR1 2AB") when the file gave one.
    public let postcode: String?
    public let location: PlanningPoint
    /// Line in the pupils file, for messages (0 when the child came from elsewhere).
    public let line: Int

    public init(id: String, postcode: String? = nil, location: PlanningPoint, line: Int = 0) {
        self.id = id
        self.postcode = postcode
        self.location = location
        self.line = line
    }
}

/// A place where provision could be (or already is) based.
public struct CandidateSite: Hashable, Sendable {
    public let id: String
    public let name: String
    public let postcode: String?
    public let location: PlanningPoint
    /// Line in the candidates file (0 when the site came from elsewhere).
    public let line: Int

    public init(id: String, name: String, postcode: String? = nil, location: PlanningPoint, line: Int = 0) {
        self.id = id
        self.name = name
        self.postcode = postcode
        self.location = location
        self.line = line
    }
}

/// A row left out because its postcode is not in the postcode directory (the caller lists these).
public struct UnlocatedRow: Hashable, Sendable {
    public let line: Int
    public let id: String
    public let postcode: String
}

/// The rows of a pupils or candidates file that could be located, and those that couldn't.
public struct LocatedRows<Row: Sendable>: Sendable {
    public let rows: [Row]
    public let unknownPostcodes: [UnlocatedRow]
}

/// Reads the planning CSVs: pupils `id,postcode` or `id,easting,northing`; candidates
/// `id,name,postcode` or `id,name,easting,northing`. Strict: wrong headers, field counts, empty
/// or repeated ids, malformed postcodes and off-grid coordinates are errors with line numbers;
/// well-formed postcodes missing from the directory are collected, not errors.
public enum SitePlanCSV {
    public static func parsePupils(_ text: String, fileName: String = "pupils file",
                                   postcodeLookup: (String) -> PlanningPoint?) throws(PlanningError) -> LocatedRows<PlanningChild> {
        let parsed = try parse(text, fileName: fileName, leading: ["id"], postcodeLookup: postcodeLookup)
        return LocatedRows(rows: parsed.rows.map { PlanningChild(id: $0.id, postcode: $0.postcode, location: $0.location, line: $0.line) },
                           unknownPostcodes: parsed.unknown)
    }

    public static func parseCandidates(_ text: String, fileName: String = "candidates file",
                                       postcodeLookup: (String) -> PlanningPoint?) throws(PlanningError) -> LocatedRows<CandidateSite> {
        let parsed = try parse(text, fileName: fileName, leading: ["id", "name"], postcodeLookup: postcodeLookup)
        return LocatedRows(rows: parsed.rows.map {
            CandidateSite(id: $0.id, name: $0.extra.first ?? "", postcode: $0.postcode, location: $0.location, line: $0.line)
        }, unknownPostcodes: parsed.unknown)
    }

    /// Upper case, whitespace removed, one space before the 3-character inward code; nil unless
    /// it has the shape of a UK postcode (outward code 2–4 characters starting with a letter,
    /// inward code digit-letter-letter), as in the ONS Postcode Directory's `pcd7`-style keys.
    // Royal Mail PAF postcode format: outward A9, A99, A9A, AA9, AA99, AA9A; inward 9AA.
    public static func normalisePostcode(_ raw: String) -> String? {
        let compact = raw.uppercased().unicodeScalars.filter { !$0.properties.isWhitespace }
        guard (5...7).contains(compact.count), compact.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) }) else { return nil }
        let chars = compact.map(Character.init)
        let inward = chars.suffix(3), outward = chars.prefix(chars.count - 3)
        guard inward.first!.isNumber, inward.dropFirst().allSatisfy(\.isLetter), outward.first!.isLetter,
              outward.contains(where: \.isNumber) else { return nil }
        return String(outward) + " " + String(inward)
    }

    private struct Row {
        var line: Int
        var id: String
        var extra: [String]
        var postcode: String?
        var location: PlanningPoint
    }

    private static func parse(_ text: String, fileName: String, leading: [String],
                              postcodeLookup: (String) -> PlanningPoint?) throws(PlanningError) -> (rows: [Row], unknown: [UnlocatedRow]) {
        let records = try CSVRecords.parse(text, file: fileName)
        let byPostcode = leading + ["postcode"], byGrid = leading + ["easting", "northing"]
        guard let header = records.first else {
            throw .malformedInput(file: fileName, line: nil, reason: "the file is empty; the first line must be \"\(byPostcode.joined(separator: ","))\" or \"\(byGrid.joined(separator: ","))\"")
        }
        let names = header.fields.map { $0.lowercased() }
        let usesGrid: Bool
        if names == byPostcode {
            usesGrid = false
        } else if names == byGrid {
            usesGrid = true
        } else {
            throw .malformedInput(file: fileName, line: header.line,
                                  reason: "the header must be \"\(byPostcode.joined(separator: ","))\" or \"\(byGrid.joined(separator: ","))\", found \"\(header.fields.joined(separator: ","))\"")
        }
        let expected = usesGrid ? byGrid : byPostcode
        var rows: [Row] = []
        var unknown: [UnlocatedRow] = []
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            let fields = record.fields
            guard fields.count == expected.count else {
                throw .malformedInput(file: fileName, line: record.line,
                                      reason: "expected \(expected.count) fields (\(expected.joined(separator: ","))), found \(fields.count)")
            }
            let id = fields[0]
            guard !id.isEmpty else { throw .malformedInput(file: fileName, line: record.line, reason: "the id is empty") }
            if let first = firstLine[id] {
                throw .malformedInput(file: fileName, line: record.line, reason: "id \"\(id)\" is repeated (first on line \(first))")
            }
            firstLine[id] = record.line
            let extra = Array(fields[1..<leading.count])
            if usesGrid {
                let e = fields[leading.count], n = fields[leading.count + 1]
                guard let easting = Double(e), easting.isFinite else {
                    throw .malformedInput(file: fileName, line: record.line, reason: "easting \"\(e)\" is not a number of metres")
                }
                guard let northing = Double(n), northing.isFinite else {
                    throw .malformedInput(file: fileName, line: record.line, reason: "northing \"\(n)\" is not a number of metres")
                }
                let point = PlanningPoint(easting: easting, northing: northing)
                guard point.isOnNationalGrid else {
                    throw .malformedInput(file: fileName, line: record.line,
                                          reason: "\(e),\(n) is outside the National Grid (eastings 0–700000, northings 0–1300000 metres)")
                }
                rows.append(Row(line: record.line, id: id, extra: extra, postcode: nil, location: point))
            } else {
                let raw = fields[leading.count]
                guard let postcode = normalisePostcode(raw) else {
                    throw .malformedInput(file: fileName, line: record.line, reason: "\"\(raw)\" is not a postcode")
                }
                if let point = postcodeLookup(postcode) {
                    rows.append(Row(line: record.line, id: id, extra: extra, postcode: postcode, location: point))
                } else {
                    unknown.append(UnlocatedRow(line: record.line, id: id, postcode: postcode))
                }
            }
        }
        return (rows, unknown)
    }
}
