import Foundation

/// The person-level SEN2 return as XML, in the nesting and element order documented in
/// ../shared/data/sen2/sen2-person-level-structure.md:
/// Message → Header → Persons → Person → Requests → (Assessment → NamedPlan → PlanDetail) and, beside
/// Assessment inside the same Requests, ActivePlans → PlacementDetail, SENneed.
///
/// Values come only from typed fields: dates are `CalendarDate`, cease reasons `SEN2CeaseReason`,
/// needs `SENNeed` mapped to the SEN2 SENtype list, so the writer cannot emit a code outside the lists.
/// `SEN2Validator` checks what the types cannot (dates in order, ranks, one active plan a person).
/// ⚠ No DfE XSD is public (see the structure note). Code lists the note does not quote (RequestOutcome,
/// AssessmentOutcome, RequestSource, UPNunknown, ReviewOutcome) are our reading of the DfE guides and
/// each sits in one enum below, to confirm against the DfE technical specification before a live submission.
public enum SEN2Return {
    public enum RequestOutcome: String, Sendable {
        // SEN2 2025 guide (⚠ unverified code letters): A assessment agreed, N not agreed, W withdrawn, H decision pending.
        case assess = "A", notAssess = "N", withdrawn = "W", pending = "H"
    }
    public enum AssessmentOutcome: String, Sendable {
        // SEN2 2025 guide (⚠ unverified code letters): Y plan to be issued, N not to be issued, H decision pending.
        case issue = "Y", notIssue = "N", pending = "H"
    }

    /// Who asked for the EHC needs assessment (`RequestSource`, SEN2 v1.3 onwards).
    // SEN2 2025 guide module 2 "Source of request for an EHC needs assessment" (⚠ code letters unverified: the structure note quotes no list).
    public enum RequestSource: String, CaseIterable, Codable, Sendable {
        case parent = "PA", youngPerson = "YP", school = "SC", health = "HE", socialCare = "SO", localAuthority = "LA", other = "OT"
        /// Sent when the source was never recorded.
        case notKnown = "NK"

        /// The source the app already knows from who made the request; nil when it doesn't (an imported case).
        public static func from(requester: EHCRequester) -> RequestSource? {
            switch requester {
            case .parent: .parent
            case .youngPerson: .youngPerson
            case .school: .school
            // The request form's "another professional" is health or social care; SEN2 has a code for neither alone.
            case .professional: .other
            case .council: .localAuthority
            case .imported: nil
            }
        }

        /// A stored value read back: the code, or nil when blank or not on the list.
        public init?(stored: String?) {
            guard let raw = stored?.trimmingCharacters(in: .whitespaces).uppercased(), !raw.isEmpty else { return nil }
            self.init(rawValue: raw)
        }
    }

    /// The DfE main ethnicity codes (common basic data set), as every DfE return uses them.
    // DfE common basic data set, ethnicity main codes; NOBT "information not yet obtained" when none is recorded (SEN2 module 1 Ethnicity).
    public enum Ethnicity: String, CaseIterable, Codable, Sendable {
        case wbri = "WBRI", wiri = "WIRI", wirt = "WIRT", woth = "WOTH", wrom = "WROM"
        case mwbc = "MWBC", mwba = "MWBA", mwas = "MWAS", moth = "MOTH"
        case aind = "AIND", apkn = "APKN", aban = "ABAN", aoth = "AOTH"
        case bcrb = "BCRB", bafr = "BAFR", both = "BOTH"
        case chne = "CHNE", ooth = "OOTH"
        /// The family declined to say.
        case refused = "REFU"
        /// Not yet obtained: what is sent when nothing is recorded.
        case notObtained = "NOBT"

        public init?(stored: String?) {
            guard let raw = stored?.trimmingCharacters(in: .whitespaces).uppercased(), !raw.isEmpty else { return nil }
            self.init(rawValue: raw)
        }
    }

    /// Why a person is sent without a UPN (`UPNunknown`).
    // DfE common basic data set UPN-unknown reasons as SEN2 uses them (⚠ UN10's wording to confirm against the SEN2 technical specification).
    public enum UPNUnknownReason: String, CaseIterable, Codable, Sendable {
        /// Under 6 and not yet in school.
        case un1 = "UN1"
        /// Never attended a state-funded school in England.
        case un2 = "UN2"
        /// Educated outside England or at home.
        case un3 = "UN3"
        /// The sources holding UPNs disagree about the child (for example, a UPN that fails its check letter).
        case un5 = "UN5"
        /// The request ended with no further action before the UPN was known.
        case un10 = "UN10"

