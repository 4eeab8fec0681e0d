import Foundation

/// One reason a SEN2 return may not be written: which person (by position in the written file and
/// name) and which element, in words an officer can act on.
public struct SEN2ValidationProblem: Sendable, Equatable, CustomStringConvertible {
    /// 1-based position of the person in the written file; nil for the header.
    public let person: Int?
    public let who: String
    public let element: String
    public let message: String

    public var description: String {
        (person.map { "Person \($0) (\(who))" } ?? "Header") + ": \(element): \(message)"
    }
}

/// Checks a SEN2 return before it is written, for what the types alone cannot promise: dates in a
/// possible order and not after the census date, an outcome date exactly when there is an outcome,
/// a plan only where the assessment issued one, one plan in force a person, SEN need ranks 1, 2, …
/// with no NSA, a UPN or its unknown reason, codes from the lists.
// Issue 14 (SEN2 conformance against ../shared/data/sen2): the export validates its own output and refuses to write an invalid file.
public enum SEN2Validator {
    public static func problems(in message: SEN2Return.Message) -> [SEN2ValidationProblem] {
        var found: [SEN2ValidationProblem] = []
        let census = message.censusDate
        func header(_ element: String, _ text: String) { found.append(SEN2ValidationProblem(person: nil, who: "", element: element, message: text)) }
        // The LEA is the three-digit DfE local authority number.
        if !(message.laCode.count == 3 && message.laCode.allSatisfy { $0.isASCII && $0.isNumber }) {
            header("LEA", "\"\(message.laCode)\" is not a three-digit local authority number")
        }
        for (index, person) in SEN2Return.canonicalOrder(message.persons).enumerated() {
            found += problems(in: person, position: index + 1, census: census)
        }
        return found
    }

