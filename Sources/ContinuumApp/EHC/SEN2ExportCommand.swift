import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// `continuum export sen2 [--census-date YYYY-MM-DD] --out FILE.xml [--la-code CODE]`: the person-level
/// SEN2 return for requests from 1 January of the previous calendar year and plans in force on the
/// census date. Cases with no child record (unmatched UPNs) can't be reported by name and are counted.
enum SEN2ExportCommand {
    static let usage = "usage: continuum export sen2 [--census-date YYYY-MM-DD] --out FILE.xml [--la-code CODE]"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        if args.first == "subject-access" { return try await SubjectAccessCommand.run(args, app: app) }
        guard args.first == "sen2" else { return .usage(usage + "\n" + SubjectAccessCommand.usage) }
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
        let (xml, found) = try await document(authority: authority, census: census, on: app.db)
        let persons = found.persons, leftOut = found.leftOut
        do { try Data(xml.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            return .failure("cannot write \(out): \(error.localizedDescription)")
        }
        try await AuditLog.record(AuditEntry(action: "ehc.sen2_export", entityType: "report", detail: "census=\(census) persons=\(persons.count)"),
                                  by: AuditActor(userID: nil, name: "continuum export sen2", role: "system", socketAddress: "local"), on: app.db)
        return .ok("\(out): \(persons.count) person(s), \(persons.reduce(0) { $0 + $1.requests.count }) request(s)"
                   + (leftOut > 0 ? "; \(leftOut) case(s) with no child record left out" : ""))
    }

    /// The return's XML and what went into it: the one path for the CLI and the officers' download.
    static func document(authority: Authority, census: CalendarDate, on db: any Database) async throws -> (xml: String, extract: SEN2Extract) {
        let found = try await extract(authorityID: try authority.requireID(), census: census, on: db)
        let xml = SEN2Return.xml(laCode: authority.laCode, censusDate: census, generatedAt: ISO8601DateFormatter().string(from: Date()), persons: found.persons)
        return (xml, found)
    }

    static func persons(authorityID: UUID, census: CalendarDate, on db: any Database) async throws -> ([SEN2Return.Person], Int) {
        let found = try await extract(authorityID: authorityID, census: census, on: db)
        return (found.persons, found.leftOut)
    }

