import Foundation

/// A workbook as the parts of an Office Open XML (.xlsx) package (ECMA-376 part 1, SpreadsheetML), written
/// as plain XML so the domain needs no spreadsheet library; the app zips the parts (ZIPFoundation). Cells
/// are inline strings or numbers, which Excel, LibreOffice and openpyxl all read without a shared-string table.
public struct XLSXWorkbook: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        /// A number as exact decimal text ("1234.56", "-23000000.00", "12"): money never passes through a Double.
        case number(String)
        case empty

        public static func money(_ amount: Money) -> Cell { .number(amount.decimal) }
        public static func count(_ value: Int) -> Cell { .number(String(value)) }
    }

    public struct Sheet: Sendable {
        public let name: String
        public var rows: [[Cell]]
        public init(name: String, rows: [[Cell]]) { self.name = name; self.rows = rows }
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case badSheetName(String)
        case duplicateSheetName(String)
        case noSheets

        public var description: String {
            switch self {
            case let .badSheetName(name): "The sheet name \"\(name)\" must be 1 to 31 characters without [ ] : * ? / or \\"
            case let .duplicateSheetName(name): "Two sheets are called \"\(name)\""
            case .noSheets: "A workbook needs at least one sheet"
            }
        }
    }

    public let sheets: [Sheet]

    /// Checks the names Excel refuses (more than 31 characters, `[]:*?/\`, duplicates ignoring case).
    public init(sheets: [Sheet]) throws(Problem) {
        guard !sheets.isEmpty else { throw .noSheets }
        var seen = Set<String>()
        for sheet in sheets {
            let forbidden = CharacterSet(charactersIn: "[]:*?/\\")
            guard (1...31).contains(sheet.name.count), sheet.name.rangeOfCharacter(from: forbidden) == nil else { throw .badSheetName(sheet.name) }
            guard seen.insert(sheet.name.lowercased()).inserted else { throw .duplicateSheetName(sheet.name) }
        }
        self.sheets = sheets
    }

    /// Each part's path inside the package and its bytes, in the order a reader expects to find them.
    public func parts() -> [(path: String, data: Data)] {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", Self.header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
                + "</Relationships>"),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", Self.styles),
        ]
        for (index, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", Self.worksheet(sheet))) }
        return parts.map { ($0.0, Data($0.1.utf8)) }
    }

    private static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    private var contentTypes: String {
        Self.header + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
            + sheets.indices.map { #"<Override PartName="/xl/worksheets/sheet\#($0 + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"# }.joined()
            + "</Types>"
    }

    private var workbook: String {
        Self.header + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
            + sheets.enumerated().map { #"<sheet name="\#(Self.escape($0.element.name))" sheetId="\#($0.offset + 1)" r:id="rId\#($0.offset + 1)"/>"# }.joined()
            + "</sheets></workbook>"
    }

    private var workbookRelationships: String {
        Self.header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + sheets.indices.map { #"<Relationship Id="rId\#($0 + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"# }.joined()
            + #"<Relationship Id="rId\#(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
            + "</Relationships>"
    }

    /// The minimum style sheet: one font, fill, border and cell format, which readers require to exist, and the
    /// Normal style openpyxl looks for.
    private static let styles = header + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        + #"<fonts count="1"><font><sz val="11"/><name val="Arial"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    private static func worksheet(_ sheet: Sheet) -> String {
        var xml = header + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for (r, row) in sheet.rows.enumerated() {
            xml += #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                let ref = columnName(c) + String(r + 1)
                switch cell {
                case .empty: continue
                case let .number(text): xml += #"<c r="\#(ref)"><v>\#(escape(text))</v></c>"#
                case let .text(text): xml += #"<c r="\#(ref)" t="inlineStr"><is><t xml:space="preserve">\#(escape(text))</t></is></c>"#
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// 0 → A, 25 → Z, 26 → AA.
    public static func columnName(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let digit = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// XML-escapes text and drops the control characters XML 1.0 cannot carry (a pasted form feed would
    /// otherwise make the whole workbook unreadable).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