        /// The reason the data shows: a recorded UPN that is not valid is a discrepancy; a request that
        /// ended before assessment is UN10; with no school, under 6 on the census date is UN1, older UN2;
        /// a child at a school whose UPN we do not hold is a discrepancy between the school's records and ours.
        public static func reason(recordedUPN: String?, birthDate: CalendarDate, census: CalendarDate,
                                  hasSchool: Bool, endedBeforeAssessment: Bool) -> UPNUnknownReason {
            let recorded = !(recordedUPN ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            if recorded { return .un5 }
            if endedBeforeAssessment { return .un10 }
            if !hasSchool { return birthDate.adding(years: 6) > census ? .un1 : .un2 }
            return .un5
        }
    }

    /// The annual review decision (`ReviewOutcome`).
    // SEN2 2025 guide module 5a "Annual review decision" (⚠ code letters unverified): M keep the plan as it is, A amend it, C cease it.
    public enum ReviewOutcome: String, CaseIterable, Codable, Sendable {
        case maintain = "M", amend = "A", cease = "C"
    }

    /// Where a plan places the child when no URN names it (`SENSetting`).
    // DfE SEN2 2025 guide items 4.7c and 5.7c (../shared/data/sen2/sen2-code-lists.csv, list SENsetting).
    public enum SENSetting: String, CaseIterable, Codable, Sendable {
        case otherLAArrangements = "OLA", otherParentArrangements = "OPA", electiveHomeEducation = "EHE", earlyYearsProvider = "EYP"
        case other = "OTH", neet = "NEET", notInEducationCeasing = "NIEC", notInEducationOther = "NIEO"

        public var label: String {
            switch self {
            case .otherLAArrangements: "Other LA Arrangements (inc. EOTAS)"
            case .otherParentArrangements: "Other Parent/Person Arrangements (exc. EHE)"
            case .electiveHomeEducation: "Elective Home Education"
            case .earlyYearsProvider: "Early Years Provider"
            case .other: "Other"
            case .neet: "Not in education, employment or training – Aged 16-25"
            case .notInEducationCeasing: "Not in education or training – Ceasing"
            case .notInEducationOther: "Not in education or training – Other"
            }
        }

        /// A plan's section I text that is exactly a code or a label from the list (any case).
        public init?(planText: String) {
            let text = planText.trimmingCharacters(in: .whitespaces).lowercased()
            guard let found = Self.allCases.first(where: { $0.rawValue.lowercased() == text || $0.label.lowercased() == text }) else { return nil }
            self = found
        }
    }

    /// The setting named in the plan: a URN, or a setting code when no establishment is named.
    public struct Placement: Sendable, Equatable {
        public var urn: Int?
        public var setting: SENSetting?
        public var rank: Int
        public init(urn: Int? = nil, setting: SENSetting? = nil, rank: Int = 1) { self.urn = urn; self.setting = setting; self.rank = rank }
    }

    public struct NamedPlan: Sendable, Equatable {
        public var startDate: CalendarDate
        public var ceaseDate: CalendarDate?
        public var ceaseReason: SEN2CeaseReason?
        public var placement: Placement?
        public var urn: Int? { placement?.urn }
        public init(startDate: CalendarDate, ceaseDate: CalendarDate? = nil, ceaseReason: SEN2CeaseReason? = nil, placement: Placement? = nil) {
            self.startDate = startDate; self.ceaseDate = ceaseDate; self.ceaseReason = ceaseReason; self.placement = placement
        }
        public init(startDate: CalendarDate, ceaseDate: CalendarDate? = nil, ceaseReason: SEN2CeaseReason? = nil, urn: Int?) {
            self.init(startDate: startDate, ceaseDate: ceaseDate, ceaseReason: ceaseReason, placement: urn.map { Placement(urn: $0) })
        }
    }

    /// The plan in force on the census date, inside the request that led to it.
    public struct ActivePlan: Sendable, Equatable {
        public var reviewMeeting: CalendarDate?
        public var reviewOutcome: ReviewOutcome?
        /// The day the proposed amendments (the draft amended plan) were sent after the review.
        public var reviewDraft: CalendarDate?
        /// Regulation 18's day for a phase transfer at the end of this school year.
        public var phaseTransferDue: CalendarDate?
        /// The day the amended plan naming the next setting was issued.
        public var phaseTransferFinal: CalendarDate?
        public var lastReview: CalendarDate?
        public var placement: Placement?
        public var needs: [SENNeed]
        public var urn: Int? { placement?.urn }
        public init(reviewMeeting: CalendarDate? = nil, reviewOutcome: ReviewOutcome? = nil, reviewDraft: CalendarDate? = nil,
                    phaseTransferDue: CalendarDate? = nil, phaseTransferFinal: CalendarDate? = nil,
                    lastReview: CalendarDate?, placement: Placement?, needs: [SENNeed]) {
            self.reviewMeeting = reviewMeeting; self.reviewOutcome = reviewOutcome; self.reviewDraft = reviewDraft
            self.phaseTransferDue = phaseTransferDue; self.phaseTransferFinal = phaseTransferFinal
            self.lastReview = lastReview; self.placement = placement; self.needs = needs
        }
        public init(lastReview: CalendarDate?, urn: Int?, needs: [SENNeed]) {
            self.init(lastReview: lastReview, placement: urn.map { Placement(urn: $0) }, needs: needs)
        }
    }

