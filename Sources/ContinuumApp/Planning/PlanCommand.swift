import Foundation
import ContinuumDomain
import ContinuumPlanning

/// `continuum plan sites --pupils FILE.csv --candidates FILE.csv --p N [--objective median|coverage]
/// [--within MINUTES] [--keep ID,…] [--detour 1.3] [--speed-kmh 30] [--assignments FILE.csv] --format json`.
///
/// Needs no database: postcodes come from the bundled ONS centroids. Unknown pupil postcodes are
/// listed on standard error and left out; their count is `left_out` in the JSON.
enum PlanCommand {
    static let usage = "usage: continuum plan sites --pupils FILE.csv --candidates FILE.csv --p N [--objective median|coverage] [--within MINUTES] [--keep ID,…] [--detour 1.3] [--speed-kmh 30] [--assignments FILE.csv] --format json"

    static func run(_ args: [String]) -> CLIResult {
        guard args.first == "sites" else { return .usage(usage) }
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["pupils", "candidates", "p", "objective", "within", "keep", "detour", "speed-kmh", "format", "assignments"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])\n" + usage) }
        guard let pupilsPath = options.values["pupils"], let candidatesPath = options.values["candidates"] else { return .usage("--pupils and --candidates are required\n" + usage) }
        guard let rawP = options.values["p"], let p = Int(rawP) else { return .usage("--p must be a whole number of sites\n" + usage) }
        guard (options.values["format"] ?? "json") == "json" else { return .usage("--format must be json") }
        guard let objective = SiteObjective(rawValue: options.values["objective"] ?? "median") else { return .usage("--objective must be median or coverage") }
        var within: Double?
        if let raw = options.values["within"] {
            guard let value = Double(raw), value.isFinite, value > 0 else { return .usage("--within must be a positive number of minutes") }
            within = value
        }
        if objective == .coverage && within == nil { return .usage("--objective coverage needs --within MINUTES") }
        let detour = options.values["detour"].map(Double.init) ?? 1.3
        let speed = options.values["speed-kmh"].map(Double.init) ?? 30
        guard let detour, let speed else { return .usage("--detour and --speed-kmh must be numbers") }
        let model: StraightLineModel
        do { model = try StraightLineModel(detour: detour, speedKmh: speed) } catch { return .usage(error.description) }
        guard let pupilsCSV = try? String(contentsOfFile: pupilsPath, encoding: .utf8) else { return .usage("cannot read \(pupilsPath)") }
        guard let candidatesCSV = try? String(contentsOfFile: candidatesPath, encoding: .utf8) else { return .usage("cannot read \(candidatesPath)") }
        let keep = (options.values["keep"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let directory: PostcodeDirectory
        do { directory = try PostcodeDirectory.loadBundled() } catch { return .failure("the postcode directory could not be read: \(error)") }
        let lookup: (String) -> PlanningPoint? = { raw in
            guard let postcode = Postcode.normalise(raw), let point = directory.location(of: postcode) else { return nil }
            return PlanningPoint(easting: Double(point.easting), northing: Double(point.northing))
        }
        let request = SitePlanRequest(pupilsCSV: pupilsCSV, candidatesCSV: candidatesCSV, p: p, objective: objective, withinMinutes: within, keep: keep,
                                      travelModel: model, pupilsFileName: pupilsPath, candidatesFileName: candidatesPath)
        let result: SitePlanResult
        do { result = try planSites(request, postcodeLookup: lookup) } catch {
            // Issue 14 item 5: bad arguments (p beyond the candidates, an unknown --keep) are usage errors, status 2 as
            // documented for every command; a file that can't be read as the format stays a failure, status 1.
            switch error {
            case .invalidParameter, .unknownSite: return .usage(error.description)
            case .malformedInput: return .failure(error.description)
            }
        }
        var notes = result.unknownPupilPostcodes.map { "left out: pupil \($0.id) (line \($0.line)): postcode \($0.postcode) is not in the postcode directory" }
        notes += result.unknownCandidatePostcodes.map { "left out: candidate \($0.id) (line \($0.line)): postcode \($0.postcode) is not in the postcode directory" }
        var assignmentsFile: String?
        if let path = options.values["assignments"] {
            do { try result.assignmentsCSV().write(toFile: path, atomically: true, encoding: .utf8); assignmentsFile = path } catch { return .failure("cannot write \(path)") }
        }
        notes.append("model: \(result.travelModelDescription)")
        return CLIResult(stdout: result.json(assignmentsFile: assignmentsFile), stderr: notes.joined(separator: "\n"), status: 0)
    }
}
