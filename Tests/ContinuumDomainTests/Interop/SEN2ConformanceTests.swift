import Foundation
import XCTest
@testable import ContinuumDomain
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Issue 14, SEN2 conformance against ../shared/data/sen2/sen2-person-level-structure.md, and
/// rulebook SEN-1/SEN-2 (code S refused after its withdrawal; DS an SEN2 primary need).
final class SEN2ConformanceTests: XCTestCase {
    static let census = CalendarDate(year: 2025, month: 1, day: 16)
    static let upn = UPN.make(laCode: "885", establishment: "2001", year2: 15, serial: 3)

    /// A person with a plan in force carrying every ActivePlans item, and a second, refused request.
    static func person(surname: String = "Okafor", forename: String = "Amara", upn: UPN? = upn, needs: [SENNeed] = [.ds, .slcn]) -> SEN2Return.Person {
        let active = SEN2Return.ActivePlan(reviewMeeting: CalendarDate(year: 2024, month: 10, day: 1), reviewOutcome: .amend,
                                           reviewDraft: CalendarDate(year: 2024, month: 10, day: 20),
                                           phaseTransferDue: CalendarDate(year: 2025, month: 2, day: 14), phaseTransferFinal: CalendarDate(year: 2024, month: 12, day: 10),
                                           lastReview: CalendarDate(year: 2024, month: 10, day: 20), placement: .init(urn: 116004), needs: needs)
        return SEN2Return.Person(
            surname: surname, forename: forename, birthDate: CalendarDate(year: 2014, month: 3, day: 1), sex: "F", postcode: "WR1 1AA", upn: upn,
            requests: [
                SEN2Return.Request(received: CalendarDate(year: 2023, month: 1, day: 9), source: .school, outcome: .assess, outcomeDate: CalendarDate(year: 2023, month: 2, day: 20),
                                   assessmentOutcome: .issue, assessmentOutcomeDate: CalendarDate(year: 2023, month: 5, day: 22),
                                   plan: SEN2Return.NamedPlan(startDate: CalendarDate(year: 2023, month: 5, day: 22), placement: .init(urn: 116003)), activePlan: active),
                SEN2Return.Request(received: CalendarDate(year: 2022, month: 3, day: 1), source: .parent, outcome: .notAssess, outcomeDate: CalendarDate(year: 2022, month: 4, day: 1)),
            ])
    }

    static func message(_ persons: [SEN2Return.Person]) -> SEN2Return.Message {
        SEN2Return.Message(laCode: "885", censusDate: census, generatedAt: "2025-01-20T09:00:00Z", persons: persons)
    }

