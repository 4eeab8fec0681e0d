import XCTest
@testable import ContinuumDomain

final class TermDateRulesTests: XCTestCase {
    private func d(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
    private func entry(_ kind: TermDateEntry.Kind, _ name: String, _ start: String, _ end: String) -> TermDateEntry {
        TermDateEntry(kind: kind, name: name, startsOn: d(start), endsOn: d(end))
    }
    private func problems(_ kind: String?, _ name: String?, _ start: String?, _ end: String?) -> [TermDateRules.Problem] {
        if case .invalid(let found) = TermDateRules.check(kind: kind, name: name, startsOn: start, endsOn: end) { return found }
        return []
    }

    func testASingleEntryIsChecked() {
        guard case .valid(let term) = TermDateRules.check(kind: "term", name: " Autumn term 2027 ", startsOn: "2027-09-02", endsOn: "2027-12-17") else { return XCTFail() }
        XCTAssertEqual(term, entry(.term, "Autumn term 2027", "2027-09-02", "2027-12-17"))
        guard case .valid(let half) = TermDateRules.check(kind: "Half-term", name: "Half term", startsOn: "2027-10-25", endsOn: "2027-10-29") else { return XCTFail() }
        XCTAssertEqual(half.kind, .halfTerm)
        XCTAssertEqual(problems(nil, "", "", "").map(\.field), ["kind", "name", "startsOn", "endsOn"])
        XCTAssertEqual(problems("term", "T", "2027-09-31", "2027-12-17").map(\.message), ["The start date must be a real date, like 2 9 2027 (or 2027-09-02 in a file)"])
        XCTAssertEqual(problems("term", "T", "2027-12-17", "2027-09-02").map(\.message), ["The end date must be the same as or after the start date"])
        XCTAssertEqual(problems("inset", "INSET", "2027-09-02", "2027-09-03").map(\.field), ["endsOn"], "an INSET day is one day")
        XCTAssertEqual(problems("inset", "INSET", "2027-09-04", "2027-09-04").map(\.message), ["An INSET day must be a weekday; Saturday 4 September 2027 is a Saturday"])
        XCTAssertEqual(problems("term", "T", "2027-09-02", "2028-07-20").map(\.field), ["endsOn"], "a whole year is not a term")
        XCTAssertEqual(problems("holiday", "T", "2027-09-02", "2027-09-03").map(\.field), ["kind"])
    }

    func testConflicts() {
        let existing = [entry(.term, "Autumn term 2027", "2027-09-02", "2027-12-17"), entry(.halfTerm, "Autumn half term", "2027-10-25", "2027-10-29"),
                        entry(.inset, "INSET day", "2027-09-02", "2027-09-02")]
        XCTAssertNotNil(TermDateRules.conflict(entry(.term, "Clash", "2027-12-17", "2028-01-10"), with: existing), "touching on one day overlaps")
        XCTAssertNil(TermDateRules.conflict(entry(.term, "Spring term 2028", "2028-01-04", "2028-03-24"), with: existing))
        XCTAssertEqual(TermDateRules.conflict(entry(.halfTerm, "Stray", "2028-02-14", "2028-02-18"), with: existing)?.message, "A half term must fall inside a term: add the term first")
        XCTAssertNotNil(TermDateRules.conflict(entry(.halfTerm, "Second", "2027-11-15", "2027-11-16"), with: existing), "one half term a term")
        XCTAssertNotNil(TermDateRules.conflict(entry(.inset, "Again", "2027-09-02", "2027-09-02"), with: existing))
        XCTAssertNil(TermDateRules.conflict(entry(.inset, "INSET day", "2027-09-03", "2027-09-03"), with: existing))
    }

    func testACSVFileIsAllOrNothingWithLineNumbers() {
        let good = "kind,name,starts_on,ends_on\r\nhalf_term,Spring half term 2028,2028-02-14,2028-02-18\r\nterm,Spring term 2028,2028-01-04,2028-03-24\r\n\r\ninset,INSET day,2028-01-04,2028-01-04\r\n"
        guard case .valid(let rows) = TermDateCSV.parse(Data(good.utf8), existing: []) else { return XCTFail("a good file, half term before its term") }
        XCTAssertEqual(rows.map(\.kind), [.halfTerm, .term, .inset])

        let bad = "kind,name,starts_on,ends_on\nterm,Spring term 2028,2028-01-04,2028-03-24\nterm,Overlap,2028-03-20,2028-04-01\ninset,INSET day,2028-01-08,2028-01-08\nterm,Short\n"
        guard case .invalid(let found) = TermDateCSV.parse(Data(bad.utf8), existing: []) else { return XCTFail("a bad file was accepted") }
        XCTAssertEqual(found, [
            "Line 4: An INSET day must be a weekday; Saturday 8 January 2028 is a Saturday",
            "Line 5: expected 4 values (kind,name,starts_on,ends_on), found 2",
            "Line 3: These dates overlap Spring term 2028 (4 January 2028 to 24 March 2028): terms must not overlap",
        ])
        guard case .invalid(let header) = TermDateCSV.parse(Data("type,name,from,to\n".utf8), existing: []) else { return XCTFail() }
        XCTAssertEqual(header, ["Line 1: the first line must be the header kind,name,starts_on,ends_on"])
        let stored = [entry(.term, "Spring term 2028", "2028-01-04", "2028-03-24")]
        guard case .invalid(let clash) = TermDateCSV.parse(Data("kind,name,starts_on,ends_on\nterm,Again,2028-03-01,2028-04-01\n".utf8), existing: stored) else { return XCTFail() }
        XCTAssertEqual(clash.count, 1, "checked against the stored rows too")
    }
}
