import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 16 part 3 through the pages: a provider bids in the demo's open second round, the panel scores blind, the
/// moderator agrees the scores, an award over the lot's budget is refused and one within it made, the outcome is
/// published through the outbox, and the provider logs a visit that the reports count.
final class OutreachTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testABidIsScoredBlindModeratedAwardedWithinBudgetPublishedAndVisited() async throws {
        let round = try await OutreachRound.query(on: app.db).filter(\.$title == DemoOutreach.secondRoundTitle).first()!
        let lot = try await OutreachLot.query(on: app.db).filter(\.$round.$id == round.id!).first()!
        let roundPath = SiteURL.outreachRound(.value(round.id!)).path

        let provider = TestClient(app)
        _ = try await provider.signIn(DemoOutreach.providerEmail)
        let page = try await provider.get(roundPath)
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Make a bid"))
        let bidPath = SiteURL.outreachRoundPart(.value(round.id!), .bid).path
        let bad = try await provider.post(bidPath, ["lot": lot.id!.uuidString, "price": "999999", "schools": "0"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("The price must be no more than the lot&#39;s budget") || bad.body.contains("The price must be no more than the lot's budget"))
        XCTAssertTrue(bad.body.contains("The number of schools must be a whole number from 1"))
        XCTAssertTrue(bad.body.contains("Enter the number of hours"))
        XCTAssertTrue(bad.body.contains("Enter the method statement"))
        let made = try await provider.post(bidPath, ["lot": lot.id!.uuidString, "price": "75000", "schools": "15", "hours": "300", "method": "Termly visits to each school"])
        XCTAssertEqual(made.status, .seeOther, made.body)
        let bid = try await OutreachBid.query(on: app.db).filter(\.$round.$id == round.id!).first()!
        XCTAssertEqual(bid.pricePence, 7_500_000)
        _ = try await provider.get(roundPath)
        assertEqual(try await provider.post(bidPath, ["lot": lot.id!.uuidString, "price": "1", "schools": "1", "hours": "1", "method": "again"]).status,
                    .unprocessableEntity, "one bid per lot")

        // The panel: the demo caseworker, and the administrator added now.
        let officer = TestClient(app)
        try await officer.signIn(as: .caseworker)
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        let adminUser = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .administrator)).first()!
        _ = try await officer.get(roundPath)
        assertEqual(try await officer.post(SiteURL.outreachRoundPart(.value(round.id!), .panel).path, ["member": adminUser.id!.uuidString]).status, .seeOther)
        let status = SiteURL.outreachRoundPart(.value(round.id!), .status).path
        _ = try await officer.get(roundPath)
        assertEqual(try await officer.post(status, ["status": "closed"]).status, .seeOther)
        _ = try await officer.get(roundPath)
        assertEqual(try await officer.post(status, ["status": "scoring"]).status, .seeOther)
        let bidPage = SiteURL.outreachBid(.value(bid.id!)).path
        _ = try await officer.get(bidPage)
        let score = SiteURL.outreachBidPart(.value(bid.id!), .score).path
        let outOfRange = try await officer.post(score, ["score-1": "9", "score-2": "4", "score-3": "4"])
        XCTAssertTrue(outOfRange.body.contains("must be a whole number from 0 to 5"))
        assertEqual(try await officer.post(score, ["score-1": "4", "score-2": "3", "score-3": "2", "comment-1": "Unique comment from the caseworker"]).status, .seeOther)
        // Blind: the administrator, also on the panel, sees nothing of the caseworker's scores until moderation.
        let blind = try await admin.get(bidPage)
        XCTAssertFalse(blind.body.contains("Unique comment from the caseworker"))
        XCTAssertTrue(blind.body.contains("Scores are blind"))
        _ = try await officer.get(roundPath)
        let early = try await officer.post(status, ["status": "moderation"])
        XCTAssertEqual(early.status, .unprocessableEntity)
        XCTAssertTrue(early.body.contains("Every panel member must score every bid before moderation"))
        _ = try await admin.get(bidPage)
        assertEqual(try await admin.post(score, ["score-1": "5", "score-2": "3", "score-3": "3"]).status, .seeOther)
        _ = try await officer.get(roundPath)
        assertEqual(try await officer.post(status, ["status": "moderation"]).status, .seeOther)
        let visible = try await officer.get(bidPage)
        XCTAssertTrue(visible.body.contains("The panel&#39;s scores") || visible.body.contains("The panel's scores"))
        XCTAssertTrue(visible.body.contains("4.5"), "the mean of 4 and 5")

        let moderate = SiteURL.outreachBidPart(.value(bid.id!), .moderate).path
        let noReason = try await officer.post(moderate, ["agreed-1": "4", "agreed-2": "3", "agreed-3": "3"])
        XCTAssertTrue(noReason.body.contains("Enter the reason for the agreed score for Quality of the method"))
        assertEqual(try await officer.post(moderate, ["agreed-1": "4", "agreed-1-reason": "Strong plan", "agreed-2": "3", "agreed-2-reason": "Fair price",
                                                      "agreed-3": "3", "agreed-3-reason": "Some local benefit"]).status, .seeOther)
        // Quality 50% × 4/5 + price 30% × 3/5 + social value 20% × 3/5 = 40 + 18 + 12 = 70.
        let data = try await OutreachController.load(round, db: app.db)
        XCTAssertEqual(data.weighted(bid), 7000)

        let awardPath = SiteURL.outreachBidPart(.value(bid.id!), .award).path
        let today = CalendarDate.today()
        let school = try await Establishment.query(on: app.db).sort(\.$urn).first()!
        _ = try await officer.get(bidPage)
        let over = try await officer.post(awardPath, ["amount": "80000", "start": today.description, "end": today.adding(years: 1).description, "schools": String(school.urn)])
        XCTAssertTrue(over.body.contains("must be no more than the bid&#39;s price") || over.body.contains("must be no more than the bid's price"))
        let badSchool = try await officer.post(awardPath, ["amount": "70000", "start": today.description, "end": today.adding(years: 1).description, "schools": "999999"])
        XCTAssertTrue(badSchool.body.contains("No school has the URN 999999"))
        assertEqual(try await officer.post(awardPath, ["amount": "70000", "start": today.description, "end": today.adding(years: 1).description,
                                                       "schools": String(school.urn)]).status, .seeOther)
        let contract = try await OutreachContract.query(on: app.db).filter(\.$bid.$id == bid.id!).first()!
        XCTAssertEqual(contract.amountPence, 7_000_000)
        _ = try await officer.get(roundPath)
        assertEqual(try await officer.post(status, ["status": "decided"]).status, .seeOther)
        _ = try await officer.get(roundPath)
        assertEqual(try await officer.post(status, ["status": "published"]).status, .seeOther)
        let award = try await OutboxMessage.query(on: app.db).filter(\.$to == DemoOutreach.providerEmail).all()
        XCTAssertEqual(award.map(\.subject), ["Outreach award: \(DemoOutreach.secondRoundTitle)"])
        let outcome = try await provider.get(SiteURL.outreachRoundPart(.value(round.id!), .outcome).path)
        XCTAssertEqual(outcome.status, .ok)
        XCTAssertTrue(outcome.body.contains("£70,000.00"))
        XCTAssertFalse(outcome.body.contains("Strong plan"), "the published outcome lists the awards, not the panel's reasons")

        // The provider logs a visit; another provider's contract is out of scope.
        let contractPath = SiteURL.outreachContract(.value(contract.id!)).path
        _ = try await provider.get(contractPath)
        let visits = SiteURL.outreachContractPart(.value(contract.id!), .visits).path
        let noVisit = try await provider.post(visits, ["school": "1"])
        XCTAssertEqual(noVisit.status, .unprocessableEntity)
        XCTAssertTrue(noVisit.body.contains("Select a school the contract supports"))
        assertEqual(try await provider.post(visits, ["school": String(school.urn), "visit": today.description, "type": "consultation", "hours": "2",
                                                     "outcome": "placement_sustained", "support": "Planned support with the SENCO"]).status, .seeOther)
        let visit = try await OutreachVisit.query(on: app.db).filter(\.$contract.$id == contract.id!).first()!
        XCTAssertEqual(visit.outcome, .placementSustained)
        let rivalContract = try await OutreachContract.query(on: app.db).filter(\.$provider.$id != bid.$provider.id).first()!
        assertEqual(try await provider.get(SiteURL.outreachContract(.value(rivalContract.id!)).path).status, .notFound)
        let reports = try await officer.get(SiteURL.outreachPart(.reports).path)
        XCTAssertTrue(reports.body.contains("Spend against budget by lot") && reports.body.contains("Contracts ending within three months"))
        let audited = try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["outreach.bid.submitted", "outreach.bid.scored", "outreach.bid.moderated",
                                                                                  "outreach.bid.awarded", "outreach.round.published", "outreach.visit.logged"]).count()
        XCTAssertGreaterThanOrEqual(audited, 7)
    }

    /// Issue 16's bad input: a bid after the round closes, and an award that would take a lot over its budget.
    func testABidAfterTheDeadlineAndAnAwardOverTheLotsBudgetAreRefusedWithNothingSaved() async throws {
        let round = try await OutreachRound.query(on: app.db).filter(\.$title == DemoOutreach.secondRoundTitle).first()!
        let lot = try await OutreachLot.query(on: app.db).filter(\.$round.$id == round.id!).first()!
        round.closesOn = CalendarDate.today().adding(days: -1)
        try await round.save(on: app.db)
        let provider = TestClient(app)
        _ = try await provider.signIn(DemoOutreach.providerEmail)
        _ = try await provider.get(SiteURL.outreachRound(.value(round.id!)).path)
        let late = try await provider.post(SiteURL.outreachRoundPart(.value(round.id!), .bid).path,
                                           ["lot": lot.id!.uuidString, "price": "1000", "schools": "1", "hours": "10", "method": "Late"])
        XCTAssertEqual(late.status, .unprocessableEntity)
        XCTAssertTrue(late.body.contains("Bids for this round closed on \(round.closesOn.longFormat): no more bids can be taken"))
        assertEqual(try await OutreachBid.query(on: app.db).filter(\.$round.$id == round.id!).count(), 0, "nothing saved")

        // The first round's SEMH lot: £150,000, of which £140,000 is already awarded. A second award of £20,000 would pass it.
        let first = try await OutreachRound.query(on: app.db).filter(\.$roundNumber == 1).filter(\.$title == "Outreach programme 2025 to 2027").first()!
        let semh = try await OutreachLot.query(on: app.db).filter(\.$round.$id == first.id!).filter(\.$name == "SEMH (south of the county)").first()!
        let rival = try await OutreachProvider.query(on: app.db).filter(\.$name == "Severn Vale Autism Partnership").first()!
        let bid = OutreachBid()
        bid.$round.id = first.id!; bid.$lot.id = semh.id!; bid.$provider.id = rival.id!; bid.pricePence = 2_000_000; bid.schools = 2; bid.hours = 40
        bid.methodStatement = "Late partial"; bid.submittedOn = first.closesOn; bid.submittedBy = "office@svap.example"
        try await bid.create(on: app.db)
        let criteria = try await OutreachCriterionRecord.query(on: app.db).filter(\.$round.$id == first.id!).all()
        for c in criteria {
            let m = OutreachModeration(); m.$bid.id = bid.id!; m.$criterion.id = c.id!; m.score = 3; m.reason = "Fair"; m.moderatedBy = "test"
            try await m.create(on: app.db)
        }
        first.statusRaw = OutreachRoundStatus.decided.rawValue
        try await first.save(on: app.db)
        let officer = TestClient(app)
        try await officer.signIn(as: .caseworker)
        _ = try await officer.get(SiteURL.outreachBid(.value(bid.id!)).path)
        let school = try await Establishment.query(on: app.db).sort(\.$urn).first()!
        let over = try await officer.post(SiteURL.outreachBidPart(.value(bid.id!), .award).path,
                                          ["amount": "20000", "start": CalendarDate.today().description, "end": CalendarDate.today().adding(months: 6).description,
                                           "schools": String(school.urn)])
        XCTAssertEqual(over.status, .unprocessableEntity)
        XCTAssertTrue(over.body.contains("would take SEMH (south of the county) to £160,000.00, over its budget of £150,000.00 by £10,000.00: £10,000.00 is left"), over.body)
        assertEqual(try await OutreachContract.query(on: app.db).filter(\.$bid.$id == bid.id!).count(), 0, "nothing saved")
        assertEqual(try await officer.post(SiteURL.outreachBidPart(.value(bid.id!), .award).path,
                                           ["amount": "10000", "start": CalendarDate.today().description, "end": CalendarDate.today().adding(months: 6).description,
                                            "schools": String(school.urn)]).status, .seeOther, "a partial award within what is left")
    }

    func testAnOfficerAddsAProviderAndInvitesItsContactToBid() async throws {
        let officer = TestClient(app)
        try await officer.signIn(as: .caseworker)
        _ = try await officer.get(SiteURL.outreach.path)
        let noEmail = try await officer.post(SiteURL.outreachPart(.providers).path, ["name": "Brook Outreach", "type": "voluntary_sector", "invite": "yes"])
        XCTAssertEqual(noEmail.status, .unprocessableEntity)
        XCTAssertTrue(noEmail.body.contains("Enter the contact&#39;s email address to invite them to bid") || noEmail.body.contains("Enter the contact's email address to invite them to bid"))
        assertEqual(try await OutreachProvider.query(on: app.db).filter(\.$name == "Brook Outreach").count(), 0, "nothing saved")
        let made = try await officer.post(SiteURL.outreachPart(.providers).path, ["name": "Brook Outreach", "type": "voluntary_sector", "contact": "Bea Brook",
                                                                                 "email": "bea@brook.example", "invite": "yes"])
        XCTAssertEqual(made.status, .seeOther, made.body)
        let provider = try await OutreachProvider.query(on: app.db).filter(\.$name == "Brook Outreach").first()!
        let user = try await User.query(on: app.db).filter(\.$email == "bea@brook.example").first()!
        XCTAssertEqual(user.role, .provider)
        let link = try await OutreachProviderUser.query(on: app.db).filter(\.$userID == user.id!).first()!
        XCTAssertEqual(link.$provider.id, provider.id)
        assertEqual(try await OutboxMessage.query(on: app.db).filter(\.$to == "bea@brook.example").filter(\.$subject == UserInvitation.subject).count(), 1)
    }

    func testASchoolAsksForOutreachAndANamedPupilNeedsConsent() async throws {
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let pupil = try await Child.query(on: app.db).filter(\.$homeSchool.$id == senco.$school.id!).filter(\.$upn != nil).first()!
        _ = try await school.get(SiteURL.outreach.path)
        let noConsent = try await school.post(SiteURL.outreachPart(.requests).path, ["needs": "Help with a pupil's anxiety", "upn": pupil.upn!])
        XCTAssertEqual(noConsent.status, .unprocessableEntity)
        XCTAssertTrue(noConsent.body.contains("Confirm the parent or carer"))
        let other = try await Child.query(on: app.db).filter(\.$homeSchool.$id != senco.$school.id!).filter(\.$upn != nil).first()!
        let notOurs = try await school.post(SiteURL.outreachPart(.requests).path, ["needs": "Help", "upn": other.upn!, "consent": "yes"])
        XCTAssertTrue(notOurs.body.contains("No pupil of"), "another school's pupil cannot be named")
        assertEqual(try await school.post(SiteURL.outreachPart(.requests).path, ["needs": "Help with a pupil's anxiety", "upn": pupil.upn!, "consent": "yes"]).status, .seeOther)
        let request = try await OutreachRequestRecord.query(on: app.db).first()!
        XCTAssertEqual(request.childID, pupil.id)
        XCTAssertTrue(request.consent)
        XCTAssertEqual(request.$establishment.id, senco.$school.id!)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "outreach.request.created").filter(\.$childID == pupil.id).count(), 1)
    }
}