    /// The persons to report and what stops the return being complete: cases left out (no child record,
    /// no date of birth) and fields a person is sent without. The officers' SEN2 page lists the problems.
    static func extract(authorityID: UUID, census: CalendarDate, on db: any Database) async throws -> SEN2Extract {
        let periodStart = CalendarDate(year: census.year - 1, month: 1, day: 1).description
        let cases = try await EHCCase.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$requestedOn <= census.description)
            .group(.or) { $0.filter(\.$requestedOn >= periodStart).filter(\.$assessmentClosedOn == nil).filter(\.$assessmentClosedOn >= periodStart)
                .filter(\.$stageRaw ~~ [EHCStage.finalIssued, .underReview, .amendmentProposed, .ceased, .replaced].map(\.rawValue)) }
            .with(\.$child) { $0.with(\.$homeSchool) }
            // The id breaks ties so SQLite and PostgreSQL list persons in the same order.
            .sort(\.$requestedOn).sort(\.$id).all()
        // A plan replaced after re-assessment lives on in its replacement: the original request's plan record
        // ends only when the last plan in that chain ceases.
        let successor = Dictionary(cases.compactMap { c in c.previousCaseID.map { ($0, c) } }, uniquingKeysWith: { a, b in a.requestedOn >= b.requestedOn ? a : b })
        func lastInChain(_ item: EHCCase) -> EHCCase {
            var current = item
            for _ in 0..<50 { guard let next = successor[current.id!] else { break }; current = next }
            return current
        }
        var byChild: [UUID: (child: Child, requests: [SEN2Return.Request], active: SEN2Return.ActivePlan?)] = [:]
        var order: [UUID] = []
        var leftOut = 0
        var problems: [SEN2Problem] = []
        for item in cases {
            guard let child = item.child, let childID = child.id else {
                leftOut += 1
                problems.append(SEN2Problem(who: "No child record", upn: item.upn, detail: "EHC request received \(item.requestDate.longFormat) is not linked to a child record, so it is left out", leftOut: true))
                continue
            }
            let final = item.finalIssuedOn.flatMap(CalendarDate.init(iso:)).flatMap { $0 <= census ? $0 : nil }
            // For a replaced plan `ceased_on` is the day it was replaced: no longer in force, but not a cessation.
            let ended = item.ceasedOn.flatMap(CalendarDate.init(iso:)).flatMap { $0 <= census ? $0 : nil }
            let inForce = final != nil && ended == nil
            let last = lastInChain(item)
            let ceased = last.stage == .ceased ? last.ceasedOn.flatMap(CalendarDate.init(iso:)).flatMap { $0 <= census ? $0 : nil } : nil
            let requested = item.requestDate >= CalendarDate(iso: periodStart)!
            let closedInPeriod = item.assessmentClosedOn.flatMap(CalendarDate.init(iso:)).map { $0.description >= periodStart } ?? true
            let ceasedInPeriod = ceased.map { $0.description >= periodStart } ?? false
            guard requested || closedInPeriod || inForce || ceasedInPeriod else { continue }
            if byChild[childID] == nil { order.append(childID); byChild[childID] = (child, [], nil) }
            // A re-assessment is not a new request; its plan, once issued, is the one in force.
            if item.kind == .new && (requested || closedInPeriod || ceasedInPeriod) {
                byChild[childID]!.requests.append(request(item, final: final, ceased: ceased, ceaseReason: last.ceaseReason.flatMap(SEN2CeaseReason.init(rawValue:)),
                                                          census: census, urn: child.homeSchool?.urn))
            }
            if inForce {
                byChild[childID]!.active = SEN2Return.ActivePlan(lastReview: item.lastReviewOn.flatMap(CalendarDate.init(iso:)).flatMap { $0 <= census ? $0 : nil },
                                                                 urn: child.homeSchool?.urn,
                                                                 needs: [child.primaryNeed, child.secondaryNeed].compactMap { $0.flatMap(SENNeed.init(rawValue:)) })
            }
        }
        let persons = order.compactMap { id -> SEN2Return.Person? in
            guard let entry = byChild[id] else { return nil }
            problems += SEN2Problem.check(entry.child, activePlan: entry.active, requests: entry.requests)
            guard let dob = entry.child.birthDate else { return nil }
            return SEN2Return.Person(surname: entry.child.legalSurname, forename: entry.child.legalForename, birthDate: dob, sex: entry.child.sex,
                                     postcode: entry.child.homePostcode, upn: entry.child.upn.flatMap { UPN.validate($0).upn },
                                     requests: entry.requests, activePlan: entry.active)
        }
        return SEN2Extract(persons: persons, leftOut: leftOut, problems: problems)
    }

    /// The stage on the census date, read from the dates (a later step is not yet known on that day).
    static func request(_ item: EHCCase, final: CalendarDate?, ceased: CalendarDate?, ceaseReason: SEN2CeaseReason?, census: CalendarDate, urn: Int?) -> SEN2Return.Request {
        let decided = item.decisionOn.flatMap(CalendarDate.init(iso:)).flatMap { $0 <= census ? $0 : nil }
        let closed = item.assessmentClosedOn.flatMap(CalendarDate.init(iso:)).flatMap { $0 <= census ? $0 : nil }
        let outcome: SEN2Return.RequestOutcome
        switch item.stage {
        case .withdrawn where decided == nil || closed == decided: outcome = closed == nil ? .pending : .withdrawn
        case .refusedToAssess: outcome = decided == nil ? .pending : .notAssess
        default: outcome = decided == nil ? .pending : .assess
        }
        var result = SEN2Return.Request(received: item.requestDate, outcome: outcome, outcomeDate: decided,
                                        mediation: item.mediationOn != nil, tribunal: item.tribunalRegisteredOn != nil, week20Exception: item.exception != nil)
        guard outcome == .assess else { return result }
        if let final {
            result.assessmentOutcome = .issue
            result.assessmentOutcomeDate = final
            result.plan = SEN2Return.NamedPlan(startDate: final, ceaseDate: ceased, ceaseReason: ceased == nil ? nil : ceaseReason, urn: urn)
        } else if item.stage == .decisionNotToIssue, let closed {
            result.assessmentOutcome = .notIssue
            result.assessmentOutcomeDate = closed
        } else {
            result.assessmentOutcome = .pending
        }
        return result
    }
}