    /// Each element's path from the root, and each element's children in order.
    final class Tree: NSObject, XMLParserDelegate {
        var stack: [String] = []
        var paths: [String] = []
        var children: [String: [[String]]] = [:]
        var open: [[String]] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if !open.isEmpty { open[open.count - 1].append(name) }
            stack.append(name); paths.append(stack.joined(separator: "/")); open.append([])
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            children[name, default: []].append(open.removeLast()); stack.removeLast()
        }
    }

    func tree(_ xml: String) throws -> Tree {
        let tree = Tree()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = tree
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        return tree
    }

    /// The documented order of each element's children (structure note, "XML nesting").
    static let documented: [String: [String]] = [
        "Person": ["Surname", "Forename", "PersonBirthDate", "Sex", "Ethnicity", "PostCode", "UPN", "UniqueLearnerNumber", "UPNunknown", "Requests"],
        "Requests": ["ReceivedDate", "RequestSource", "RYA", "RequestOutcomeDate", "RequestOutcome", "RequestMediation", "RequestTribunal", "Exported", "Assessment", "ActivePlans"],
        "Assessment": ["AssessmentOutcome", "AssessmentOutcomeDate", "AssessmentMediation", "AssessmentTribunal", "OtherMediation", "OtherTribunal", "Week20", "NamedPlan"],
        "NamedPlan": ["StartDate", "PlanRes", "PlanWBP", "PB", "OA", "DP", "CeaseDate", "CeaseReason", "PlanDetail"],
        "PlanDetail": ["URN", "UKPRN", "SENSetting", "SENSettingOther", "PlacementRank", "SENunitIndicator", "ResourcedProvisionIndicator"],
        "ActivePlans": ["TransferLA", "ReviewMeeting", "ReviewOutcome", "ReviewDraft", "PhaseTransferDueDate", "PhaseTransferFinalDate", "LastReview", "PlacementDetail", "SENneed"],
        "PlacementDetail": ["URN", "UKPRN", "SENSetting", "SENSettingOther", "PlacementRank", "EntryDate", "LeavingDate", "SENunitIndicator", "ResourcedProvisionIndicator", "RES", "WBP"],
        "SENneed": ["SENtype", "SENtypeRank"],
    ]

    func testActivePlansSitInsideRequestsBesideAssessment() throws {
        let xml = SEN2Return.xml(Self.message([Self.person()]))
        let paths = try tree(xml).paths
        XCTAssertTrue(paths.contains("Message/Persons/Person/Requests/ActivePlans"), "\(paths)")
        XCTAssertTrue(paths.contains("Message/Persons/Person/Requests/Assessment/NamedPlan/PlanDetail"))
        XCTAssertTrue(paths.contains("Message/Persons/Person/Requests/ActivePlans/PlacementDetail"))
        XCTAssertTrue(paths.contains("Message/Persons/Person/Requests/ActivePlans/SENneed"))
        XCTAssertFalse(paths.contains("Message/Persons/Person/ActivePlans"), "not under Person")
        XCTAssertEqual(paths.filter { $0.hasSuffix("/ActivePlans") }.count, 1, "only the request whose plan is in force carries it")
    }

    func testEveryElementIsInTheDocumentedOrder() throws {
        let tree = try tree(SEN2Return.xml(Self.message([Self.person()])))
        for (parent, order) in Self.documented {
            let seen = try XCTUnwrap(tree.children[parent], "\(parent) written")
            for list in seen {
                let positions = list.compactMap { order.firstIndex(of: $0) }
                XCTAssertEqual(positions.count, list.count, "\(parent) has an undocumented child: \(list)")
                XCTAssertEqual(positions, positions.sorted(), "\(parent) children out of order: \(list)")
            }
        }
        // The request outcome date comes before the outcome (it used to be written after it).
        XCTAssertTrue(tree.children["Requests"]![0].starts(with: ["ReceivedDate", "RequestSource", "RequestOutcomeDate", "RequestOutcome"]))
    }

    func testTheNewItemsAreWrittenWithTheirValues() throws {
        let xml = SEN2Return.xml(Self.message([Self.person()]))
        for expected in ["<RequestSource>SC</RequestSource>", "<RequestSource>PA</RequestSource>", "<Ethnicity>NOBT</Ethnicity>",
                         "<ReviewMeeting>2024-10-01</ReviewMeeting>", "<ReviewOutcome>A</ReviewOutcome>", "<ReviewDraft>2024-10-20</ReviewDraft>",
                         "<PhaseTransferDueDate>2025-02-14</PhaseTransferDueDate>", "<PhaseTransferFinalDate>2024-12-10</PhaseTransferFinalDate>",
                         "<LastReview>2024-10-20</LastReview>",
                         "<PlanDetail><URN>116003</URN><PlacementRank>1</PlacementRank></PlanDetail>",
                         "<PlacementDetail><URN>116004</URN><PlacementRank>1</PlacementRank></PlacementDetail>"] {
            XCTAssertTrue(xml.contains(expected), expected)
        }
        var withEthnicity = Self.person()
        withEthnicity.ethnicity = SEN2Return.Ethnicity(stored: " wbri ")!
        XCTAssertTrue(SEN2Return.xml(Self.message([withEthnicity])).contains("<Ethnicity>WBRI</Ethnicity>"))
        XCTAssertNil(SEN2Return.Ethnicity(stored: ""), "empty is not a code: NOBT is sent instead")
        XCTAssertEqual(SEN2Return.RequestSource.from(requester: .imported), nil, "an imported request says nothing: the stored code or not known")
        XCTAssertEqual(SEN2Return.RequestSource.from(requester: .youngPerson), .youngPerson)
    }

    func testDownSyndromeIsAnSEN2PrimaryNeed() throws {
        XCTAssertEqual(SENNeed(code: "ds"), .ds)
        XCTAssertEqual(SENNeed.sen2Types.map(\.rawValue), ["SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH"],
                       "the 2025 list's 13 codes, in the guide's order (../shared/data/sen2/sen2-code-lists.csv)")
        let csv = try String(contentsOfFile: "/work/shared/data/sen2/sen2-code-lists.csv", encoding: .utf8)
        let listed = csv.split(separator: "\n").filter { $0.hasPrefix("SENtype,") }.map { String($0.split(separator: ",")[1]) }
        if !listed.isEmpty { XCTAssertEqual(SENNeed.sen2Types.map(\.rawValue), listed) }
        XCTAssertTrue(SEN2Return.xml(Self.message([Self.person()])).contains("<SENneed><SENtype>DS</SENtype><SENtypeRank>1</SENtypeRank></SENneed>"))
        XCTAssertEqual(SENNeed.validateNeeds(provision: .ehcPlan, primary: .ds, secondary: nil), [], "a form or import may record DS")
    }

    func testUPNunknownCarriesTheReasonTheDataShows() {
        let dob = CalendarDate(year: 2020, month: 6, day: 1), census = Self.census
        typealias Reason = SEN2Return.UPNUnknownReason
        XCTAssertEqual(Reason.reason(recordedUPN: nil, birthDate: dob, census: census, hasSchool: false, endedBeforeAssessment: false), .un1, "under 6, not in school")
        XCTAssertEqual(Reason.reason(recordedUPN: nil, birthDate: CalendarDate(year: 2012, month: 1, day: 1), census: census, hasSchool: false, endedBeforeAssessment: false), .un2)
        XCTAssertEqual(Reason.reason(recordedUPN: "A12345678901X", birthDate: dob, census: census, hasSchool: true, endedBeforeAssessment: false), .un5, "a UPN that fails its check")
        XCTAssertEqual(Reason.reason(recordedUPN: nil, birthDate: dob, census: census, hasSchool: true, endedBeforeAssessment: true), .un10)
        // The edge: the sixth birthday on the census date is no longer under 6.
        XCTAssertEqual(Reason.reason(recordedUPN: nil, birthDate: CalendarDate(year: 2019, month: 1, day: 16), census: census, hasSchool: false, endedBeforeAssessment: false), .un2)
        XCTAssertEqual(Reason.reason(recordedUPN: nil, birthDate: CalendarDate(year: 2019, month: 1, day: 17), census: census, hasSchool: false, endedBeforeAssessment: false), .un1)
        let xml = SEN2Return.xml(Self.message([SEN2Return.Person(surname: "A", forename: "B", birthDate: dob, sex: "M", postcode: nil, upn: nil, upnUnknown: .un1,
                                                                 requests: Self.person().requests)]))
        XCTAssertTrue(xml.contains("<UPNunknown>UN1</UPNunknown>") && !xml.contains("<UPN>"))
    }

    func testPersonsAreOrderedByContentSoInputOrderNeverChangesTheBytes() {
        // Two people with the same name and birth date: only the UPN and the rest of the record tell them apart.
        let a = Self.person(upn: UPN.make(laCode: "885", establishment: "2001", year2: 15, serial: 9))
        let b = Self.person(upn: UPN.make(laCode: "885", establishment: "2001", year2: 15, serial: 4))
        let c = Self.person(surname: "Adams")
        var d = Self.person(upn: nil); d.upnUnknown = .un2
        var e = d; e.postcode = "WR2 2BB"
        let orders = [[a, b, c, d, e], [e, d, c, b, a], [b, e, a, d, c]]
        let outputs = Set(orders.map { SEN2Return.xml(Self.message($0)) })
        XCTAssertEqual(outputs.count, 1, "byte-identical whatever order the database returns rows in")
        let sorted = SEN2Return.canonicalOrder([a, b, c, d, e])
        XCTAssertEqual(sorted.first?.surname, "Adams")
        XCTAssertEqual(sorted.map(\.upn), [c.upn, nil, nil] + [a.upn, b.upn].sorted { $0!.value < $1!.value }, "surname, then UPN (none first)")
        XCTAssertEqual(sorted[1].postcode, "WR1 1AA", "the whole record breaks the last tie")
        XCTAssertEqual(sorted[2].postcode, "WR2 2BB")
        var reversed = Self.person(); reversed.requests.reverse()
        XCTAssertEqual(SEN2Return.xml(Self.message([reversed])), SEN2Return.xml(Self.message([Self.person()])), "requests are ordered too")
    }

    // MARK: The validator

    func testAValidReturnHasNoProblems() {
        XCTAssertEqual(SEN2Validator.problems(in: Self.message([Self.person(), Self.person(surname: "Bell")])), [])
    }

    func testEachInvalidFieldIsNamedWithThePerson() {
        var p = Self.person()
        p.requests[0].outcomeDate = nil                                  // decided, but no date
        p.requests[1].outcomeDate = CalendarDate(year: 2022, month: 2, day: 1) // before it was received
        p.requests[0].plan?.ceaseDate = CalendarDate(year: 2024, month: 1, day: 1) // ceased, no reason, yet in force
        p.requests[0].activePlan?.needs = [.nsa]
        p.requests[0].activePlan?.placement = .init(urn: 12)
        p.requests[1].activePlan = p.requests[0].activePlan
        p.sex = "X"
        let problems = SEN2Validator.problems(in: SEN2Return.Message(laCode: "88", censusDate: Self.census, generatedAt: "", persons: [p]))
        let text = problems.map(\.description)
        func has(_ fragment: String) { XCTAssertTrue(text.contains { $0.contains(fragment) }, "\(fragment) in \(text)") }
        has("Header: LEA:")
        has("Person 1 (Amara Okafor): Sex:")
        has("RequestOutcomeDate: is missing for RequestOutcome A")
        has("RequestOutcomeDate: 2022-02-01 is before the request was received (2022-03-01)")
        has("CeaseReason: is missing for a plan that ceased")
        has("ActivePlans: the plan ceased on 2024-01-01")
        has("SENtype: NSA is not on the SEN2 SENtype list")
        has("SENneed: a plan in force needs its primary type of need")
        has("URN: 12 is not a six-digit URN")
        has("ActivePlans: 2 plans in force on the census date")
        has("ActivePlans: a plan in force needs the NamedPlan it comes from")
        XCTAssertTrue(problems.allSatisfy { $0.person == nil || $0.who == "Amara Okafor" })
    }

    func testDatesAfterTheCensusAndMissingIdentifiersAreRefused() {
        var p = Self.person()
        p.requests[1].received = CalendarDate(year: 2025, month: 2, day: 1)
        p.requests[1].outcomeDate = CalendarDate(year: 2025, month: 2, day: 3)
        p.upn = nil; p.upnUnknown = nil
        p.requests[0].activePlan?.needs = [.asd, .asd]
        let text = SEN2Validator.problems(in: Self.message([p])).map(\.description)
        XCTAssertTrue(text.contains { $0.contains("ReceivedDate: 2025-02-01 is after the census date 2025-01-16") }, "\(text)")
        XCTAssertTrue(text.contains { $0.contains("UPNunknown: a person sent without a UPN needs the reason") }, "\(text)")
        XCTAssertTrue(text.contains { $0.contains("SENneed: the same type of need is ranked twice") }, "\(text)")
    }

    // MARK: Rulebook SEN-1: S (statement) refused after its withdrawal

    func testStatementCodeOnlyOnRecordsBeforeItsWithdrawal() {
        XCTAssertTrue(SENStatementCode.allowed(recordedOn: CalendarDate(year: 2018, month: 3, day: 31)), "the last day of the transfer period")
        XCTAssertFalse(SENStatementCode.allowed(recordedOn: CalendarDate(year: 2018, month: 4, day: 1)), "from the day after")
        XCTAssertFalse(SENStatementCode.allowed(recordedOn: nil), "an undated record is a current one")
        XCTAssertNil(SENStatementCode.problem("E", recordedOn: nil))
        XCTAssertNil(SENStatementCode.problem(" s ", recordedOn: CalendarDate(year: 2016, month: 9, day: 1)))
        XCTAssertEqual(SENStatementCode.problem("S", recordedOn: CalendarDate(year: 2019, month: 9, day: 1)),
                       "SEN provision S (statement) was withdrawn on 1 April 2018: use E for an EHC plan (this record is dated 2019-09-01)")
    }

    func testTheCTFRefusesALateStatementAndReadsAnOldOneAsAPlan() throws {
        let today = CTFReaderTests.today
        func read(_ start: String) -> CTFReader.Outcome {
            let pupil = CTFReaderTests.pupil25().replacingOccurrences(of: "<SEN><StartDate>2022-09-01</StartDate><SENprovision>K</SENprovision></SEN>",
                                                                      with: "<SEN><StartDate>\(start)</StartDate><SENprovision>S</SENprovision></SEN>")
            return CTFReader.read(Data(CTFReaderTests.ctf25(pupils: pupil).utf8), today: today)
        }
        guard case .file(let file) = read("2017-09-01") else { return XCTFail("an S from before the withdrawal still imports") }
        XCTAssertEqual(file.pupils.first?.senProvision, .ehcPlan)
        guard case .problems(let found) = read("2019-09-01") else { return XCTFail("an S dated after the withdrawal is refused") }
        XCTAssertTrue(found.map(\.description).contains { $0.contains("SENhistory/SEN/SENprovision: SEN provision S (statement) was withdrawn on 1 April 2018") },
                      "\(found.map(\.description))")
    }

    func testTheCensusCSVRefusesS() {
        let header = "upn,legal_forename,legal_surname,preferred_name,date_of_birth,sex,urn,postcode,sen_provision,primary_need"
        let upn = UPN.make(laCode: "885", establishment: "2001", year2: 24, serial: 1).value
        let outcome = PupilCSVReader.read(Data([header, "\(upn),Amara,Okafor,,2015-03-27,F,116003,WR1 2AB,S,ASD"].joined(separator: "\r\n").utf8),
                                          today: CalendarDate(year: 2026, month: 12, day: 2))
        guard case .problems(let found) = outcome else { return XCTFail("a current census extract with S is refused") }
        XCTAssertTrue(found.map(\.description).contains { $0.contains("sen_provision: SEN provision S (statement) was withdrawn") }, "\(found.map(\.description))")
    }
}
