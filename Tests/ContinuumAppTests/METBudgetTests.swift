import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 15 item 7: the Section 19 service budget page (MET-FIN-1 to MET-FIN-3): funding lines with their bases,
/// the charging scheme and its charges from the provision recorded, the cost measures, and bad input saving nothing.
final class METBudgetTests: XCTestCase {
    /// A child at a demo school with one provision episode (2 to 30 September 2024, 29 days) and one
    /// delivered 60-minute session in 2024-25: a year the small demo holds no other provision in.
    func makeProvision(_ app: Application) async throws -> (Child, Establishment) {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let school = try await Establishment.query(on: app.db).sort(\.$name).first()!
        let child = Child(authorityID: authorityID, legalForename: "Budgetta", legalSurname: "Chargeable", dateOfBirth: CalendarDate(year: 2011, month: 3, day: 1),
                          upn: UPN.make(laCode: DemoSeeder.laCode, establishment: "2998", year2: 16, serial: 7).value, sex: "F", homePostcode: "WR1 1AA",
                          homeSchoolID: school.id, senProvision: .none, primaryNeed: nil, secondaryNeed: nil)
        try await child.create(on: app.db)
        let referral = DemoReferrals.referral(authorityID: authorityID, child: child, status: .accepted, reason: .anxietyMentalHealth,
                                              received: CalendarDate(iso: "2024-08-20")!, decided: CalendarDate(iso: "2024-08-28")!)
        try await referral.create(on: app.db)
        let episode = ProvisionEpisode()
        episode.$referral.id = referral.id!; episode.type = ProvisionType.home.rawValue; episode.hoursPerWeek = 10
        episode.startsOn = CalendarDate(iso: "2024-09-02")!; episode.endsOn = CalendarDate(iso: "2024-09-30")!
        try await episode.create(on: app.db)
        let teacher = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .metTeacher)).first()!
        let slot = TimetableSlot()
        slot.$referral.id = referral.id!; slot.subject = TeachingSubject.maths.rawValue; slot.$teacher.id = teacher.id!
        slot.place = "Home"; slot.weekday = 2; slot.startsAt = "09:30"; slot.minutes = 60; slot.active = true
        try await slot.create(on: app.db)
        let session = TaughtSession()
        session.$slot.id = slot.id!; session.onDate = CalendarDate(iso: "2024-09-03")!; session.outcome = SessionOutcome.delivered.rawValue; session.recordedBy = teacher.id!
        try await session.create(on: app.db)
        return (child, school)
    }

    func testTheDemoBudgetAFundingLineAChargingSchemeAndTheCostMeasures() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        try await DemoFinance.seedMETBudget(authorityID: authorityID, today: .today(), on: app.db)
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)

        // SEED-1's 2019-20 budget, each line with its basis.
        let seed = try await finance.get("/finance/met-budget?year=2019-20")
        XCTAssertEqual(seed.status, .ok)
        for text in ["£598,000.00", "£177,000.00", "£775,000.00", "High Needs Block, s251 line per S251-4", "historical lump sum; historical information (SEED-1)",
                     "Negotiated with each school", METBudgetPages.protective] {
            XCTAssertTrue(seed.body.contains(text), "the 2019-20 page shows \(text)")
        }
        assertTrue(try await finance.get("/finance").body.contains("href=\"/finance/met-budget\""), "the High Needs page links the MET budget")

        let (child, school) = try await makeProvision(app)
        let added = try await finance.post("/finance/met-budget/lines", ["year": "2024-25", "source": "DSG_HNB", "amount": "10000.00", "s251Line": "1.2.7", "basisNote": "Test allocation"])
        XCTAssertEqual(added.status, .seeOther, added.body)
        XCTAssertEqual(added.location, "/finance/met-budget?year=2024-25")
        try await finance.get("/finance/met-budget?year=2024-25")
        assertEqual(try await finance.post("/finance/met-budget/charge-scheme", ["year": "2024-25", "basis": "per_day", "rate": "30"]).status, .seeOther)

        let page = try await finance.get("/finance/met-budget?year=2024-25")
        XCTAssertEqual(page.status, .ok)
        for text in ["Test allocation", "1.2.7", "A rate per day on roll", "£30.00", child.upn!, "(URN \(school.urn))",
                     "£870.00",  // 29 days on roll × £30
                     "£10,000.00 (the 2024-25 budget, all sources) ÷ 1 child with any provision in 2024-25",
                     "£120,000.00", "an average roll of 1 ÷ 12 month ends in 2024-25",  // on roll at the end of September only
                     "1 hour of teaching delivered in 2024-25", METBudgetPages.protective] {
            XCTAssertTrue(page.body.contains(text), "the 2024-25 page shows \(text)")
        }
        XCTAssertFalse(page.body.contains("Budgetta"), "finance sees a UPN, never a name")
        XCTAssertFalse(page.body.contains("CAMHS"), "no health detail")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "finance.met_budget.line_add").count(), 1)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "finance.met_budget.charge_scheme").count(), 1)
        let views = try await AuditEvent.query(on: app.db).filter(\.$action == "finance.met_budget.view").count()
        XCTAssertEqual(views, 3, "each of the three page views is audited")

        // Setting the scheme again replaces it.
        assertEqual(try await finance.post("/finance/met-budget/charge-scheme", ["year": "2024-25", "basis": "none", "rate": ""]).status, .seeOther)
        assertEqual(try await ChargeSchemeRecord.query(on: app.db).filter(\.$financialYear == "2024-25").count(), 1)
        assertTrue(try await finance.get("/finance/met-budget?year=2024-25").body.contains("No charge to schools"))
        try await app.asyncShutdown()
    }

    func testBadAmountsGetTheErrorSummaryAndSaveNothing() async throws {
        let app = try await TestWorld.makeApp()
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)
        try await finance.get("/finance/met-budget")
        for (amount, message) in [("-5", "The amount must be £0 or more"), ("lots", "The amount must be an amount in pounds, like 1200.50"), ("", "Enter the amount")] {
            let result = try await finance.post("/finance/met-budget/lines", ["year": "2025-26", "source": "DSG_HNB", "amount": amount, "basisNote": "Note"])
            XCTAssertEqual(result.status, .unprocessableEntity, amount)
            XCTAssertTrue(result.body.contains("govuk-error-summary"), amount)
            XCTAssertTrue(result.body.contains("href=\"#amount\">\(message)"), result.body)
        }
        let noSource = try await finance.post("/finance/met-budget/lines", ["year": "2025-26", "source": "lottery", "amount": "5", "basisNote": ""])
        XCTAssertEqual(noSource.status, .unprocessableEntity)
        XCTAssertTrue(noSource.body.contains("Select where the money comes from"))
        XCTAssertTrue(noSource.body.contains("Enter the basis of the figure"))
        let badRate = try await finance.post("/finance/met-budget/charge-scheme", ["year": "2025-26", "basis": "per_day", "rate": "-1"])
        XCTAssertEqual(badRate.status, .unprocessableEntity)
        XCTAssertTrue(badRate.body.contains("href=\"#rate\">The rate must be £0 or more"), badRate.body)
        assertEqual(try await ServiceBudgetLineRecord.query(on: app.db).count(), 0)
        assertEqual(try await ChargeSchemeRecord.query(on: app.db).count(), 0)
        try await app.asyncShutdown()
    }

    func testOnlyFinanceAndAdministratorsReachIt() async throws {
        let app = try await TestWorld.makeApp()
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        // The access matrix's convention: a role without access gets 404, never a hint the page exists.
        assertEqual(try await caseworker.get("/finance/met-budget").status, .notFound)
        try await caseworker.get("/account")
        assertEqual(try await caseworker.post("/finance/met-budget/lines", ["year": "2025-26", "source": "DSG_HNB", "amount": "5", "basisNote": "x"]).status, .notFound)
        assertEqual(try await ServiceBudgetLineRecord.query(on: app.db).count(), 0)
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        assertEqual(try await admin.get("/finance/met-budget").status, .ok)
        try await app.asyncShutdown()
    }
}