    public struct Request: Sendable, Equatable {
        public var received: CalendarDate
        public var source: RequestSource
        public var outcome: RequestOutcome
        public var outcomeDate: CalendarDate?
        public var mediation: Bool
        public var tribunal: Bool
        public var assessmentOutcome: AssessmentOutcome?
        public var assessmentOutcomeDate: CalendarDate?
        /// "20-week time limit exceptions apply".
        public var week20Exception: Bool
        public var plan: NamedPlan?
        /// The plan from this request in force on the census date (structure note: ActivePlans sits in Requests).
        public var activePlan: ActivePlan?
        public init(received: CalendarDate, source: RequestSource = .notKnown, outcome: RequestOutcome, outcomeDate: CalendarDate?, mediation: Bool = false, tribunal: Bool = false,
                    assessmentOutcome: AssessmentOutcome? = nil, assessmentOutcomeDate: CalendarDate? = nil, week20Exception: Bool = false,
                    plan: NamedPlan? = nil, activePlan: ActivePlan? = nil) {
            self.received = received; self.source = source; self.outcome = outcome; self.outcomeDate = outcomeDate; self.mediation = mediation; self.tribunal = tribunal
            self.assessmentOutcome = assessmentOutcome; self.assessmentOutcomeDate = assessmentOutcomeDate; self.week20Exception = week20Exception
            self.plan = plan; self.activePlan = activePlan
        }
    }

    public struct Person: Sendable, Equatable {
        public var surname: String
        public var forename: String
        public var birthDate: CalendarDate
        public var sex: String
        public var ethnicity: Ethnicity
        public var postcode: String?
        public var upn: UPN?
        /// Sent instead of a UPN; nil when the UPN is sent.
        public var upnUnknown: UPNUnknownReason?
        public var requests: [Request]
        public init(surname: String, forename: String, birthDate: CalendarDate, sex: String, ethnicity: Ethnicity = .notObtained, postcode: String?,
                    upn: UPN?, upnUnknown: UPNUnknownReason? = nil, requests: [Request]) {
            self.surname = surname; self.forename = forename; self.birthDate = birthDate; self.sex = sex; self.ethnicity = ethnicity
            self.postcode = postcode; self.upn = upn; self.upnUnknown = upn == nil ? (upnUnknown ?? .un5) : nil; self.requests = requests
        }

        /// The person's plan in force, from whichever request holds it.
        public var activePlan: ActivePlan? { requests.lazy.compactMap(\.activePlan).first }
    }

    /// One whole return: the header's facts and the persons.
    public struct Message: Sendable, Equatable {
        public var laCode: String
        public var censusDate: CalendarDate
        /// The header's DateTime, ISO 8601.
        public var generatedAt: String
        public var persons: [Person]
        public init(laCode: String, censusDate: CalendarDate, generatedAt: String, persons: [Person]) {
            self.laCode = laCode; self.censusDate = censusDate; self.generatedAt = generatedAt; self.persons = persons
        }
    }

    /// SEN2's SENtype list has no "no specialist assessment" code (NSA is a school census value).
    public static func senType(_ need: SENNeed) -> String? { need.isValidInSEN2 ? need.rawValue : nil }

    /// Persons in a fixed order that depends only on what is written, never on database order or ids:
    /// surname, forename, birth date, UPN, then the person's whole XML as the final tie-breaker, so two
    /// databases holding the same records write the same bytes. Requests are ordered the same way inside each person.
    // Issue 14 (SEN2 conformance): byte-identical on SQLite and PostgreSQL.
    public static func canonicalOrder(_ persons: [Person]) -> [Person] {
        persons.map { person -> (Person, String) in
            var sorted = person
            sorted.requests = person.requests.map { ($0, requestXML($0, indent: "")) }
                .sorted { ($0.0.received, $0.1) < ($1.0.received, $1.1) }.map(\.0)
            return (sorted, personXML(sorted, indent: ""))
        }
        .sorted { a, b in
            let ka = [a.0.surname, a.0.forename, a.0.birthDate.description, a.0.upn?.value ?? "", a.1]
            let kb = [b.0.surname, b.0.forename, b.0.birthDate.description, b.0.upn?.value ?? "", b.1]
            return ka.lexicographicallyPrecedes(kb)
        }
        .map(\.0)
    }

