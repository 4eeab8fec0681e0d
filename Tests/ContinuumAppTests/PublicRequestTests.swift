import Fluent
import NIOCore
import NIOHTTP1
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

extension PeerClient {
    func ask(childName: String = "Quentin Requestor", email: String = "quentin.parent@example.org") async throws -> TestClient.Result {
        try await send(.GET, "/ehc-request")
        return try await send(.POST, "/ehc-request", form: ["childName": childName, "childBirthDate": "2016-04-05", "parentName": "Robin Requestor",
                                                            "parentEmail": email, "summary": "Finds reading very hard.", "confirm": "yes"])
    }
}

final class PublicRequestTests: XCTestCase {
    /// Issue 13 item 8: at most 10 requests an hour from one socket address, counted in the database.
    func testTheEleventhRequestInAnHourFromOneAddressIsRefusedAndAnotherAddressIsNot() async throws {
        let app = try await TestWorld.makeApp()
        let first = PeerClient(app, peer: "203.0.113.5")
        for i in 1...10 {
            let result = try await first.ask(email: "parent\(i)@example.org")
            XCTAssertEqual(result.status, .seeOther, "request \(i) is accepted")
        }
        let eleventh = try await first.ask(email: "parent11@example.org")
        XCTAssertEqual(eleventh.status, .tooManyRequests)
        XCTAssertTrue(eleventh.body.contains("Too many requests from your connection"), "a clear page says what happened")
        XCTAssertTrue(eleventh.body.contains("try again in an hour"))
        XCTAssertEqual(eleventh.headers.first(name: .retryAfter), "3600")
        assertEqual(try await OutboxMessage.query(on: app.db).filter(\.$to == "parent11@example.org").count(), 0, "a refused request queues no email")
        assertEqual(try await EHCUnconfirmedRequest.query(on: app.db).count(), 10)

        let other = PeerClient(app, peer: "198.51.100.7")
        assertEqual(try await other.ask(email: "other@example.org").status, .seeOther, "another address is not limited by the first")

        // The count lives in the database (so it holds across app servers) and forgets after an hour.
        try await PublicRequestAttempt.query(on: app.db).filter(\.$socketAddress == "203.0.113.5")
            .set(\.$attemptedAt, to: Date().addingTimeInterval(-3_700)).update()
        assertEqual(try await first.ask(email: "later@example.org").status, .seeOther, "an hour later the address may ask again")
        try await app.asyncShutdown()
    }

