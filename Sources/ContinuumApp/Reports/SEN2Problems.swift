import Foundation
import ContinuumDomain

/// What `SEN2ExportCommand.extract` found: the persons to report, and what keeps the return from being complete.
struct SEN2Extract: Sendable {
    var persons: [SEN2Return.Person]
    /// EHC cases with no child record: they can't be reported by name.
    var leftOut: Int
    var problems: [SEN2Problem]
}

/// One thing to fix before the SEN2 return goes to the DfE: a case left out, or a field a person is sent without.
struct SEN2Problem: Sendable, Equatable {
    let who: String
    let upn: String?
    let detail: String
    /// True when the person or case is not in the XML at all.
    let leftOut: Bool

    /// The gaps in one child's SEN2 record (SEN2 guide: person-level fields, plan placement and SEN need are expected).
    static func check(_ child: Child, activePlan: SEN2Return.ActivePlan?, requests: [SEN2Return.Request]) -> [SEN2Problem] {
        let who = child.fullName
        var found: [SEN2Problem] = []
        func add(_ detail: String, leftOut: Bool = false) { found.append(SEN2Problem(who: who, upn: child.upn, detail: detail, leftOut: leftOut)) }
        if child.upn.flatMap({ UPN.validate($0).upn }) == nil { add("No valid UPN: sent as \"UPN unknown\"") }
        if (child.homePostcode ?? "").trimmingCharacters(in: .whitespaces).isEmpty { add("No home postcode") }
        if !["M", "F", "U"].contains(child.sex) { add("Sex \"\(child.sex)\" is not M, F or U") }
        // Issue 14: the placement is the one the plan names (section I), not the home school; a plan in
        // force with none is listed by SEN2ExportCommand with the reason, a plan no longer in force here.
        if activePlan == nil && requests.contains(where: { $0.plan != nil && $0.plan?.placement == nil }) {
            add("The plan names no placement matching a URN or SEN2 setting: it is sent without one")
        }
        if let activePlan, activePlan.needs.compactMap(SEN2Return.senType).isEmpty { add("Plan in force with no SEN type (primary need) recorded") }
        return found
    }
}
