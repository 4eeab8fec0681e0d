import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 16 part 2: bookings through the database (TRAIN-2, TRAIN-3). The capacity test runs on SQLite and, with
/// DATABASE_URL set (scripts/postgres-lane.sh), on PostgreSQL.
final class TrainingBookingTests: XCTestCase {
    private let actor = AuditActor(userID: nil, name: "training test", role: "school_user", socketAddress: "127.0.0.1")

    private func makeSession(_ app: Application, capacity: Int, price: Int64 = 0) async throws -> (UUID, TrainingSession, [Establishment]) {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let course = TrainingCourse()
        course.$authority.id = authorityID; course.academicYear = CalendarDate.today().academicYearStart; course.code = "SEMH-1"
        course.title = "Understanding SEMH"; course.kindRaw = "course"; course.areaRaw = TrainingArea.semh.rawValue; course.audienceRaw = "senco;teacher"
        course.lengthMinutes = 180; course.pricePence = price; course.provider = "la"
        try await course.create(on: app.db)
        let session = TrainingSession()
        session.$authority.id = authorityID; session.$course.id = course.id!
        session.date = CalendarDate.today().adding(days: 30); session.bookingDeadline = CalendarDate.today().adding(days: 20)
        session.startsAt = 570; session.endsAt = 750; session.venue = "County Hall"; session.capacity = capacity; session.status = "scheduled"
        try await session.create(on: app.db)
        let schools = try await Establishment.query(on: app.db).sort(\.$urn).limit(3).all()
        return (authorityID, session, schools)
    }

    private func request(_ session: TrainingSession, school: Establishment, name: String, today: CalendarDate = .today()) -> TrainingBookingService.Request {
        .init(sessionID: session.id!, schoolID: school.id!, delegateName: name, delegateRole: .senco, delegateEmail: nil,
              bookedByUserID: UUID(), bookedByEmail: "senco@example.org", today: today)
    }

    /// The "Done when" line: 30 simultaneous bookings for 20 places give exactly 20 booked and 10 waiting, positions 1 to 10.
    func testThirtySimultaneousBookingsForTwentyPlaces() async throws {
        let app = try await TestWorld.makeApp()
        do {
            let (authorityID, session, schools) = try await makeSession(app, capacity: 20)
            let actor = self.actor
            let requests = (0..<30).map { request(session, school: schools[$0 % schools.count], name: "Delegate \($0)") }
            let db = app.db
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for request in requests {
                    group.addTask {
                        let result = try await TrainingBookingService.book(request, authorityID: authorityID, actor: actor, on: db)
                        if case .success = result { return true }
                        return false
                    }
                }
                var made = 0
                for try await ok in group where ok { made += 1 }
                return made
            }
            XCTAssertEqual(outcomes, 30, "every booking is recorded")
            let rows = try await TrainingBooking.query(on: app.db).filter(\.$session.$id == session.id!).all()
            XCTAssertEqual(rows.filter { $0.status == .confirmed }.count, 20)
            XCTAssertEqual(rows.filter { $0.status == .waitlisted }.count, 10)
            XCTAssertEqual(rows.compactMap(\.waitlistPosition).sorted(), Array(1...10))
            let report = try await AuditLog.verify(on: app.db)
            XCTAssertNil(report.firstBad.map { "\($0.seq): \($0.reason)" }, "the audit chain verifies")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    func testACancellationOffersThePlaceToTheFirstWaitingThroughTheOutbox() async throws {
        let app = try await TestWorld.makeApp()
        do {
            let (authorityID, session, schools) = try await makeSession(app, capacity: 1, price: 9000)
            let first = try await TrainingBookingService.book(request(session, school: schools[0], name: "Ann Lee"), authorityID: authorityID, actor: actor, on: app.db).get()
            XCTAssertEqual(first.status, .confirmed)
            XCTAssertEqual(first.chargePence, 9000)
            var second = request(session, school: schools[1], name: "Bo Chan")
            second.bookedByEmail = "second.senco@example.org"
            let waiting = try await TrainingBookingService.book(second, authorityID: authorityID, actor: actor, on: app.db).get()
            XCTAssertEqual(waiting.status, .waitlisted)
            XCTAssertEqual(waiting.waitlistPosition, 1)
            XCTAssertEqual(waiting.chargePence, 0)
            let third = try await TrainingBookingService.book(request(session, school: schools[2], name: "Cy Dee"), authorityID: authorityID, actor: actor, on: app.db).get()
            XCTAssertEqual(third.waitlistPosition, 2)
            // The same person twice is refused, by name, whatever the spacing.
            guard case .failure(.refused(.alreadyBooked("Ann Lee"))) = try await TrainingBookingService.book(request(session, school: schools[0], name: " ann  lee"),
                                                                                                              authorityID: authorityID, actor: actor, on: app.db)
            else { return XCTFail("a duplicate is refused") }
            // Past the deadline and for a past session: refused with the message, nothing saved.
            guard case .failure(.refused(.afterDeadline)) = try await TrainingBookingService.book(request(session, school: schools[0], name: "Late", today: .today().adding(days: 25)),
                                                                                                   authorityID: authorityID, actor: actor, on: app.db)
            else { return XCTFail("after the deadline is refused") }
            guard case .failure(.refused(.pastSession)) = try await TrainingBookingService.book(request(session, school: schools[0], name: "Later", today: .today().adding(days: 31)),
                                                                                                 authorityID: authorityID, actor: actor, on: app.db)
            else { return XCTFail("a past session is refused") }
            assertEqual(try await TrainingBooking.query(on: app.db).filter(\.$session.$id == session.id!).count(), 3)

            // The first cancels in good time: no charge; the first waiting is offered the place and told through the outbox.
            let offered = try await TrainingBookingService.cancel(bookingID: first.id!, authorityID: authorityID, byProvider: false, reason: "Staff illness",
                                                                  today: .today(), actor: actor, on: app.db).get()
            XCTAssertEqual(offered?.id, waiting.id)
            let cancelled = try await TrainingBooking.find(first.id!, on: app.db)!
            XCTAssertEqual(cancelled.status, .cancelledByDelegate)
            XCTAssertEqual(cancelled.chargePence, 0, "30 days' notice: no charge under the default 5 working days")
            let promoted = try await TrainingBooking.find(waiting.id!, on: app.db)!
            XCTAssertEqual(promoted.status, .confirmed)
            XCTAssertNil(promoted.waitlistPosition)
            XCTAssertEqual(promoted.offeredOn, .today())
            XCTAssertEqual(promoted.chargePence, 9000)
            assertEqual(try await TrainingBooking.find(third.id!, on: app.db)!.waitlistPosition, 1, "the list closes up")
            let message = try await OutboxMessage.query(on: app.db).filter(\.$to == "second.senco@example.org").first()
            XCTAssertEqual(message?.subject, "A training place is now yours: Understanding SEMH")
            XCTAssertEqual(message?.authorityID, authorityID)
            // Cancelling again says so; another council's booking is not found.
            guard case .failure(.transition) = try await TrainingBookingService.cancel(bookingID: first.id!, authorityID: authorityID, byProvider: false, reason: nil,
                                                                                        today: .today(), actor: actor, on: app.db)
            else { return XCTFail("a second cancellation is refused") }
            guard case .failure(.notFound) = try await TrainingBookingService.cancel(bookingID: first.id!, authorityID: UUID(), byProvider: false, reason: nil,
                                                                                      today: .today(), actor: actor, on: app.db)
            else { return XCTFail("out of scope is not found") }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