    /// No table holds the follow link's token in clear, the request stays out of the caseworkers' lists and
    /// clocks until the emailed link confirms it, and confirming opens the case from the day it arrived.
    func testUnconfirmedRequestsStayOutOfTheBacklogAndNoTokenIsStored() async throws {
        let app = try await TestWorld.makeApp()
        let notify = try await FakeNotify.start()
        app.storage[ConfigurationKey.self]!.notify = notify.settings
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let casesBefore = try await EHCCase.query(on: app.db).count()
        let backlogBefore = try await EHCBacklog.load(authorityID: authorityID, today: CalendarDate.today(), withCases: true, on: app.db).open.count

        let family = PeerClient(app, peer: "192.0.2.44")
        let asked = try await family.ask()
        XCTAssertEqual(asked.status, .seeOther)
        XCTAssertEqual(asked.location, "/ehc-request/sent", "the link is emailed, never shown: opening it is the proof of the address")
        let sent = try await family.send(.GET, asked.location!)
        XCTAssertTrue(sent.body.contains("Check your email"))
        XCTAssertFalse(sent.body.contains("/ehc-request/follow/"))

        // Unconfirmed: no case, not in the backlog, not on the caseworker's pages.
        assertEqual(try await EHCCase.query(on: app.db).count(), casesBefore, "no case before the address is confirmed")
        assertEqual(try await EHCBacklog.load(authorityID: authorityID, today: CalendarDate.today(), withCases: true, on: app.db).open.count, backlogBefore)
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        assertFalse(try await caseworker.get("/ehc").body.contains("Quentin"), "the backlog does not list it")
        assertFalse(try await caseworker.get("/").body.contains("Quentin"), "nor does the caseworker's home page")

        let pending = try await EHCUnconfirmedRequest.query(on: app.db).first()!
        let token = app.ehcRequestLinks.token(for: pending.id!)
        XCTAssertGreaterThanOrEqual(token.count, 43)
        try await assertNoTableHolds(token, app.db)

        // The email carries the link; the stored body never did, and after sending holds nothing at all.
        let stored = try await OutboxMessage.query(on: app.db).filter(\.$to == "quentin.parent@example.org").first()!
        XCTAssertFalse(stored.body.contains("/ehc-request/follow/"), stored.body)
        let summary = try await app.outboxDelivery()!.deliverDue(now: Date())
        XCTAssertGreaterThanOrEqual(summary.sent, 1)
        let email = try XCTUnwrap(notify.received.first { $0.emailAddress == "quentin.parent@example.org" })
        XCTAssertTrue(email.body.contains("/ehc-request/follow/\(token)"), "the email has the link: \(email.body)")
        XCTAssertFalse(email.body.contains("Quentin"), "the email names no child")
        try await assertNoTableHolds(token, app.db)

        // Opening the link asks for a button press: a GET (a mail scanner's fetch) confirms nothing.
        let confirmPage = try await family.send(.GET, "/ehc-request/follow/\(token)")
        XCTAssertEqual(confirmPage.status, .ok)
        XCTAssertTrue(confirmPage.body.contains("Confirm your request"))
        assertEqual(try await EHCCase.query(on: app.db).count(), casesBefore)

        // Confirmed some days after it arrived: the statutory clock still runs from the day it was received.
        let received = CalendarDate.today().adding(days: -3)
        pending.receivedOn = received
        try await pending.save(on: app.db)
        let confirmed = try await family.send(.POST, "/ehc-request/follow/\(token)", form: [:])
        XCTAssertEqual(confirmed.status, .seeOther)
        XCTAssertEqual(confirmed.location, "/ehc-request/follow/\(token)?confirmed=1")
        assertEqual(try await EHCCase.query(on: app.db).count(), casesBefore + 1, "confirming opens the case")
        assertEqual(try await EHCUnconfirmedRequest.query(on: app.db).count(), 0)
        let item = try await EHCCase.query(on: app.db).filter(\.$requesterName == "Robin Requestor").first()!
        XCTAssertEqual(item.requestedOn, received, "SEND Regulations 2014 reg 5(1): the clock runs from receipt")
        assertEqual(try await EHCBacklog.load(authorityID: authorityID, today: CalendarDate.today(), withCases: true, on: app.db).open.count, backlogBefore + 1,
                    "now it is in the backlog")
        // A second press opens nothing more.
        assertEqual(try await family.send(.POST, "/ehc-request/follow/\(token)", form: [:]).location, "/ehc-request/follow/\(token)")
        assertEqual(try await EHCCase.query(on: app.db).count(), casesBefore + 1)

        let follow = try await family.send(.GET, confirmed.location!)
        XCTAssertEqual(follow.status, .ok)
        XCTAssertTrue(follow.body.contains("Request for an EHC needs assessment for Quentin"))
        XCTAssertTrue(follow.body.contains(received.adding(days: 42).longFormat), "the 6-week date counts from the day it arrived")
        assertEqual(try await caseworker.get("/ehc/\(item.id!)").status, .ok)
        try await assertNoTableHolds(token, app.db)
        try await notify.stop()
        try await app.asyncShutdown()
    }

