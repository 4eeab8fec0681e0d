import XCTest
import ContinuumDomain

/// CSV cells: quoted when they hold a comma, quote or line break; a leading formula character is defused with an
/// apostrophe (spreadsheet formula injection); anything else is returned as it is, by the fast path.
final class CSVCellTests: XCTestCase {
    func testEachKindOfCell() {
        let cases: [(String, String)] = [
            ("", ""), ("plain", "plain"), ("2026-11-30", "2026-11-30"), ("Zoë O'Brien", "Zoë O'Brien"), ("619", "619"),
            ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\r\nlines", "\"two\r\nlines\""), ("one\nline", "\"one\nline\""),
            ("=1+2", "'=1+2"), ("+44", "'+44"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
            (" =x", "' =x"), ("  plain", "  plain"), ("a-b", "a-b"), ("x=1", "x=1"), ("=a,b", "\"'=a,b\""),
            ("\u{1}=x", "'\u{1}=x"), ("bell\u{7}", "bell\u{7}"),
        ]
        for (raw, expected) in cases {
            XCTAssertEqual(CSVCell.escape(raw), expected, raw.debugDescription)
        }
    }
}
