import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// `continuum export sen2 [--census-date YYYY-MM-DD] --out FILE.xml [--la-code CODE]`: the person-level
/// SEN2 return for requests from 1 January of the previous calendar year and plans in force on the
/// census date. Cases with no child record (unmatched UPNs) can't be reported by name and are counted.
/// The return is checked by `SEN2Validator` first: an invalid return is not written, each problem is
/// printed, and the command exits 2. `SOURCE_DATE_EPOCH` (seconds) fixes the header's DateTime, so two
/// runs over the same records write the same bytes.
enum SEN2ExportCommand {
    static let usage = "usage: continuum export sen2 [--census-date YYYY-MM-DD] --out FILE.xml [--la-code CODE]"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        if args.first == "subject-access" { return try await SubjectAccessCommand.run(args, app: app) }
        if args.first == "nccis" { return try await Post16Commands.runNCCIS(args.dropFirst(), app: app) }
        if args.first == "dsg-plan" { return try await DSGPlanExportCommand.run(args.dropFirst(), app: app) }
        guard args.first == "sen2" else { return .usage(usage + "\n" + SubjectAccessCommand.usage + "\n" + DSGPlanExportCommand.usage + "\n" + Post16Commands.nccisUsage) }
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["census-date", "out", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])\n" + usage) }
        // Without --census-date, the latest January census date (the third Thursday).
        let raw = options.values["census-date"] ?? SEN2CensusDate.latest(onOrBefore: CalendarDate.today()).description
        guard let census = CalendarDate(input: raw) else { return .usage("--census-date \"\(raw)\" is not a real date in the format YYYY-MM-DD\n" + usage) }
        guard let out = options.values["out"], !out.isEmpty else { return .usage("--out is required\n" + usage) }
        // Any authority in the database, by --la-code; the only one when there is one (issue 12).
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let built = try await build(authority: authority, census: census, on: app.db)
        // Issue 14: the export refuses to write an invalid file and names each problem.
        guard built.invalid.isEmpty else {
            return CLIResult(stdout: "", stderr: "\(out) not written: the SEN2 return has \(built.invalid.count) problem(s)\n"
                             + built.invalid.map(\.description).joined(separator: "\n"), status: 2)
        }
        let persons = built.extract.persons, leftOut = built.extract.leftOut
        do { try Data(built.xml.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            return .failure("cannot write \(out): \(error.localizedDescription)")
        }
        try await AuditLog.record(AuditEntry(action: "ehc.sen2_export", entityType: "report", detail: "census=\(census) persons=\(persons.count)"),
                                  by: AuditActor(userID: nil, name: "continuum export sen2", role: "system", socketAddress: "local"), on: app.db)
        return .ok("\(out): \(persons.count) person(s), \(persons.reduce(0) { $0 + $1.requests.count }) request(s)"
                   + (leftOut > 0 ? "; \(leftOut) case(s) with no child record left out" : ""))
    }

    /// The return as a value, its XML, and what `SEN2Validator` found wrong with it.
    static func build(authority: Authority, census: CalendarDate, on db: any Database) async throws
        -> (message: SEN2Return.Message, xml: String, extract: SEN2Extract, invalid: [SEN2ValidationProblem]) {
        let found = try await extract(authorityID: try authority.requireID(), census: census, on: db)
        let message = SEN2Return.Message(laCode: authority.laCode, censusDate: census, generatedAt: generatedAt(), persons: found.persons)
        return (message, SEN2Return.xml(message), found, SEN2Validator.problems(in: message))
    }

    /// The return's XML and what went into it: the one path for the CLI and the officers' download.
    /// Throws `SEN2InvalidReturn` (422, each problem named) rather than hand out an invalid file.
    static func document(authority: Authority, census: CalendarDate, on db: any Database) async throws -> (xml: String, extract: SEN2Extract) {
        let built = try await build(authority: authority, census: census, on: db)
        guard built.invalid.isEmpty else { throw SEN2InvalidReturn(problems: built.invalid) }
        return (built.xml, built.extract)
    }

    /// Now, or `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention).
    static func generatedAt() -> String {
        let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
        return ISO8601DateFormatter().string(from: epoch.map(Date.init(timeIntervalSince1970:)) ?? Date())
    }

    static func persons(authorityID: UUID, census: CalendarDate, on db: any Database) async throws -> ([SEN2Return.Person], Int) {
        let found = try await extract(authorityID: authorityID, census: census, on: db)
        return (found.persons, found.leftOut)
    }

    /// The day an amended plan was issued, per case, from the case history (the workflow records it there).
    static let amendedPlanIssued = "Final amended EHC plan issued"

    /// The persons to report and what stops the return being complete: cases left out (no child
    /// record), fields a person is sent without, and what `SEN2Validator` refuses.
    static func extract(authorityID: UUID, census: CalendarDate, on db: any Database) async throws -> SEN2Extract {
        let periodStart = CalendarDate(year: census.year - 1, month: 1, day: 1)
        let cases = try await EHCCase.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$requestedOn <= census)
            .group(.or) { $0.filter(\.$requestedOn >= periodStart).filter(\.$assessmentClosedOn == nil).filter(\.$assessmentClosedOn >= periodStart)
                .filter(\.$stageRaw ~~ [EHCStage.finalIssued, .underReview, .amendmentProposed, .ceased, .replaced].map(\.rawValue)) }
            .with(\.$child) { $0.with(\.$homeSchool) }
            .sort(\.$requestedOn).sort(\.$id).all()
        let byID = Dictionary(cases.compactMap { c in c.id.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
        // A plan replaced after re-assessment lives on in its replacement: the original request's plan record
        // ends only when the last plan in that chain ceases.
        let successor = Dictionary(cases.compactMap { c in c.previousCaseID.map { ($0, c) } }, uniquingKeysWith: { a, b in a.requestedOn >= b.requestedOn ? a : b })
        func lastInChain(_ item: EHCCase) -> EHCCase {
            var current = item
            for _ in 0..<50 { guard let next = successor[current.id!] else { break }; current = next }
            return current
        }
        /// The request a re-assessed plan comes from: SEN2 reports the plan in force inside that request.
        func rootOf(_ item: EHCCase) -> EHCCase {
            var current = item
            for _ in 0..<50 { guard current.kind == .reassessment, let previous = current.previousCaseID.flatMap({ byID[$0] }) else { break }; current = previous }
            return current
        }
        func onOrBeforeCensus(_ date: CalendarDate?) -> CalendarDate? { date.flatMap { $0 <= census ? $0 : nil } }
        func isInForce(_ item: EHCCase) -> Bool {
            // For a replaced plan `ceased_on` is the day it was replaced: no longer in force, but not a cessation.
            onOrBeforeCensus(item.finalIssuedOn) != nil && onOrBeforeCensus(item.ceasedOn) == nil
        }
        var inForceByRoot: [UUID: EHCCase] = [:]
        for item in cases where item.child != nil && isInForce(item) { inForceByRoot[rootOf(item).id!] = item }

        let inForce = Array(inForceByRoot.values)
        let placements = try await PlacementResolver.load(cases: cases, on: db)
        let amended = try await amendedOn(caseIDs: inForce.compactMap(\.id), census: census, on: db)

        var byChild: [UUID: (child: Child, requests: [SEN2Return.Request])] = [:]
        var order: [UUID] = []
        var leftOut = 0
        var problems: [SEN2Problem] = []
        for item in cases {
            guard let child = item.child, let childID = child.id else {
                leftOut += 1
                problems.append(SEN2Problem(who: "No child record", upn: item.upn, detail: "EHC request received \(item.requestedOn.longFormat) is not linked to a child record, so it is left out", leftOut: true))
                continue
            }
            let final = onOrBeforeCensus(item.finalIssuedOn)
            let last = lastInChain(item)
            let ceased = last.stage == .ceased ? onOrBeforeCensus(last.ceasedOn) : nil
            let requested = item.requestedOn >= periodStart
            let closedInPeriod = item.assessmentClosedOn.map { $0 >= periodStart } ?? true
            let ceasedInPeriod = ceased.map { $0 >= periodStart } ?? false
            let active = inForceByRoot[item.id!]
            // A re-assessment is not a new request; its plan, once issued, is reported in the request it re-assessed.
            let orphanedInForce = item.kind == .reassessment && isInForce(item) && rootOf(item).kind != .new
            guard (item.kind == .new && (requested || closedInPeriod || ceasedInPeriod || active != nil)) || orphanedInForce else { continue }
            if byChild[childID] == nil { order.append(childID); byChild[childID] = (child, []) }
            var request = request(item, final: final, ceased: ceased, ceaseReason: last.ceaseReason.flatMap(SEN2CeaseReason.init(rawValue:)),
                                  census: census, placement: placements.placement(for: item, child: child).placement)
            if let active = active ?? (orphanedInForce ? item : nil) {
                request.activePlan = activePlan(active, child: child, census: census, placements: placements, amendedOn: amended[active.id!] ?? [])
                // The plan in force names today's placement: the named plan's own section I is the request's first plan.
                let resolved = placements.placement(for: active, child: child)
                if resolved.placement == nil, let problem = resolved.problem { problems.append(SEN2Problem(who: child.fullName, upn: child.upn, detail: problem, leftOut: false)) }
            }
            byChild[childID]!.requests.append(request)
        }
        var persons = reportedPersons(order: order, byChild: byChild, census: census, problems: &problems)
        persons = SEN2Return.canonicalOrder(persons)
        // What the validator refuses is listed with the rest, so officers see it before they download.
        problems += validatorProblems(persons, census: census)
        return SEN2Extract(persons: persons, leftOut: leftOut, problems: problems)
    }

    /// Each child with a request to report, once, in the order first met, as a SEN2 person; what
    /// is missing or sent as "not obtained" is added to `problems`.
    private static func reportedPersons(order: [UUID], byChild: [UUID: (child: Child, requests: [SEN2Return.Request])], census: CalendarDate,
                                        problems: inout [SEN2Problem]) -> [SEN2Return.Person] {
        var persons: [SEN2Return.Person] = []
        for id in order {
            guard let entry = byChild[id] else { continue }
            let activePlan = entry.requests.lazy.compactMap(\.activePlan).first
            problems += SEN2Problem.check(entry.child, activePlan: activePlan, requests: entry.requests)
            let dob = entry.child.dateOfBirth
            let ethnicity = SEN2Return.Ethnicity(stored: entry.child.ethnicity)
            if ethnicity == nil, let stored = entry.child.ethnicity, !stored.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(SEN2Problem(who: entry.child.fullName, upn: entry.child.upn,
                                            detail: "Ethnicity \"\(stored)\" is not a DfE main ethnicity code: sent as NOBT (not yet obtained)", leftOut: false))
            }
            let upn = entry.child.upn.flatMap { UPN.validate($0).upn }
            let endedEarly = !entry.requests.isEmpty && entry.requests.allSatisfy { [.notAssess, .withdrawn].contains($0.outcome) }
            persons.append(SEN2Return.Person(
                surname: entry.child.legalSurname, forename: entry.child.legalForename, birthDate: dob, sex: entry.child.sex,
                ethnicity: ethnicity ?? .notObtained, postcode: entry.child.homePostcode, upn: upn,
                upnUnknown: upn != nil ? nil : SEN2Return.UPNUnknownReason.reason(recordedUPN: entry.child.upn, birthDate: dob, census: census,
                                                                                hasSchool: entry.child.$homeSchool.id != nil, endedBeforeAssessment: endedEarly),
                requests: entry.requests))
        }
        return persons
    }

    /// What `SEN2Validator` refuses in the return, named by person.
    private static func validatorProblems(_ persons: [SEN2Return.Person], census: CalendarDate) -> [SEN2Problem] {
        var problems: [SEN2Problem] = []
        let message = SEN2Return.Message(laCode: "000", censusDate: census, generatedAt: "", persons: persons)
        for invalid in SEN2Validator.problems(in: message) where invalid.person != nil {
            let person = persons[invalid.person! - 1]
            problems.append(SEN2Problem(who: "\(person.forename) \(person.surname)", upn: person.upn?.value,
                                        detail: "Stops the return being written: \(invalid.element): \(invalid.message)", leftOut: false))
        }
        return problems
    }

    /// The plan in force on the census date: its last review, the placement its section I names, the
    /// child's needs, and the phase transfer at the end of this school year.
    static func activePlan(_ item: EHCCase, child: Child, census: CalendarDate, placements: PlacementResolver, amendedOn: [CalendarDate]) -> SEN2Return.ActivePlan {
        func onOrBeforeCensus(_ date: CalendarDate?) -> CalendarDate? { date.flatMap { $0 <= census ? $0 : nil } }
        let lastReview = onOrBeforeCensus(item.lastReviewOn)
        let resolved = placements.placement(for: item, child: child)
        var plan = SEN2Return.ActivePlan(lastReview: lastReview, placement: resolved.placement,
                                         needs: [child.primaryNeed, child.secondaryNeed].compactMap { $0.flatMap(SENNeed.init(rawValue:)) })
        plan.reviewMeeting = onOrBeforeCensus(item.reviewMeetingOn)
        if let lastReview {
            // Rulebook AR-3/AR-4 (regs 20, 22): the review kept the plan or proposed amendments, which are the draft amended plan.
            let amending = (item.stage == .amendmentProposed) || amendedOn.contains { $0 >= lastReview }
            plan.reviewOutcome = amending ? .amend : .maintain
            plan.reviewDraft = amending ? lastReview : nil
        }
        // SEND Regulations 2014 reg 18 (rulebook AR-5): the phase transfer from the year the child is taught in, and the setting's phases.
        let school = resolved.establishment ?? child.homeSchool
        let setting = school.flatMap { PhaseTransfer.Setting(giasPhase: $0.phase, statutoryLowAge: $0.statutoryLowAge, statutoryHighAge: $0.statutoryHighAge) }
        if let transfer = PhaseTransfer.next(dateOfBirth: child.dateOfBirth, on: census, yearOffset: child.ncYearOffset, setting: setting) {
            plan.phaseTransferDue = transfer.lastCompliantDay()
            // The amended plan for the move is one issued in this school year.
            let september = CalendarDate(year: census.academicYearStart, month: 9, day: 1)
            plan.phaseTransferFinal = amendedOn.filter { $0 >= september }.max()
        }
        return plan
    }

    /// Amended plans issued on or before the census date, per case, from the case history.
    static func amendedOn(caseIDs: [UUID], census: CalendarDate, on db: any Database) async throws -> [UUID: [CalendarDate]] {
        var found: [UUID: [CalendarDate]] = [:]
        for chunk in sen2Chunks(caseIDs) {
            let events = try await EHCCaseEvent.query(on: db).filter(\.$ehcCase.$id ~~ chunk).filter(\.$summary == amendedPlanIssued)
                .filter(\.$happenedOn <= census).all()
            for event in events { found[event.$ehcCase.id, default: []].append(event.happenedOn) }
        }
        return found
    }

    /// The stage on the census date, read from the dates (a later step is not yet known on that day).
    static func request(_ item: EHCCase, final: CalendarDate?, ceased: CalendarDate?, ceaseReason: SEN2CeaseReason?, census: CalendarDate,
                        placement: SEN2Return.Placement?) -> SEN2Return.Request {
        let decided = item.decisionOn.flatMap { $0 <= census ? $0 : nil }
        let closed = item.assessmentClosedOn.flatMap { $0 <= census ? $0 : nil }
        let outcome: SEN2Return.RequestOutcome
        switch item.stage {
        case .withdrawn where decided == nil || closed == decided: outcome = closed == nil ? .pending : .withdrawn
        case .refusedToAssess: outcome = decided == nil ? .pending : .notAssess
        default: outcome = decided == nil ? .pending : .assess
        }
        // The stored SEN2 code, else who made the request, else "not known".
        let source = SEN2Return.RequestSource(stored: item.requestSource) ?? SEN2Return.RequestSource.from(requester: item.requester) ?? .notKnown
        var result = SEN2Return.Request(received: item.requestedOn, source: source, outcome: outcome, outcomeDate: decided,
                                        mediation: item.mediationOn != nil, tribunal: item.tribunalRegisteredOn != nil, week20Exception: item.exception != nil)
        guard outcome == .assess else { return result }
        if let final {
            result.assessmentOutcome = .issue
            result.assessmentOutcomeDate = final
            result.plan = SEN2Return.NamedPlan(startDate: final, ceaseDate: ceased, ceaseReason: ceased == nil ? nil : ceaseReason, placement: placement)
        } else if item.stage == .decisionNotToIssue, let closed {
            result.assessmentOutcome = .notIssue
            result.assessmentOutcomeDate = closed
        } else {
            result.assessmentOutcome = .pending
        }
        return result
    }
}