    /// Every text value in the outbox, the request tables, the case tables and the audit trail.
    private func assertNoTableHolds(_ token: String, _ db: any Database, file: StaticString = #filePath, line: UInt = #line) async throws {
        let sql = db as! any SQLDatabase
        var scanned = 0
        for table in [OutboxMessage.schema, EHCUnconfirmedRequest.schema, EHCPublicRequest.schema, PublicRequestAttempt.schema,
                      EHCCase.schema, EHCCaseEvent.schema, AuditEvent.schema] {
            for row in try await sql.select().column("*").from(table).all() {
                for column in row.allColumns {
                    guard let value = try? row.decode(column: column, as: String?.self) else { continue }
                    scanned += 1
                    XCTAssertFalse(value.contains(token), "\(table).\(column) holds the token", file: file, line: line)
                }
            }
        }
        XCTAssertGreaterThan(scanned, 50, "the scan read the tables", file: file, line: line)
    }
}

/// Issue 13 item 9 (lists and denials) and item 11 (teacher's link, `?done=`).
final class ListAuditAndScopeTests: XCTestCase {
    private func lastRow(_ action: String, _ db: any Database) async throws -> AuditEvent? {
        try await AuditEvent.query(on: db).filter(\.$action == action).sort(\.$seq, .descending).first()
    }

    /// Each list page's audit row names the children it showed: every child named on the page is in the row.
    func testListPagesRecordTheChildrenTheyShowed() async throws {
        let app = try await TestWorld.makeApp()
        let children = try await Child.query(on: app.db).filter(\.$authority.$id == (try await TestWorld.demoAuthorityID(app.db))).all()
        let someone = children.first!
        let pages: [(Role, String, String)] = [
            (.caseworker, "/children", "children.list"),
            (.caseworker, "/children?q=\(TestClient.escape(someone.legalSurname))", "children.list"),
            (.metCoordinator, "/referrals", "referrals.list"),
            (.caseworker, "/ehc", "ehc.backlog.view"),
            (.caseworker, "/identifications", "identifications.list"),
            (.schoolUser, "/children", "children.list"),
            (.caseworker, "/", "home.view"),
            (.metCoordinator, "/", "home.view"),
        ]
        for (role, path, action) in pages {
            let client = TestClient(app)
            try await client.signIn(as: role)
            let page = try await client.get(path)
            XCTAssertEqual(page.status, .ok, path)
            let row = try await lastRow(action, app.db)
            let audited = Set(ListAudit.children(in: row?.detail ?? ""))
            // Named on the page: by name, or (the children list) by a link to the record.
            // A name two children share says nothing about which was shown: only a unique name, or a link, identifies the child.
            let names = Dictionary(grouping: children, by: \.fullName)
            let named = Set(children.filter { (names[$0.fullName]!.count == 1 && page.body.contains($0.fullName)) || page.body.contains("/children/\($0.id!.uuidString)\"") }.compactMap(\.id))
            XCTAssertFalse(named.isEmpty, "\(role) \(path): the fixture shows children")
            XCTAssertTrue(named.isSubset(of: audited), "\(role) \(path): every child on the page is in its audit row (\(named.subtracting(audited).count) missing: \(children.filter { named.subtracting(audited).contains($0.id!) }.map(\.fullName)))")
        }
        try await app.asyncShutdown()
    }