    public static func xml(laCode: String, censusDate: CalendarDate, generatedAt: String, persons: [Person]) -> String {
        xml(Message(laCode: laCode, censusDate: censusDate, generatedAt: generatedAt, persons: persons))
    }

    public static func xml(_ message: Message) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n"
        out += "  <Header>\n    <CollectionDetails>" + tag("Collection", "SEN2") + tag("Year", String(message.censusDate.year))
            + tag("ReferenceDate", message.censusDate.description) + "</CollectionDetails>\n"
        out += "    <Source>" + tag("SourceLevel", "L") + tag("LEA", message.laCode) + tag("SoftwareCode", "Continuum") + tag("Release", "1")
            + tag("SerialNo", "1") + tag("DateTime", message.generatedAt) + "</Source>\n  </Header>\n  <Persons>\n"
        for person in canonicalOrder(message.persons) { out += personXML(person, indent: "    ") }
        out += "  </Persons>\n</Message>\n"
        return out
    }

    // Element order throughout: sen2-person-level-structure.md, "XML nesting".
    static func personXML(_ person: Person, indent: String) -> String {
        var out = indent + "<Person>\n" + indent + "  " + tag("Surname", person.surname) + tag("Forename", person.forename)
            + tag("PersonBirthDate", person.birthDate.description) + tag("Sex", person.sex) + tag("Ethnicity", person.ethnicity.rawValue)
            + (person.postcode.map { tag("PostCode", $0) } ?? "")
            + (person.upn.map { tag("UPN", $0.value) } ?? "")
            + (person.upn == nil ? tag("UPNunknown", (person.upnUnknown ?? .un5).rawValue) : "") + "\n"
        for request in person.requests { out += requestXML(request, indent: indent + "  ") }
        return out + indent + "</Person>\n"
    }

    static func requestXML(_ request: Request, indent: String) -> String {
        var out = indent + "<Requests>\n" + indent + "  " + tag("ReceivedDate", request.received.description) + tag("RequestSource", request.source.rawValue)
            + (request.outcomeDate.map { tag("RequestOutcomeDate", $0.description) } ?? "") + tag("RequestOutcome", request.outcome.rawValue)
            + tag("RequestMediation", yn(request.mediation)) + tag("RequestTribunal", yn(request.tribunal)) + "\n"
        if let outcome = request.assessmentOutcome {
            out += indent + "  <Assessment>\n" + indent + "    " + tag("AssessmentOutcome", outcome.rawValue)
                + (request.assessmentOutcomeDate.map { tag("AssessmentOutcomeDate", $0.description) } ?? "")
                + tag("Week20", yn(request.week20Exception)) + "\n"
            if let plan = request.plan {
                out += indent + "    <NamedPlan>" + tag("StartDate", plan.startDate.description)
                    + (plan.ceaseDate.map { tag("CeaseDate", $0.description) } ?? "")
                    + (plan.ceaseReason.map { tag("CeaseReason", String($0.rawValue)) } ?? "")
                    + (plan.placement.map { "<PlanDetail>" + placementFields($0) + "</PlanDetail>" } ?? "")
                    + "</NamedPlan>\n"
            }
            out += indent + "  </Assessment>\n"
        }
        if let active = request.activePlan {
            out += indent + "  <ActivePlans>"
                + (active.reviewMeeting.map { tag("ReviewMeeting", $0.description) } ?? "")
                + (active.reviewOutcome.map { tag("ReviewOutcome", $0.rawValue) } ?? "")
                + (active.reviewDraft.map { tag("ReviewDraft", $0.description) } ?? "")
                + (active.phaseTransferDue.map { tag("PhaseTransferDueDate", $0.description) } ?? "")
                + (active.phaseTransferFinal.map { tag("PhaseTransferFinalDate", $0.description) } ?? "")
                + (active.lastReview.map { tag("LastReview", $0.description) } ?? "")
                + (active.placement.map { "<PlacementDetail>" + placementFields($0) + "</PlacementDetail>" } ?? "")
                + active.needs.compactMap(senType).enumerated().map { "<SENneed>" + tag("SENtype", $1) + tag("SENtypeRank", String($0 + 1)) + "</SENneed>" }.joined()
                + "</ActivePlans>\n"
        }
        return out + indent + "</Requests>\n"
    }

    /// URN, then SENSetting, then PlacementRank: the order PlanDetail and PlacementDetail share.
    private static func placementFields(_ placement: Placement) -> String {
        (placement.urn.map { tag("URN", String($0)) } ?? "") + (placement.setting.map { tag("SENSetting", $0.rawValue) } ?? "")
            + tag("PlacementRank", String(placement.rank))
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
