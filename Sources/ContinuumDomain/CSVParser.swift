import Foundation

/// Just enough RFC 4180 to read the CSV files bundled with this target
/// (quoted fields, doubled quotes, CRLF); it is not a general importer.
/// It works on UTF-8 bytes because the postcode file has 45,000 rows and
/// is read at start-up.
enum CSVParser {
    static func rows(_ data: Data) -> [[String]] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var fieldStarted = false
        let bytes = [UInt8](data)
        var index = bytes.startIndex
        // A UTF-8 byte-order mark would otherwise become part of the first header.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index += 3 }

        func endField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }

        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < bytes.endIndex && bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote: inQuotes = true; fieldStarted = true
            case comma: endField(); fieldStarted = true
            case cr: break
            case lf:
                endField()
                rows.append(row)
                row.removeAll(keepingCapacity: true)
            default: field.append(byte); fieldStarted = true
            }
        }
        if fieldStarted || !field.isEmpty || !row.isEmpty {
            endField()
            rows.append(row)
        }
        return rows
    }
}