    /// An out-of-scope (or missing) id asked for by URL is a 404 with an access.denied row naming it,
    /// written by the scoped repository whatever controller asked.
    func testOutOfScopeIdsRecordAccessDenied() async throws {
        let app = try await TestWorld.makeApp()
        let neighbour = try await Authority.query(on: app.db).filter(\.$laCode == "887").first()!.requireID()
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == neighbour).first()!
        let referral = try await Referral.query(on: app.db).filter(\.$authority.$id == neighbour).first()!
        let identification = try await Identification.query(on: app.db).filter(\.$authority.$id == neighbour).first()!
        let neighbourCase = EHCCase(authorityID: neighbour, childID: child.id, upn: child.upn, requestedOn: CalendarDate.today(), requester: .parent,
                                    requesterName: "Neighbour Parent", summary: "n/a")
        try await neighbourCase.create(on: app.db)
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        for (client, path, id) in [(caseworker, "/children/\(child.id!)", child.id!), (coordinator, "/referrals/\(referral.id!)", referral.id!),
                                   (caseworker, "/ehc/\(neighbourCase.id!)", neighbourCase.id!), (caseworker, "/identifications/\(identification.id!)", identification.id!),
                                   (caseworker, "/children/\(child.id!)/ehc/new", child.id!)] {
            let result = try await client.get(path)
            XCTAssertEqual(result.status, .notFound, path)
            let denied = try await AuditEvent.query(on: app.db).filter(\.$action == "access.denied").filter(\.$entityID == id.uuidString).count()
            XCTAssertGreaterThanOrEqual(denied, 1, "\(path) leaves an access.denied row naming the record")
        }
        try await app.asyncShutdown()
    }

    /// A teacher sees a child while timetabled, and for the grace period after the placement closes; then not.
    func testATeacherLosesSightOfAChildAfterTheirLastSlot() async throws {
        let app = try await TestWorld.makeApp()
        let teacherUser = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .metTeacher)).first()!
        let slot = try await TimetableSlot.query(on: app.db).filter(\.$teacher.$id == teacherUser.id!).with(\.$referral) { $0.with(\.$child) }.first()!
        let referral = slot.referral
        let child = referral.child
        try await TeacherLink.ensure(teacher: teacherUser, childID: child.id!, authorityID: referral.$authority.id, on: app.db)
        // Only this placement: the teacher's other slots for the same child (if any) end with it.
        let teacher = TestClient(app)
        try await teacher.signIn(as: .metTeacher)
        assertEqual(try await teacher.get("/children/\(child.id!)").status, .ok, "timetabled: the teacher sees the child")

        for other in try await Referral.query(on: app.db).filter(\.$child.$id == child.id!).all() {
            other.status = ReferralStatus.closed.rawValue
            other.closedOn = CalendarDate.today().adding(days: -(TeacherLinkRule.graceDays - 2))
            try await other.save(on: app.db)
        }
        assertEqual(try await teacher.get("/children/\(child.id!)").status, .ok, "within the grace period the last sessions can still be recorded")

        for other in try await Referral.query(on: app.db).filter(\.$child.$id == child.id!).all() {
            other.closedOn = CalendarDate.today().adding(days: -(TeacherLinkRule.graceDays + 1))
            try await other.save(on: app.db)
        }
        assertEqual(try await teacher.get("/children/\(child.id!)").status, .notFound, "after the last slot the link has ended")
        assertFalse(try await teacher.get("/children").body.contains(child.fullName), "nor is the child listed")
        assertFalse(try await teacher.get("/teaching").body.contains(child.fullName), "nor on the teaching week")
        assertFalse(try await teacher.get("/").body.contains(child.fullName), "nor on the home page")
        try await app.asyncShutdown()
    }

    /// `?done=` picks one of a fixed set of sentences; anything else shows no banner and is never echoed.
    func testDoneQueryShowsOnlyFixedMessages() async throws {
        let app = try await TestWorld.makeApp()
        let item = try await EHCCase.query(on: app.db).filter(\.$authority.$id == (try await TestWorld.demoAuthorityID(app.db))).first()!
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        let hostile = try await caseworker.get("/ehc/\(item.id!)?done=\(TestClient.escape("<script>alert(1)</script> Call 0800 000 000"))")
        XCTAssertEqual(hostile.status, .ok)
        XCTAssertFalse(hostile.body.contains("alert(1)"), "the value is not reflected, even escaped")
        XCTAssertFalse(hostile.body.contains("0800 000 000"))
        XCTAssertFalse(hostile.body.contains("govuk-notification-banner"), "an unknown value shows no banner")
        let known = try await caseworker.get("/ehc/\(item.id!)?done=allocate")
        XCTAssertTrue(known.body.contains("Caseworker allocated"))
        XCTAssertNil(DoneMessage.banner(for: "Saved", notifyConfigured: true))
        XCTAssertNil(DoneMessage.banner(for: String(repeating: "a", count: 10_000), notifyConfigured: true))
        try await app.asyncShutdown()
    }
}
