import Foundation
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 14: every path is spelled in `SiteURL` and nowhere else. This reads the app's and the
/// layout's source files and fails on any string literal that names one of the site's routes
/// (its first segment is a registered route's), on a bare `"/"`, and on a route registered with
/// string components. File-system paths and GOV.UK Notify's API path name no route and pass.
final class NoStringPathsTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")
    static let allowed: Set<String> = ["ContinuumApp/Routing/SiteURL.swift"]

    func testNoPathIsSpelledOutsideTheRouteEnum() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        let firsts = Set(app.routes.all.compactMap { route -> String? in
            guard case let .constant(first)? = route.path.first else { return nil }
            return first
        })
        try await app.asyncShutdown()
        XCTAssertTrue(firsts.isSuperset(of: ["children", "ehc", "referrals", "admin", "sign-in"]), "\(firsts)")

        // A string literal opening with "/": its first segment, up to the next "/", "?", "#", quote or interpolation.
        let literal = try NSRegularExpression(pattern: #""/([A-Za-z0-9._-]*)(?=[/?#"\\])"#)
        let registration = try NSRegularExpression(pattern: #"\b(secure|publicRoute|twoFactorStep|on|get|post)\(\.?[A-Z]*,? ?""#)
        var found: [String] = []
        for folder in ["ContinuumApp", "GOVUK"] {
            let root = Self.sources.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            XCTAssertFalse(files.isEmpty, root.path)
            for file in files {
                let relative = folder + "/" + file.path.dropFirst(root.path.count + 1)
                if Self.allowed.contains(relative) { continue }
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = String(line)
                    if code.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
                    let range = NSRange(code.startIndex..., in: code)
                    for match in literal.matches(in: code, range: range) {
                        let first = String(code[Range(match.range(at: 1), in: code)!])
                        if first.isEmpty, Self.isSeparator(code, at: Range(match.range, in: code)!) { continue }
                        if first.isEmpty || firsts.contains(first) { found.append("\(relative):\(number + 1): \(code.trimmingCharacters(in: .whitespaces))") }
                    }
                    if registration.firstMatch(in: code, range: range) != nil, code.contains("routes.") || code.contains("app.") {
                        found.append("\(relative):\(number + 1): route registered with string components")
                    }
                }
            }
        }
        XCTAssertTrue(found.isEmpty, "paths spelled outside SiteURL (\(found.count)):\n" + found.prefix(60).joined(separator: "\n"))
    }

    /// A bare "/" used as a character or a file-system separator (`dir + "/" + name`, `split(separator: "/")`), not a link.
    static func isSeparator(_ code: String, at range: Range<String.Index>) -> Bool {
        let before = code[..<range.lowerBound], after = code[range.upperBound...]
        if before.hasSuffix("+ ") || after.hasPrefix("\" +") { return true }
        return ["separator: ", "of: ", "with: ", "Suffix(", "Prefix(", "contains("].contains { before.hasSuffix($0) }
    }

    func testPathsAndPatterns() {
        let id = UUID(uuidString: "7A0C1F3E-2D4B-4C5A-9E8F-0123456789AB")!
        XCTAssertEqual(SiteURL.home.path, "/")
        XCTAssertEqual(SiteURL.ehcAction(.value(EHCCaseID(id)), .notIssue).path, "/ehc/7A0C1F3E-2D4B-4C5A-9E8F-0123456789AB/not-issue")
        XCTAssertEqual(SiteURL.ehcAction(.key, .notIssue).pathComponents.map(\.description), ["ehc", ":caseID", "not-issue"])
        XCTAssertEqual(SiteURL.childPart(.value(ChildID(id)), .referralsNew).path, "/children/\(id.uuidString)/referrals/new")
        XCTAssertEqual(SiteURL.medicalEducationPart(.evidenceHoursCSV).path, "/medical-education/evidence/hours.csv")
        XCTAssertEqual(SiteURL.ehc.path(["caseworker": "a b&c"]), "/ehc?caseworker=a%20b%26c")
        XCTAssertEqual(SiteURL.referral(.value(ReferralID(id))).path(fragment: "provision"), "/referrals/\(id.uuidString)#provision")
        // A token is one segment: a slash in it can't reach another route.
        XCTAssertEqual(SiteURL.accountSetup(token: .value("a/../b")).path, "/account/setup/a%2F..%2Fb")
        XCTAssertEqual(SiteURL.establishment(urn: .value("123456")).path, "/establishments/123456")
    }
}
