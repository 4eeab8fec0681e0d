import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 12: a council sets itself up without the demo — `authority create`, the set-up link, two-factor,
/// invitations — and two councils in one database stay apart.
final class GoLiveTests: XCTestCase {
    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "continuum-golive-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    // MARK: the binary

    func testAuthorityCreatePrintsOneLineOfJSONAndRefusesTakenOrMalformedCodes() throws {
        let dir = tempDir()
        let made = try runContinuum(["authority", "create", "--la-code", "887", "--name", "Medway Council", "--admin-email", "Admin@Medway.example.gov.uk",
                                     "--admin-name", "Ada Admin"], dataDir: dir, env: ["PUBLIC_URL": "https://continuum.medway.example"])
        XCTAssertEqual(made.status, 0, made.err)
        let lines = made.out.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, made.out)
        let json = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: String]
        XCTAssertEqual(json["la_code"], "887")
        XCTAssertNotNil(UUID(uuidString: json["authority_id"] ?? ""))
        XCTAssertTrue(json["setup_url"]!.hasPrefix("https://continuum.medway.example/account/setup/"), json["setup_url"]!)
        XCTAssertEqual(Array(json.keys).sorted(), ["authority_id", "la_code", "setup_url"])

        let again = try runContinuum(["authority", "create", "--la-code", "887", "--name", "Medway again", "--admin-email", "other@medway.example.gov.uk"], dataDir: dir)
        XCTAssertEqual(again.status, 2)
        XCTAssertEqual(again.err.split(separator: "\n").count, 1, again.err)
        XCTAssertTrue(again.err.contains("already exists"), again.err)
        for bad in ["88", "8851", "abc", "999", "100"] {
            let refused = try runContinuum(["authority", "create", "--la-code", bad, "--name", "X", "--admin-email", "x@example.org"], dataDir: dir)
            XCTAssertEqual(refused.status, 2, "LA code \(bad)")
            XCTAssertEqual(refused.err.split(separator: "\n").count, 1, refused.err)
            XCTAssertTrue(refused.out.isEmpty)
        }
        // The same administrator email cannot be used twice, even for another council.
        let dupe = try runContinuum(["authority", "create", "--la-code", "885", "--name", "Worcestershire", "--admin-email", "admin@medway.example.gov.uk"], dataDir: dir)
        XCTAssertEqual(dupe.status, 2, dupe.err)
        XCTAssertEqual(try runContinuum(["audit", "verify"], dataDir: dir).status, 0)
    }

    /// `serve` on an empty database creates no account and prints the set-up steps.
    func testServeOnAnEmptyDatabaseCreatesNoAccount() async throws {
        let dir = tempDir()
        let port = 18_000 + Int.random(in: 0..<2_000)
        let process = Process()
        process.executableURL = CLIProcessTests.binary
        process.arguments = ["serve"]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DATABASE_URL")
        env["CONTINUUM_DATA_DIR"] = dir; env["PORT"] = String(port); env["HOST"] = "127.0.0.1"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() }; process.waitUntilExit() }
        var printed = ""
        let deadline = Date().addingTimeInterval(120)
        while !printed.contains("To set up a council"), Date() < deadline, process.isRunning {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { try await Task.sleep(nanoseconds: 100_000_000) } else { printed += String(decoding: chunk, as: UTF8.self) }
        }
        XCTAssertTrue(printed.contains("continuum authority create"), printed)
        XCTAssertFalse(printed.contains("Demo sign-ins"), printed)
        process.terminate()
        process.waitUntilExit()

        let app = try await Application.make(.testing)
        var config = AppConfiguration.testing(env: [:])
        config.database = .sqliteFile(path: dir + "/continuum.sqlite")
        try await configure(app, config: config)
        let users = try await User.query(on: app.db).count()
        let authorities = try await Authority.query(on: app.db).count()
        try await app.asyncShutdown()
        XCTAssertEqual(users, 0, "serve must never create accounts")
        XCTAssertEqual(authorities, 0)
    }

    /// Demo accounts share a published password: `serve` refuses them on a reachable address.
    func testServeRefusesDemoAccountsOnAReachableAddress() async throws {
        let dir = tempDir()
        let app = try await Application.make(.testing)
        var config = AppConfiguration.testing(env: [:])
        config.database = .sqliteFile(path: dir + "/continuum.sqlite")
        try await configure(app, config: config)
        try await app.autoMigrate()
        try await DemoSeeder(size: .small, passwordHash: TestWorld.passwordHash).run(on: app.db)
        try await app.asyncShutdown()

        let refused = try runContinuum(["serve"], dataDir: dir, env: ["HOST": "0.0.0.0", "PORT": "18999", "PUBLIC_URL": "https://continuum.example.gov.uk"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.err.contains("CONTINUUM_ALLOW_DEMO"), refused.err)
        XCTAssertNil(DemoMode.refusal(host: "127.0.0.1", allowDemo: false, hasDemoAccounts: true))
        XCTAssertNil(DemoMode.refusal(host: "0.0.0.0", allowDemo: true, hasDemoAccounts: true))
        XCTAssertNil(DemoMode.refusal(host: "0.0.0.0", allowDemo: false, hasDemoAccounts: false))
        XCTAssertNotNil(DemoMode.refusal(host: "10.0.0.5", allowDemo: false, hasDemoAccounts: true))
        XCTAssertNotNil(DemoMode.refusal(host: "127.example.org", allowDemo: false, hasDemoAccounts: true), "a name is not a loopback address")
        XCTAssertNil(DemoMode.refusal(host: "127.0.0.2", allowDemo: false, hasDemoAccounts: true))
        // `serve --demo` on a reachable address refuses before it seeds anything.
        let fresh = tempDir()
        let demoRefused = try runContinuum(["serve", "--demo"], dataDir: fresh, env: ["HOST": "0.0.0.0", "PORT": "18998", "PUBLIC_URL": "https://continuum.example.gov.uk"])
        XCTAssertEqual(demoRefused.status, 1)
        let check = try await Application.make(.testing)
        var checkConfig = AppConfiguration.testing(env: [:])
        checkConfig.database = .sqliteFile(path: fresh + "/continuum.sqlite")
        try await configure(check, config: checkConfig)
        try await check.autoMigrate()
        let seeded = try await User.query(on: check.db).count()
        try await check.asyncShutdown()
        XCTAssertEqual(seeded, 0, "a refused --demo leaves no demo accounts")
        // Off loopback, links need the address people use.
        XCTAssertThrowsError(try AppConfiguration.fromEnvironment(["HOST": "0.0.0.0"]))
        XCTAssertEqual(try AppConfiguration.fromEnvironment(["HOST": "0.0.0.0", "PUBLIC_URL": "https://c.example.gov.uk/"]).publicURL, "https://c.example.gov.uk")
    }

    // MARK: in process

    /// While demo accounts exist every page says so, signed in or not; a real council's pages don't.
    func testDemoDataCarriesABannerOnEveryPage() async throws {
        let app = try await TestWorld.makeApp()
        let banner = "Demo data – not for real children"
        let plain = try await TestClient(app).get("/sign-in").body
        XCTAssertFalse(plain.contains(banner))
        app.showsDemoBanner = try await DemoSeeder.hasDemoAccounts(app.db)
        XCTAssertTrue(app.showsDemoBanner, "the seeder marks its accounts as demo")
        let marked = try await TestClient(app).get("/sign-in").body
        XCTAssertTrue(marked.contains(banner))
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let children = try await client.get("/children").body
        XCTAssertTrue(children.contains(banner))
        let real = try await User.query(on: app.db).filter(\.$email == TestWorld.neighbourCaseworker).first()!
        XCTAssertFalse(real.isDemo, "accounts made outside the seeder are not demo accounts")
        try await app.asyncShutdown()
    }

    /// Runs `authority create` in this app and returns the new authority and the link's token.
    func createAuthority(_ app: Application, laCode: String = "888", email: String = "first.admin@lancs.example.gov.uk") async throws -> (UUID, String) {
        let result = try await AuthorityCommand.run(["create", "--la-code", laCode, "--name", "Lancashire County Council", "--admin-email", email], app: app)
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: String]
        let token = String(json["setup_url"]!.split(separator: "/").last!)
        return (UUID(uuidString: json["authority_id"]!)!, token)
    }

    static func setupKey(in html: String) -> String? {
        guard let range = html.range(of: #"Enter this key: <code class="app-code">([A-Z2-7]+)</code>"#, options: .regularExpression) else { return nil }
        return String(html[range]).components(separatedBy: "\">").last?.components(separatedBy: "<").first
    }

    func testTheSetUpLinkGivesAPasswordThenTwoFactorAndWorksOnce() async throws {
        let app = try await TestWorld.makeApp()
        let (authorityID, token) = try await createAuthority(app)
        let client = TestClient(app)
        let page = try await client.get("/account/setup/\(token)")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("first.admin@lancs.example.gov.uk"))

        // Before set-up the account cannot sign in with anything.
        let early = TestClient(app)
        assertEqual(try await early.signIn("first.admin@lancs.example.gov.uk", password: PendingPassword.marker).status, .unprocessableEntity)

        let mismatch = try await client.post("/account/setup/\(token)", ["password": "river lantern copper", "confirm": "river lantern coppers"])
        XCTAssertEqual(mismatch.status, .unprocessableEntity)
        XCTAssertTrue(mismatch.body.contains("There is a problem"))
        XCTAssertTrue(mismatch.body.contains("The passwords do not match"))
        let weak = try await client.post("/account/setup/\(token)", ["password": "short", "confirm": "short"])
        XCTAssertEqual(weak.status, .unprocessableEntity)

        let done = try await client.post("/account/setup/\(token)", ["password": "river lantern copper", "confirm": "river lantern copper"])
        XCTAssertEqual(done.status, .seeOther)
        XCTAssertEqual(done.location, "/account/two-factor")
        // Staff can do nothing else until two-factor is on.
        assertEqual(try await client.get("/admin/users").location, "/account/two-factor")
        let setup = try await client.get("/account/two-factor")
        let secret = try XCTUnwrap(Self.setupKey(in: setup.body), "the page shows the setup key")
        let code = try XCTUnwrap(TwoFactor.currentCode(secret: secret))
        let on = try await client.post("/account/two-factor", ["code": code])
        XCTAssertEqual(on.status, .ok, on.body)
        XCTAssertTrue(on.body.contains("Two-factor authentication is on"))

        // Signed in as the new council's administrator: their own council only.
        let users = try await client.get("/admin/users")
        XCTAssertEqual(users.status, .ok)
        XCTAssertTrue(users.body.contains("first.admin@lancs.example.gov.uk"))
        XCTAssertFalse(users.body.contains("@demo.continuum.test"), "another council's users leak")
        let demoAdmin = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .administrator)).first()!.requireID()
        assertEqual(try await client.get("/admin/users/\(demoAdmin.uuidString)").status, .notFound)
        let children = try await client.get("/children")
        XCTAssertEqual(children.status, .ok)
        let demoChild = try await Child.query(on: app.db).filter(\.$authority.$id != authorityID).first()!
        XCTAssertFalse(children.body.contains(demoChild.legalSurname + ", " + demoChild.legalForename))
        assertEqual(try await client.get("/children/\(demoChild.id!.uuidString)").status, .notFound)

        // The link worked once.
        let reused = try await TestClient(app).get("/account/setup/\(token)")
        XCTAssertEqual(reused.status, .gone)
        XCTAssertTrue(reused.body.contains("already been used"))
        let reusedPost = TestClient(app)
        try await reusedPost.get("/sign-in")
        assertEqual(try await reusedPost.post("/account/setup/\(token)", ["password": "another long pass", "confirm": "another long pass"]).status, .gone)
        // And the password chosen signs in, asking for the code.
        let again = TestClient(app)
        let signIn = try await again.signIn("first.admin@lancs.example.gov.uk", password: "river lantern copper")
        XCTAssertEqual(signIn.location, "/sign-in/two-factor")
        let actions = try await AuditEvent.query(on: app.db).all(\.$action)
        for action in ["authority.created", "user.invited", "user.setup_completed", "two_factor.enabled"] { XCTAssertTrue(actions.contains(action), action) }
        try await app.asyncShutdown()
    }

    /// The page after a concern never says someone was told when no email was queued for them.
    func testTheConcernNoticeSaysWhoWasAndWasNotEmailed() {
        let none = SafeguardingController.notice(schoolLeads: 0, council: false, notifyConfigured: true)
        XCTAssertTrue(none.contains("Nobody has been emailed"), none)
        let schoolOnly = SafeguardingController.notice(schoolLeads: 1, council: false, notifyConfigured: true)
        XCTAssertTrue(schoolOnly.contains("An email has gone to the school's designated safeguarding lead."), schoolOnly)
        XCTAssertTrue(schoolOnly.contains("the council has not set a safeguarding mailbox"), schoolOnly)
        let queued = SafeguardingController.notice(schoolLeads: 2, council: true, notifyConfigured: false)
        XCTAssertTrue(queued.contains("are queued, not sent"), queued)
        XCTAssertFalse(queued.contains("has gone"), queued)
    }

    /// Two submissions of one link at once: exactly one sets the password and signs in.
    func testALinkSubmittedTwiceAtOnceWorksOnce() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        let (_, token) = try await createAuthority(app)
        let first = TestClient(app), second = TestClient(app)
        try await first.get("/account/setup/\(token)")
        try await second.get("/account/setup/\(token)")
        async let a = first.post("/account/setup/\(token)", ["password": "river lantern copper", "confirm": "river lantern copper"])
        async let b = second.post("/account/setup/\(token)", ["password": "other lantern copper", "confirm": "other lantern copper"])
        let statuses = [try await a.status, try await b.status]
        XCTAssertEqual(statuses.filter { $0 == .seeOther }.count, 1, "\(statuses)")
        XCTAssertEqual(statuses.filter { $0 == .gone }.count, 1, "\(statuses)")
        assertEqual(try await UserSession.query(on: app.db).count(), 1)
        try await app.asyncShutdown()
    }

    func testAnExpiredOrUnknownLinkSaysSo() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        let (_, token) = try await createAuthority(app)
        try await AccountSetupToken.query(on: app.db).set(\.$expiresAt, to: Date().addingTimeInterval(-1)).update()
        let expired = try await TestClient(app).get("/account/setup/\(token)")
        XCTAssertEqual(expired.status, .gone)
        XCTAssertTrue(expired.body.contains("has expired"))
        let unknown = try await TestClient(app).get("/account/setup/\(String(repeating: "x", count: 43))")
        XCTAssertEqual(unknown.status, .notFound)
        XCTAssertTrue(unknown.body.contains("not valid"))
        try await app.asyncShutdown()
    }

    func testInvitationsQueueALinkAndLinkAParentToTheirChild() async throws {
        let app = try await TestWorld.makeApp()
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        try await admin.get("/admin/users/new")
        let invited = try await admin.post("/admin/users", ["email": "new.caseworker@severnvale.example", "displayName": "Nia Caseworker", "role": "caseworker"])
        XCTAssertEqual(invited.status, .ok, invited.body)
        XCTAssertTrue(invited.body.contains("/account/setup/"))
        let message = try await OutboxMessage.query(on: app.db).filter(\.$to == "new.caseworker@severnvale.example").first()
        XCTAssertNotNil(message)
        XCTAssertTrue(message!.body.contains("/account/setup/"))

        try await admin.get("/admin/users/new")
        let taken = try await admin.post("/admin/users", ["email": "new.caseworker@severnvale.example", "displayName": "Again", "role": "caseworker"])
        XCTAssertEqual(taken.status, .unprocessableEntity)
        XCTAssertTrue(taken.body.contains("A user with this email address already exists"))

        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).first()!
        try await admin.get("/admin/users/new")
        let missing = try await admin.post("/admin/users", ["email": "carer@example.org", "displayName": "Cara Carer", "role": "parent_carer"])
        XCTAssertEqual(missing.status, .unprocessableEntity)
        XCTAssertTrue(missing.body.contains("Enter the UPN"))
        let neighbour = try await Child.query(on: app.db).filter(\.$authority.$id != authorityID).first()!
        try await admin.get("/admin/users/new")
        let otherCouncil = try await admin.post("/admin/users", ["email": "carer@example.org", "displayName": "Cara Carer", "role": "parent_carer",
                                                                 "childUPN": neighbour.upn!, "relationship": "Aunt", "parentalResponsibility": "no"])
        XCTAssertTrue(otherCouncil.body.contains("There is no child with UPN"), "a parent is linked only to this council's children")
        try await admin.get("/admin/users/new")
        let parent = try await admin.post("/admin/users", ["email": "carer@example.org", "displayName": "Cara Carer", "role": "parent_carer",
                                                           "childUPN": child.upn!, "relationship": "Grandmother", "parentalResponsibility": "yes"])
        XCTAssertEqual(parent.status, .ok, parent.body)
        let link = try await ChildRelationship.query(on: app.db).filter(\.$child.$id == child.id!).filter(\.$description == "Grandmother").first()
        XCTAssertEqual(link?.parentalResponsibility, true)
        // The invitation names no child.
        let carerMail = try await OutboxMessage.query(on: app.db).filter(\.$to == "carer@example.org").first()!
        XCTAssertFalse(carerMail.body.contains(child.legalSurname))
        XCTAssertFalse(carerMail.body.contains(child.upn!))
        let linked = try await AuditEvent.query(on: app.db).filter(\.$action == "child.parent_linked").filter(\.$childID == child.id!).count()
        XCTAssertEqual(linked, 1)

        // A new link replaces the unsent invitation (no dead link is mailed later); using it removes the link's text.
        let carer = try await User.query(on: app.db).filter(\.$email == "carer@example.org").first()!
        try await admin.get("/admin/users/\(carer.id!.uuidString)")
        let resent = try await admin.post("/admin/users/\(carer.id!.uuidString)/setup-link")
        XCTAssertEqual(resent.status, .ok)
        let queued = try await OutboxMessage.query(on: app.db).filter(\.$to == "carer@example.org").all()
        XCTAssertEqual(queued.count, 1)
        let token = String(queued[0].body.components(separatedBy: "/account/setup/")[1].prefix { !$0.isWhitespace })
        let family = TestClient(app)
        try await family.get("/account/setup/\(token)")
        let done = try await family.post("/account/setup/\(token)", ["password": "garden kettle lantern", "confirm": "garden kettle lantern"])
        XCTAssertEqual(done.status, .seeOther)
        XCTAssertEqual(done.location, "/", "parents and carers have no second factor to set up")
        let afterUse = try await OutboxMessage.query(on: app.db).filter(\.$to == "carer@example.org").first()!
        XCTAssertEqual(afterUse.body, UserInvitation.spentBody)
        try await app.asyncShutdown()
    }

    func testAUserSpreadsheetIsAllOrNothingWithLineNumbers() async throws {
        let app = try await TestWorld.makeApp()
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        let urn = try await Establishment.query(on: app.db).first()!.urn
        let bad = """
        email,name,role,school_urn,child_upn,relationship,parental_responsibility
        one@example.org,One Person,caseworker,,,,
        two@example.org,Two Person,school_user,,,,
        three@example.org,Three Person,wizard,,,,
        """
        try await admin.get("/admin/users/import")
        let refused = try await admin.postFile("/admin/users/import", fields: [:], fileField: "file", filename: "users.csv", bytes: Array(bad.utf8))
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("Line 3: a school user needs a school_urn"), refused.body)
        XCTAssertTrue(refused.body.contains("Line 4: role"), refused.body)
        assertEqual(try await User.query(on: app.db).filter(\.$email == "one@example.org").count(), 0, "nothing is half-saved")
        let good = """
        email,name,role,school_urn,child_upn,relationship,parental_responsibility
        one@example.org,One Person,caseworker,,,,
        two@example.org,Two Person,school_user,\(urn),,,
        """
        try await admin.get("/admin/users/import")
        let accepted = try await admin.postFile("/admin/users/import", fields: [:], fileField: "file", filename: "users.csv", bytes: Array(good.utf8))
        XCTAssertEqual(accepted.status, .ok, accepted.body)
        XCTAssertTrue(accepted.body.contains("2 invitations queued"))
        assertEqual(try await User.query(on: app.db).filter(\.$email ~~ ["one@example.org", "two@example.org"]).count(), 2)
        try await app.asyncShutdown()
    }

    /// Imports and reports act on whichever council `--la-code` names, including one made by `authority create`.
    func testEHCImportActsOnACouncilMadeByAuthorityCreate() async throws {
        let app = try await TestWorld.makeApp()
        let (authorityID, _) = try await createAuthority(app)
        let upn = UPN.make(laCode: "888", establishment: "2001", year2: 19, serial: 7)
        try await Child(authorityID: authorityID, legalForename: "Ivy", legalSurname: "Imported", dateOfBirth: CalendarDate(year: 2014, month: 3, day: 3),
                        upn: upn.value, sex: "F", homePostcode: nil, homeSchoolID: nil, senProvision: .ehcPlan, primaryNeed: .asd, secondaryNeed: nil).create(on: app.db)
        let file = NSTemporaryDirectory() + "ehc-\(UUID().uuidString).csv"
        try "upn,request_date,decision,decision_date,final_date,exception\n\(upn.value),2025-01-06,assess,2025-02-20,2025-05-19,\n".write(toFile: file, atomically: true, encoding: .utf8)
        let unnamed = try await EHCImportCommand.run([file], app: app)
        XCTAssertEqual(unnamed.status, 2, "two councils: the command does not guess")
        XCTAssertTrue(unnamed.stderr.contains("--la-code"))
        let imported = try await EHCImportCommand.run(["--la-code", "888", file], app: app)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let cases = try await EHCCase.query(on: app.db).filter(\.$authority.$id == authorityID).all()
        XCTAssertEqual(cases.count, 1)
        XCTAssertNotNil(cases.first?.$child.id)
        try await app.asyncShutdown()
    }
}

