import Foundation

/// The person-level SEN2 return as XML, in the nesting documented in ../shared/data/sen2
/// (Message → Header → Persons → Person → Requests → Assessment → NamedPlan, ActivePlans).
///
/// Values come only from typed fields: dates are `CalendarDate`, cease reasons `SEN2CeaseReason`,
/// needs `SENNeed` mapped to the SEN2 SENtype list, so the writer cannot emit a code outside the lists.
/// ⚠ No DfE XSD is public (see the structure note). RequestOutcome and AssessmentOutcome codes
/// below are our reading of the 2025 guide and are configuration-free constants to confirm
/// against the DfE technical specification before a live submission.
public enum SEN2Return {
    public enum RequestOutcome: String, Sendable {
        // SEN2 2025 guide (⚠ unverified code letters): A assessment agreed, N not agreed, W withdrawn, H decision pending.
        case assess = "A", notAssess = "N", withdrawn = "W", pending = "H"
    }
    public enum AssessmentOutcome: String, Sendable {
        // SEN2 2025 guide (⚠ unverified code letters): Y plan to be issued, N not to be issued, H decision pending.
        case issue = "Y", notIssue = "N", pending = "H"
    }

    public struct NamedPlan: Sendable, Equatable {
        public var startDate: CalendarDate
        public var ceaseDate: CalendarDate?
        public var ceaseReason: SEN2CeaseReason?
        public var urn: Int?
        public init(startDate: CalendarDate, ceaseDate: CalendarDate? = nil, ceaseReason: SEN2CeaseReason? = nil, urn: Int? = nil) {
            self.startDate = startDate; self.ceaseDate = ceaseDate; self.ceaseReason = ceaseReason; self.urn = urn
        }
    }

    public struct Request: Sendable, Equatable {
        public var received: CalendarDate
        public var outcome: RequestOutcome
        public var outcomeDate: CalendarDate?
        public var mediation: Bool
        public var tribunal: Bool
        public var assessmentOutcome: AssessmentOutcome?
        public var assessmentOutcomeDate: CalendarDate?
        /// "20-week time limit exceptions apply".
        public var week20Exception: Bool
        public var plan: NamedPlan?
        public init(received: CalendarDate, outcome: RequestOutcome, outcomeDate: CalendarDate?, mediation: Bool = false, tribunal: Bool = false,
                    assessmentOutcome: AssessmentOutcome? = nil, assessmentOutcomeDate: CalendarDate? = nil, week20Exception: Bool = false, plan: NamedPlan? = nil) {
            self.received = received; self.outcome = outcome; self.outcomeDate = outcomeDate; self.mediation = mediation; self.tribunal = tribunal
            self.assessmentOutcome = assessmentOutcome; self.assessmentOutcomeDate = assessmentOutcomeDate; self.week20Exception = week20Exception; self.plan = plan
        }
    }

    public struct ActivePlan: Sendable, Equatable {
        public var lastReview: CalendarDate?
        public var urn: Int?
        public var needs: [SENNeed]
        public init(lastReview: CalendarDate?, urn: Int?, needs: [SENNeed]) { self.lastReview = lastReview; self.urn = urn; self.needs = needs }
    }

    public struct Person: Sendable, Equatable {
        public var surname: String
        public var forename: String
        public var birthDate: CalendarDate
        public var sex: String
        public var postcode: String?
        public var upn: UPN?
        public var requests: [Request]
        public var activePlan: ActivePlan?
        public init(surname: String, forename: String, birthDate: CalendarDate, sex: String, postcode: String?, upn: UPN?,
                    requests: [Request], activePlan: ActivePlan?) {
            self.surname = surname; self.forename = forename; self.birthDate = birthDate; self.sex = sex; self.postcode = postcode
            self.upn = upn; self.requests = requests; self.activePlan = activePlan
        }
    }

    /// SEN2's SENtype list has no "no specialist assessment" code (NSA is a school census value).
    public static func senType(_ need: SENNeed) -> String? { need == .nsa ? nil : need.rawValue }

    public static func xml(laCode: String, censusDate: CalendarDate, generatedAt: String, persons: [Person]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n"
        out += "  <Header>\n    <CollectionDetails><Collection>SEN2</Collection><Year>\(censusDate.year)</Year><ReferenceDate>\(censusDate)</ReferenceDate></CollectionDetails>\n"
        out += "    <Source><SourceLevel>L</SourceLevel><LEA>\(escape(laCode))</LEA><SoftwareCode>Continuum</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>\(escape(generatedAt))</DateTime></Source>\n  </Header>\n  <Persons>\n"
        for person in persons {
            out += "    <Person>\n"
            out += "      " + tag("Surname", person.surname) + tag("Forename", person.forename) + tag("PersonBirthDate", person.birthDate.description)
                + tag("Sex", person.sex) + (person.postcode.map { tag("PostCode", $0) } ?? "")
                + (person.upn.map { tag("UPN", $0.value) } ?? tag("UPNunknown", "UN1")) + "\n"
            for request in person.requests {
                out += "      <Requests>\n        " + tag("ReceivedDate", request.received.description) + tag("RequestOutcome", request.outcome.rawValue)
                    + (request.outcomeDate.map { tag("RequestOutcomeDate", $0.description) } ?? "")
                    + tag("RequestMediation", yn(request.mediation)) + tag("RequestTribunal", yn(request.tribunal)) + "\n"
                if let outcome = request.assessmentOutcome {
                    out += "        <Assessment>\n          " + tag("AssessmentOutcome", outcome.rawValue)
                        + (request.assessmentOutcomeDate.map { tag("AssessmentOutcomeDate", $0.description) } ?? "")
                        + tag("Week20", yn(request.week20Exception)) + "\n"
                    if let plan = request.plan {
                        out += "          <NamedPlan>" + tag("StartDate", plan.startDate.description)
                            + (plan.ceaseDate.map { tag("CeaseDate", $0.description) } ?? "")
                            + (plan.ceaseReason.map { tag("CeaseReason", String($0.rawValue)) } ?? "")
                            + (plan.urn.map { "<PlanDetail>" + tag("URN", String($0)) + tag("PlacementRank", "1") + "</PlanDetail>" } ?? "")
                            + "</NamedPlan>\n"
                    }
                    out += "        </Assessment>\n"
                }
                out += "      </Requests>\n"
            }
            if let active = person.activePlan {
                out += "      <ActivePlans>" + (active.lastReview.map { tag("LastReview", $0.description) } ?? "")
                    + (active.urn.map { "<PlacementDetail>" + tag("URN", String($0)) + tag("PlacementRank", "1") + "</PlacementDetail>" } ?? "")
                out += active.needs.compactMap(senType).enumerated().map { "<SENneed>" + tag("SENtype", $1) + tag("SENtypeRank", String($0 + 1)) + "</SENneed>" }.joined()
                out += "</ActivePlans>\n"
            }
            out += "    </Person>\n"
        }
        out += "  </Persons>\n</Message>\n"
        return out
    }

    private static func yn(_ value: Bool) -> String { value ? "Y" : "N" }
    private static func tag(_ name: String, _ value: String) -> String { "<\(name)>\(escape(value))</\(name)>" }

    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}
