import Foundation
import Vapor
import GOVUK
import ContinuumDomain
import ContinuumPlanning

/// The planning page's choices, read from the query string and checked, so a bad value is an
/// error on the page rather than a silent default: which children, how many hubs, which
/// objective, and sites the officer types in ("Name, postcode" per line).
struct PlanningQuery {
    enum Cohort: String, CaseIterable {
        case current, year, period
        var label: String {
            switch self {
            case .current: "Receiving provision today"
            case .year: "All referrals in the last 12 months"
            case .period: "All referrals received between two dates"
            }
        }
    }
    struct TypedSite { let line: Int; let name: String; let location: GridPoint }

    static let maxHubs = 8
    static let maxTypedSites = 20

    var cohort: Cohort = .current
    var from: CalendarDate?
    var to: CalendarDate?
    var hubs = 3
    var objective: SiteObjective = .median
    var within = 30
    /// Keep today's bases open and add the hubs to them (the bases are fixed sites in the optimisation).
    var keepBases = false
    var typedSites: [TypedSite] = []
    /// What was entered, shown back in the form.
    var raw: [String: String] = [:]
    var errors: [FormError] = []

    /// The referral dates the "period" and "year" cohorts cover; nil for today's service users.
    func window(today: CalendarDate) -> ClosedRange<CalendarDate>? {
        switch cohort {
        case .current: nil
        case .year: today.adding(days: -365)...today
        case .period: from.flatMap { f in to.map { f...$0 } }
        }
    }

    static func parse(_ values: [String: String], directory: PostcodeDirectory, today: CalendarDate) -> PlanningQuery {
        var q = PlanningQuery()
        q.raw = values
        func text(_ key: String) -> String { (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        if let cohort = Cohort(rawValue: text("children")) { q.cohort = cohort }
        if let objective = SiteObjective(rawValue: text("objective")) { q.objective = objective }
        q.keepBases = text("keep") == "bases"
        if !text("hubs").isEmpty {
            if let n = Int(text("hubs")), (1...maxHubs).contains(n) { q.hubs = n }
            else { q.errors.append(FormError(field: "hubs", message: "Enter a number of new hubs from 1 to \(maxHubs)")) }
        }
        if !text("within").isEmpty {
            if let n = Int(text("within")), (5...120).contains(n) { q.within = n }
            else { q.errors.append(FormError(field: "within", message: "Enter a number of minutes from 5 to 120")) }
        }
        if q.cohort == .period {
            // The one form check every date shares (issue 14 item 3).
            var checks = FormChecks(today: today)
            q.from = checks.date(values["from"], field: "from", label: "the period starts", today: today)
            q.to = checks.date(values["to"], field: "to", label: "the period ends", today: today)
            q.errors += checks.errors
            if let f = q.from, let t = q.to, f > t { q.errors.append(FormError(field: "to", message: "The end date must be on or after the start date")) }
        }
        let lines = text("sites").split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var problems: [String] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let number = index + 1
            guard let comma = line.lastIndex(of: ",") else { problems.append("line \(number): write the site as \"Name, postcode\""); continue }
            let name = line[..<comma].trimmingCharacters(in: .whitespaces)
            let code = line[line.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.count <= 100 else { problems.append("line \(number): give the site a name of up to 100 characters"); continue }
            guard let postcode = Postcode.normalise(code) else { problems.append("line \(number): \"\(code)\" is not a postcode"); continue }
            guard let location = directory.location(of: postcode) else { problems.append("line \(number): \(postcode) is not a postcode we can locate"); continue }
            q.typedSites.append(TypedSite(line: number, name: name, location: location))
        }
        if q.typedSites.count > maxTypedSites { problems.append("type in at most \(maxTypedSites) sites") }
        if !problems.isEmpty {
            q.errors.append(FormError(field: "sites", message: "Check the sites you typed in: " + problems.prefix(5).joined(separator: "; ")
                                      + (problems.count > 5 ? "; and \(problems.count - 5) more" : "")))
        }
        return q
    }
}
