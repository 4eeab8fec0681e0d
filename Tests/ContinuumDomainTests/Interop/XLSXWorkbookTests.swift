import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import ContinuumDomain

/// The .xlsx parts (ECMA-376 SpreadsheetML) the DSG management plan is written as.
final class XLSXWorkbookTests: XCTestCase {
    func testColumnNames() {
        XCTAssertEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(XLSXWorkbook.columnName), ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
    }

    func testSheetNamesExcelRefusesAreRefused() {
        XCTAssertThrowsError(try XLSXWorkbook(sheets: [])) { XCTAssertEqual($0 as? XLSXWorkbook.Problem, .noSheets) }
        for bad in ["", String(repeating: "a", count: 32), "Q1/Q2", "a:b", "[x]", "why?", "a*b", "back\\slash"] {
            XCTAssertThrowsError(try XLSXWorkbook(sheets: [.init(name: bad, rows: [])]), bad)
        }
        XCTAssertThrowsError(try XLSXWorkbook(sheets: [.init(name: "Cover", rows: []), .init(name: "COVER", rows: [])])) {
            XCTAssertEqual($0 as? XLSXWorkbook.Problem, .duplicateSheetName("COVER"))
        }
        XCTAssertNoThrow(try XLSXWorkbook(sheets: [.init(name: String(repeating: "a", count: 31), rows: [])]))
    }

    func testThePartsNameEachSheetAndHoldTheCellsExactly() throws {
        let book = try XLSXWorkbook(sheets: [
            .init(name: "Financial summary", rows: [[.text("year"), .text("amount")], [.text("2026-27"), .money(Money(pence: -2_300_000_050))], [.empty, .count(7)]]),
            .init(name: "Notes & <things>", rows: [[.text("a \"quoted\" <tag> & \u{0C}form feed")]]),
        ])
        let parts = Dictionary(uniqueKeysWithValues: book.parts().map { ($0.path, String(decoding: $0.data, as: UTF8.self)) })
        XCTAssertEqual(Set(parts.keys), ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                         "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        let workbook = try XCTUnwrap(parts["xl/workbook.xml"])
        XCTAssertTrue(workbook.contains(#"<sheet name="Financial summary" sheetId="1" r:id="rId1"/>"#))
        XCTAssertTrue(workbook.contains(#"<sheet name="Notes &amp; &lt;things&gt;" sheetId="2" r:id="rId2"/>"#))
        let sheet1 = try XCTUnwrap(parts["xl/worksheets/sheet1.xml"])
        XCTAssertTrue(sheet1.contains(#"<c r="B2"><v>-23000000.50</v></c>"#), "money as exact decimal text")
        XCTAssertTrue(sheet1.contains(#"<c r="B3"><v>7</v></c>"#))
        XCTAssertFalse(sheet1.contains(#"r="A3""#), "an empty cell is left out")
        let sheet2 = try XCTUnwrap(parts["xl/worksheets/sheet2.xml"])
        XCTAssertTrue(sheet2.contains("a &quot;quoted&quot; &lt;tag&gt; &amp; form feed"), "escaped, and the control character XML can't hold dropped")
        XCTAssertTrue(parts["[Content_Types].xml"]!.contains("/xl/worksheets/sheet2.xml"))
        XCTAssertTrue(parts["xl/_rels/workbook.xml.rels"]!.contains(#"Target="styles.xml""#))
        for (path, xml) in parts { XCTAssertNotNil(try? XMLDocumentCheck.parse(xml), "\(path) is well-formed XML") }
    }
}

/// Parses XML with Foundation's event parser: nil when it is not well formed.
enum XMLDocumentCheck {
    final class Delegate: NSObject, XMLParserDelegate {}
    static func parse(_ xml: String) throws -> Bool? {
        let parser = XMLParser(data: Data(xml.utf8))
        let delegate = Delegate()
        parser.delegate = delegate
        return parser.parse() ? true : nil
    }
}