/// Councils reuse term names every year: the school calendar is built from every row, not one per name.
final class CalendarFromTermDatesTests: XCTestCase {
    func testTermsAndHalfTermsWithTheSameNamesInDifferentYearsAllCount() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        let council = Authority(name: "Reused Names Council", laCode: "888", namedOfficer: "n/a")
        try await council.create(on: app.db)
        let id = try council.requireID()
        func d(_ y: Int, _ m: Int, _ day: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: day) }
        for (start, end, halfStart, halfEnd) in [(d(2025, 9, 3), d(2025, 12, 19), d(2025, 10, 27), d(2025, 10, 31)),
                                                  (d(2026, 9, 2), d(2026, 12, 18), d(2026, 10, 26), d(2026, 10, 30))] {
            try await TermDate(authorityID: id, kind: .term, name: "Autumn term", startsOn: start, endsOn: end).create(on: app.db)
            try await TermDate(authorityID: id, kind: .halfTerm, name: "Half term", startsOn: halfStart, endsOn: halfEnd).create(on: app.db)
        }
        let calendar = try await CalendarCache().calendar(for: id, on: app.db)
        XCTAssertEqual(calendar.terms.count, 2, "both autumn terms are kept")
        XCTAssertTrue(calendar.isSchoolDay(d(2025, 11, 4)))
        XCTAssertTrue(calendar.isSchoolDay(d(2026, 11, 3)), "the second year's autumn term is not lost")
        XCTAssertFalse(calendar.isSchoolDay(d(2025, 10, 28)), "each half term is a break")
        XCTAssertFalse(calendar.isSchoolDay(d(2026, 10, 27)), "each half term is a break")
        try await app.asyncShutdown()
    }
}
