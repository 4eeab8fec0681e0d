import Foundation
import XCTest
@testable import ContinuumDomain

final class SEN2ReturnTests: XCTestCase {
    func testNestingCodesAndEscaping() throws {
        let upn = UPN.make(laCode: "885", establishment: "2001", year2: 15, serial: 3)
        let active = SEN2Return.ActivePlan(lastReview: nil, urn: 116003, needs: [.asd, .nsa, .slcn])
        let person = SEN2Return.Person(
            surname: "O'Brien & Sons", forename: "Ava", birthDate: CalendarDate(year: 2015, month: 9, day: 1), sex: "F", postcode: "WR1 1AA", upn: upn,
            requests: [SEN2Return.Request(received: CalendarDate(year: 2024, month: 1, day: 8), outcome: .assess, outcomeDate: CalendarDate(year: 2024, month: 2, day: 12),
                                          assessmentOutcome: .issue, assessmentOutcomeDate: CalendarDate(year: 2024, month: 5, day: 20), week20Exception: false,
                                          plan: SEN2Return.NamedPlan(startDate: CalendarDate(year: 2024, month: 5, day: 20), urn: 116003), activePlan: active)])
        let xml = SEN2Return.xml(laCode: "885", censusDate: CalendarDate(year: 2025, month: 1, day: 16), generatedAt: "2025-01-20T09:00:00Z", persons: [person])
        XCTAssertTrue(xml.contains("<Surname>O&apos;Brien &amp; Sons</Surname>"))
        XCTAssertTrue(xml.contains("<UPN>\(upn.value)</UPN>"))
        XCTAssertFalse(xml.contains("<UPNunknown>"), "UPNunknown only when there is no UPN")
        XCTAssertTrue(xml.contains("<Requests>"))
        XCTAssertTrue(xml.contains("<NamedPlan><StartDate>2024-05-20</StartDate><PlanDetail><URN>116003</URN>"))
        XCTAssertTrue(xml.contains("<SENneed><SENtype>ASD</SENtype><SENtypeRank>1</SENtypeRank></SENneed><SENneed><SENtype>SLCN</SENtype><SENtypeRank>2</SENtypeRank></SENneed>"),
                      "NSA is not a SEN2 SENtype and is left out; ranks stay consecutive")
        // Well-formed: Foundation's parser reads it end to end.
        #if canImport(FoundationXML)
        let parser = XMLParser(data: Data(xml.utf8))
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #endif
    }
}
#if canImport(FoundationXML)
import FoundationXML
#endif
