import Foundation

/// What every CSV import shares: the file must start with the header exactly (case and spaces aside), and
/// each non-blank line after it comes with its line number and trimmed cells, or with the problem of having
/// the wrong number of columns, in file order so the problems a parser collects stay in line order.
public enum ImportTable {
    public struct Line: Sendable {
        public let number: Int
        /// Empty when `problem` is set.
        public let cells: [String]
        public let problem: EHCImportFile.Problem?
    }

    public enum Read: Sendable {
        case lines([Line])
        /// The one problem that stops the whole file: it is empty, or its header is wrong.
        case stop(EHCImportFile.Problem)
    }

    /// The lines of `data` under `header`.
    public static func lines(_ data: Data, header: [String]) -> Read {
        let table = CSVParser.rows(data)
        guard let first = table.first, !(first.count == 1 && first[0].isEmpty) else {
            return .stop(EHCImportFile.Problem(line: 1, message: "the file is empty; the first line must be the header \(header.joined(separator: ","))"))
        }
        guard first.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == header else {
            return .stop(EHCImportFile.Problem(line: 1, message: "the header must be exactly \(header.joined(separator: ",")) but is \(first.joined(separator: ","))"))
        }
        var lines: [Line] = []
        lines.reserveCapacity(table.count - 1)
        for (offset, fields) in table.dropFirst().enumerated() {
            let number = offset + 2
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard fields.count == header.count else {
                lines.append(Line(number: number, cells: [], problem: EHCImportFile.Problem(line: number, message: "has \(fields.count) columns but the header has \(header.count)")))
                continue
            }
            lines.append(Line(number: number, cells: fields.map { $0.trimmingCharacters(in: .whitespaces) }, problem: nil))
        }
        return .lines(lines)
    }
}