/// The SEN2 download refused: the return would not pass `SEN2Validator`. A 422 naming each problem, never a 500.
struct SEN2InvalidReturn: AbortError {
    let problems: [SEN2ValidationProblem]
    var status: HTTPResponseStatus { .unprocessableEntity }
    var reason: String {
        "The SEN2 return was not downloaded because it has \(problems.count) problem(s). Check the return on the SEN2 page and fix these first: "
            + problems.prefix(20).map(\.description).joined(separator: "; ") + (problems.count > 20 ? "; and \(problems.count - 20) more" : "")
    }
}

/// Section I's free text read as SEN2 wants it: an establishment's URN, or a SENSetting code.
/// The plan's own words decide, never the child's home school (issue 14), except where the plan
/// literally names "Home school" (the demo's and some caseworkers' shorthand for staying put).
struct PlacementResolver: Sendable {
    struct Resolved { var placement: SEN2Return.Placement?; var establishment: Establishment?; var problem: String? }
    let byURN: [Int: Establishment]
    let byName: [String: [Establishment]]

    static func load(cases: [EHCCase], on db: any Database) async throws -> PlacementResolver {
        let texts = Set(cases.compactMap { $0.placement?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let urns = Set(texts.compactMap(urnIn))
        let names = Array(texts.filter { urnIn($0) == nil && SEN2Return.SENSetting(planText: $0) == nil })
        var byURN: [Int: Establishment] = [:]
        var byName: [String: [Establishment]] = [:]
        for chunk in sen2Chunks(Array(urns)) {
            for school in try await Establishment.query(on: db).filter(\.$urn ~~ chunk).all() { byURN[school.urn] = school }
        }
        for chunk in sen2Chunks(names) {
            for school in try await Establishment.query(on: db).filter(\.$name ~~ chunk).all() { byName[school.name, default: []].append(school) }
        }
        return PlacementResolver(byURN: byURN, byName: byName)
    }

    /// A six-digit number standing alone in the text (a URN), if there is exactly one.
    static func urnIn(_ text: String) -> Int? {
        let runs = text.split(whereSeparator: { !($0.isASCII && $0.isNumber) }).filter { $0.count == 6 }
        return runs.count == 1 ? Int(String(runs[0])) : nil
    }

    func placement(for item: EHCCase, child: Child) -> Resolved {
        guard let text = item.placement?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return Resolved(placement: nil, establishment: nil, problem: "The plan names no placement (section I): sent without a URN or SEN setting")
        }
        if let setting = SEN2Return.SENSetting(planText: text) { return Resolved(placement: .init(setting: setting), establishment: nil, problem: nil) }
        if text.lowercased() == "home school" {
            guard let school = child.homeSchool else {
                return Resolved(placement: nil, establishment: nil, problem: "The plan names \"Home school\" but no school is recorded for the child")
            }
            return Resolved(placement: .init(urn: school.urn), establishment: school, problem: nil)
        }
        if let urn = Self.urnIn(text) {
            guard let school = byURN[urn] else {
                return Resolved(placement: nil, establishment: nil, problem: "The plan's placement URN \(urn) is not a known establishment")
            }
            return Resolved(placement: .init(urn: urn), establishment: school, problem: nil)
        }
        let matches = byName[text] ?? []
        // A name shared by several establishments (a common school name) needs its URN in the plan.
        let local = matches.filter { $0.laCode == child.homeSchool?.laCode }
        guard let school = matches.count == 1 ? matches.first : (local.count == 1 ? local.first : nil) else {
            return Resolved(placement: nil, establishment: nil, problem: matches.isEmpty
                            ? "The plan's placement \"\(text)\" matches no establishment: add its URN to section I"
                            : "The plan's placement \"\(text)\" matches \(matches.count) establishments: add its URN to section I")
        }
        return Resolved(placement: .init(urn: school.urn), establishment: school, problem: nil)
    }
}

/// Slices of at most 500, so an IN list stays within every database's parameter limit.
private func sen2Chunks<T>(_ items: [T]) -> [[T]] {
    stride(from: 0, to: items.count, by: 500).map { Array(items[$0..<min($0 + 500, items.count)]) }
}