    public static func problems(in person: SEN2Return.Person, position: Int, census: CalendarDate) -> [SEN2ValidationProblem] {
        var found: [SEN2ValidationProblem] = []
        let who = "\(person.forename) \(person.surname)".trimmingCharacters(in: .whitespaces)
        func add(_ element: String, _ text: String) {
            found.append(SEN2ValidationProblem(person: position, who: who.isEmpty ? "no name" : who, element: element, message: text))
        }
        func notAfterCensus(_ date: CalendarDate?, _ element: String) {
            if let date, date > census { add(element, "\(date) is after the census date \(census)") }
        }
        if person.surname.trimmingCharacters(in: .whitespaces).isEmpty { add("Surname", "is empty") }
        if person.forename.trimmingCharacters(in: .whitespaces).isEmpty { add("Forename", "is empty") }
        notAfterCensus(person.birthDate, "PersonBirthDate")
        if !["M", "F", "U"].contains(person.sex) { add("Sex", "\"\(person.sex)\" is not M, F or U") }
        if person.upn == nil && person.upnUnknown == nil { add("UPNunknown", "a person sent without a UPN needs the reason it is unknown") }
        if person.upn != nil && person.upnUnknown != nil { add("UPNunknown", "is sent only when there is no UPN") }
        if let postcode = person.postcode, Postcode.normalise(postcode) == nil { add("PostCode", "\"\(postcode)\" is not a postcode") }
        if person.requests.isEmpty { add("Requests", "a person is in the return only for a request or a plan") }
        let active = person.requests.filter { $0.activePlan != nil }.count
        if active > 1 { add("ActivePlans", "\(active) plans in force on the census date: a person has at most one") }

        for request in person.requests {
            let received = request.received
            notAfterCensus(received, "ReceivedDate")
            if received < person.birthDate { add("ReceivedDate", "\(received) is before the date of birth \(person.birthDate)") }
            switch (request.outcome, request.outcomeDate) {
            case (.pending, .some): add("RequestOutcomeDate", "is sent only once the request is decided (RequestOutcome is H)")
            case (.pending, .none): break
            case (_, .none): add("RequestOutcomeDate", "is missing for RequestOutcome \(request.outcome.rawValue)")
            case (_, .some(let date)):
                notAfterCensus(date, "RequestOutcomeDate")
                if date < received { add("RequestOutcomeDate", "\(date) is before the request was received (\(received))") }
            }
            if request.assessmentOutcome != nil && request.outcome != .assess {
                add("Assessment", "is sent only when the request was agreed (RequestOutcome A), not \(request.outcome.rawValue)")
            }
            if let outcome = request.assessmentOutcome {
                switch (outcome, request.assessmentOutcomeDate) {
                case (.pending, .some): add("AssessmentOutcomeDate", "is sent only once the assessment is decided (AssessmentOutcome H)")
                case (.pending, .none): break
                case (_, .none): add("AssessmentOutcomeDate", "is missing for AssessmentOutcome \(outcome.rawValue)")
                case (_, .some(let date)):
                    notAfterCensus(date, "AssessmentOutcomeDate")
                    if let decided = request.outcomeDate, date < decided { add("AssessmentOutcomeDate", "\(date) is before the request was decided (\(decided))") }
                }
            }
            if let plan = request.plan {
                if request.assessmentOutcome != .issue { add("NamedPlan", "is sent only when the assessment issued a plan (AssessmentOutcome Y)") }
                notAfterCensus(plan.startDate, "StartDate")
                if plan.startDate < received { add("StartDate", "\(plan.startDate) is before the request was received (\(received))") }
                switch (plan.ceaseDate, plan.ceaseReason) {
                case (.some(let ceased), .some):
                    notAfterCensus(ceased, "CeaseDate")
                    if ceased < plan.startDate { add("CeaseDate", "\(ceased) is before the plan started (\(plan.startDate))") }
                case (.some, .none): add("CeaseReason", "is missing for a plan that ceased")
                case (.none, .some): add("CeaseReason", "is sent only with a CeaseDate")
                case (.none, .none): break
                }
                if let placement = plan.placement { placementProblems(placement, "PlanDetail").forEach { add($0.0, $0.1) } }
            }
            if let activePlan = request.activePlan {
                guard let plan = request.plan else { add("ActivePlans", "a plan in force needs the NamedPlan it comes from"); continue }
                if let ceased = plan.ceaseDate, ceased <= census { add("ActivePlans", "the plan ceased on \(ceased), so it is not in force on the census date") }
                for (element, date) in [("ReviewMeeting", activePlan.reviewMeeting), ("ReviewDraft", activePlan.reviewDraft),
                                         ("PhaseTransferFinalDate", activePlan.phaseTransferFinal), ("LastReview", activePlan.lastReview)] {
                    guard let date else { continue }
                    notAfterCensus(date, element)
                    if date < plan.startDate { add(element, "\(date) is before the plan started (\(plan.startDate))") }
                }
                if activePlan.reviewOutcome != nil && activePlan.lastReview == nil { add("ReviewOutcome", "is sent only with the review's decision date (LastReview)") }
                if activePlan.reviewDraft != nil && activePlan.reviewOutcome != .amend { add("ReviewDraft", "is sent only when the review decided to amend the plan") }
                if let placement = activePlan.placement { placementProblems(placement, "PlacementDetail").forEach { add($0.0, $0.1) } }
                // Rulebook SEN-2: rank 1 (primary) is required for a plan; ranks are 1, 2, … with each type once; NSA is never a SEN2 type.
                if activePlan.needs.contains(where: { !$0.isValidInSEN2 }) {
                    add("SENtype", "\(activePlan.needs.filter { !$0.isValidInSEN2 }.map(\.rawValue).joined(separator: ", ")) is not on the SEN2 SENtype list")
                }
                let types = activePlan.needs.filter(\.isValidInSEN2)
                if types.isEmpty { add("SENneed", "a plan in force needs its primary type of need (SENtypeRank 1)") }
                if Set(types).count != types.count { add("SENneed", "the same type of need is ranked twice") }
            }
        }
        return found
    }

    private static func placementProblems(_ placement: SEN2Return.Placement, _ element: String) -> [(String, String)] {
        var found: [(String, String)] = []
        if placement.urn == nil && placement.setting == nil { found.append((element, "needs a URN or a SENSetting")) }
        if placement.urn != nil && placement.setting != nil { found.append((element, "has both a URN and a SENSetting: send one")) }
        // GIAS URNs are six digits (100000–999999).
        if let urn = placement.urn, !(100_000...999_999).contains(urn) { found.append(("URN", "\(urn) is not a six-digit URN")) }
        if placement.rank < 1 { found.append(("PlacementRank", "\(placement.rank) must be 1 or more")) }
        return found
    }
}
