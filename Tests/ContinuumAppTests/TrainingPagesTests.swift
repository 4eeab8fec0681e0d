import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 16 part 2 through the pages: the catalogue, booking the last place and the waiting list, the officers' forms
/// with their error summaries, the register and certificate, uptake, and the charges CSV.
final class TrainingPagesTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    /// The demo's session with one place left ("Emotion coaching for SEMH", the extra date).
    func lastPlaceSession() async throws -> TrainingSession {
        let course = try await TrainingCourse.query(on: app.db).filter(\.$title == DemoTraining.lastPlaceCourse)
            .filter(\.$academicYear == CalendarDate.today().academicYearStart).first()!
        return try await TrainingSession.query(on: app.db).filter(\.$course.$id == course.id!).filter(\.$title == "Extra date").first()!
    }

    func testTheLastPlaceIsBookedTheSecondSchoolWaitsAndIsOfferedThePlaceWhenTheFirstCancels() async throws {
        let session = try await lastPlaceSession()
        let first = TestClient(app)
        try await first.signIn(as: .schoolUser)
        let catalogue = try await first.get(SiteURL.training.path)
        XCTAssertEqual(catalogue.status, .ok)
        XCTAssertTrue(catalogue.body.contains(DemoTraining.lastPlaceCourse))
        let page = try await first.get(SiteURL.trainingSession(.value(session.id!)).path)
        XCTAssertTrue(page.body.contains("Book the place"), "one place left: the booking is confirmed, not waitlisted")
        let booked = try await first.post(SiteURL.trainingSessionPart(.value(session.id!), .book).path,
                                          ["delegate-name": "Sam Jones", "delegate-role": "teacher", "delegate-email": "sam.jones@school.example"])
        XCTAssertEqual(booked.status, .seeOther)
        XCTAssertEqual(booked.location, SiteURL.trainingPart(.bookings).path(["done": "confirmed"]))

        let second = TestClient(app)
        _ = try await second.signIn(DemoTraining.secondSENCOEmail)
        let full = try await second.get(SiteURL.trainingSession(.value(session.id!)).path)
        XCTAssertTrue(full.body.contains("Join the waiting list"), "a full session says so before booking")
        let waiting = try await second.post(SiteURL.trainingSessionPart(.value(session.id!), .book).path,
                                            ["delegate-name": "Robin Hale", "delegate-role": "senco", "delegate-email": "robin.hale@school2.example"])
        XCTAssertEqual(waiting.location, SiteURL.trainingPart(.bookings).path(["done": "waitlisted"]))
        let list = try await second.get(SiteURL.trainingPart(.bookings).path)
        XCTAssertTrue(list.body.contains("On the waiting list"))
        XCTAssertFalse(list.body.contains("Sam Jones"), "a school sees only its own bookings")

        let ours = try await TrainingBooking.query(on: app.db).filter(\.$session.$id == session.id!).filter(\.$delegateName == "Sam Jones").first()!
        // The second school cannot cancel the first school's booking: out of scope is 404.
        _ = try await second.get(SiteURL.trainingPart(.bookings).path)
        assertEqual(try await second.post(SiteURL.trainingBookingPart(.value(ours.id!), .cancel).path).status, .notFound)
        _ = try await first.get(SiteURL.trainingPart(.bookings).path)
        let cancelled = try await first.post(SiteURL.trainingBookingPart(.value(ours.id!), .cancel).path)
        XCTAssertEqual(cancelled.location, SiteURL.trainingPart(.bookings).path(["done": "cancelled"]))
        let robin = try await TrainingBooking.query(on: app.db).filter(\.$session.$id == session.id!).filter(\.$delegateName == "Robin Hale").first()!
        XCTAssertEqual(robin.status, .confirmed, "the first on the waiting list is offered the place")
        let mail = try await OutboxMessage.query(on: app.db).filter(\.$to == DemoTraining.secondSENCOEmail).all()
        XCTAssertEqual(mail.count, 1)
        XCTAssertTrue(mail[0].subject.contains("A training place is now yours"))
        assertEqual(try await OutboxMessage.query(on: app.db).filter(\.$to == "robin.hale@school2.example").count(), 1, "the delegate is told too")
        let actions = try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["training.booking.confirmed", "training.booking.waitlisted",
                                                                                   "training.booking.cancelled_by_delegate", "training.booking.offered"]).count()
        XCTAssertGreaterThanOrEqual(actions, 4, "each change has its audit row")
    }

    func testBookingMistakesGetTheErrorSummaryAndNothingIsSaved() async throws {
        let session = try await lastPlaceSession()
        let client = TestClient(app)
        try await client.signIn(as: .schoolUser)
        _ = try await client.get(SiteURL.trainingSession(.value(session.id!)).path)
        let before = try await TrainingBooking.query(on: app.db).count()
        let empty = try await client.post(SiteURL.trainingSessionPart(.value(session.id!), .book).path, ["delegate-email": "not an email"])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        XCTAssertTrue(empty.body.contains("govuk-error-summary"))
        XCTAssertTrue(empty.body.contains("Enter the name of the member of staff who will attend"))
        XCTAssertTrue(empty.body.contains("Select the member of staff&#39;s role") || empty.body.contains("Select the member of staff's role"))
        XCTAssertTrue(empty.body.contains("Enter an email address in the correct format"))
        // After the deadline: the domain's refusal, word for word.
        session.bookingDeadline = CalendarDate.today().adding(days: -1)
        try await session.save(on: app.db)
        let late = try await client.post(SiteURL.trainingSessionPart(.value(session.id!), .book).path, ["delegate-name": "Late Larry", "delegate-role": "teacher"])
        XCTAssertEqual(late.status, .unprocessableEntity)
        XCTAssertTrue(late.body.contains("Booking for this session closed on"))
        assertEqual(try await TrainingBooking.query(on: app.db).count(), before, "nothing saved")
    }

    func testAnOfficerAddsACourseAndASessionAndMistakesAreNamed() async throws {
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        _ = try await client.get(SiteURL.training.path)
        let bad = try await client.post(SiteURL.trainingPart(.courses).path, ["title": "", "length": "0", "price": "abc"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        for message in ["Enter the course", "Select the course", "Select who the course is for", "Enter the length in hours"] {
            XCTAssertTrue(bad.body.contains(message), message)
        }
        XCTAssertTrue(bad.body.contains("govuk-error-summary"))
        let good = try await client.post(SiteURL.trainingPart(.courses).path, ["title": "Sensory circuits", "area": "sensory-physical", "kind": "course",
                                                                              "audience[]": "ta", "length": "1.5", "price": "25", "academy-price": "40"])
        XCTAssertEqual(good.status, .seeOther, good.body)
        let course = try await TrainingCourse.query(on: app.db).filter(\.$title == "Sensory circuits").first()!
        XCTAssertEqual(course.pricePence, 2_500)
        XCTAssertEqual(course.academyPricePence, 4_000)
        XCTAssertEqual(course.lengthMinutes, 90)
        let on = CalendarDate.today().adding(days: 40)
        _ = try await client.get(SiteURL.training.path)
        let noVenue = try await client.post(SiteURL.trainingPart(.sessions).path, ["course": course.id!.uuidString, "on": on.description, "starts": "09:30",
                                                                                  "ends": "09:00", "capacity": "12", "deadline": on.adding(days: 1).description])
        XCTAssertEqual(noVenue.status, .unprocessableEntity)
        XCTAssertTrue(noVenue.body.contains("The session must end after it starts"))
        XCTAssertTrue(noVenue.body.contains("The booking deadline must be on or before the day of the session"))
        XCTAssertTrue(noVenue.body.contains("Enter a venue or an online link"))
        let made = try await client.post(SiteURL.trainingPart(.sessions).path, ["course": course.id!.uuidString, "on": on.description, "starts": "09:30",
                                                                               "ends": "11:00", "capacity": "12", "deadline": on.adding(days: -3).description,
                                                                               "venue": "Kidderminster Library"])
        XCTAssertEqual(made.status, .seeOther, made.body)
        let session = try await TrainingSession.query(on: app.db).filter(\.$course.$id == course.id!).first()!
        XCTAssertEqual(made.location, SiteURL.trainingSession(.value(session.id!)).path)
        XCTAssertEqual(session.capacity, 12)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["training.course.created", "training.session.created"]).count(), 2)
        // A school user cannot add courses: 404, as for any route out of their role.
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        _ = try await school.get(SiteURL.training.path)
        assertEqual(try await school.post(SiteURL.trainingPart(.courses).path, ["title": "x"]).status, .notFound)
    }

    func testTheRegisterMarksAttendanceAndTheSchoolPrintsACertificate() async throws {
        let session = try await lastPlaceSession()
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        _ = try await school.get(SiteURL.trainingSession(.value(session.id!)).path)
        _ = try await school.post(SiteURL.trainingSessionPart(.value(session.id!), .book).path, ["delegate-name": "Cara Cert", "delegate-role": "ta"])
        let booking = try await TrainingBooking.query(on: app.db).filter(\.$delegateName == "Cara Cert").first()!
        let officer = TestClient(app)
        try await officer.signIn(as: .metCoordinator)
        _ = try await officer.get(SiteURL.trainingSession(.value(session.id!)).path)
        let early = try await officer.post(SiteURL.trainingSessionPart(.value(session.id!), .register).path, ["booking": booking.id!.uuidString, "mark": "attended"])
        XCTAssertEqual(early.status, .unprocessableEntity)
        XCTAssertTrue(early.body.contains("The register opens on the day of the session"))
        // The session is held: move it to today.
        session.date = CalendarDate.today(); session.bookingDeadline = CalendarDate.today()
        try await session.save(on: app.db)
        let register = try await officer.get(SiteURL.trainingSession(.value(session.id!)).path)
        XCTAssertTrue(register.body.contains("Bookings and register"))
        XCTAssertTrue(register.body.contains("Did not attend"))
        let marked = try await officer.post(SiteURL.trainingSessionPart(.value(session.id!), .register).path, ["booking": booking.id!.uuidString, "mark": "attended"])
        XCTAssertEqual(marked.status, .seeOther)
        assertEqual(try await TrainingBooking.find(booking.id!, on: app.db)!.status, .attended)
        let certificate = try await school.get(SiteURL.trainingBookingPart(.value(booking.id!), .certificate).path)
        XCTAssertEqual(certificate.status, .ok)
        XCTAssertTrue(certificate.body.contains("Certificate of attendance") && certificate.body.contains("Cara Cert"))
        // Another school's certificate is out of scope.
        let other = TestClient(app)
        _ = try await other.signIn(DemoTraining.secondSENCOEmail)
        assertEqual(try await other.get(SiteURL.trainingBookingPart(.value(booking.id!), .certificate).path).status, .notFound)
    }

    func testUptakeFromTheCLIAndThePageAgreeAndNameNoChild() async throws {
        let year = CalendarDate.today().academicYearStart
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let schools = try await TrainingUptakeQuery.load(authorityID: authorityID, year: TrainingYear(startYear: year), db: app.db)
        // Worked by hand from the rows: pupils by school, and attended places this year.
        let children = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).all()
        let withPupils = Set(children.compactMap { $0.$homeSchool.id })
        XCTAssertEqual(Set(schools.map(\.id)), withPupils, "one row per school that has pupils")
        let bookings = try await TrainingBooking.query(on: app.db).filter(\.$statusRaw == "attended").with(\.$session).all()
            .filter { TrainingYear(startYear: year).contains($0.session.date) }
        for school in schools {
            let mine = children.filter { $0.$homeSchool.id == school.id }
            XCTAssertEqual(school.senSupport, mine.filter { $0.senProvision == SENProvision.senSupport.rawValue }.count)
            XCTAssertEqual(school.ehcPlans, mine.filter { $0.senProvision == SENProvision.ehcPlan.rawValue }.count)
            XCTAssertEqual(school.sessionsAttended, bookings.filter { $0.$school.id == school.id }.count)
        }
        XCTAssertGreaterThan(schools.map(\.sessionsAttended).reduce(0, +), 0, "the demo has attended places this year")
        let cli = try await ReportCommand.run(["training-uptake", "--academic-year", String(year), "--format", "csv", "--la-code", DemoSeeder.laCode], app: app)
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let lines = cli.stdout.split(separator: "\r\n").map(String.init)
        XCTAssertEqual(lines.first, "urn,school,sen_support,ehc_plans,staff_trained,sessions_attended,last_trained_on")
        XCTAssertEqual(lines.count, schools.count + 1)
        let bad = try await ReportCommand.run(["training-uptake", "--academic-year", "26/27", "--format", "csv", "--la-code", DemoSeeder.laCode], app: app)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("is not a year"))

        let officer = TestClient(app)
        try await officer.signIn(as: .caseworker)
        let page = try await officer.get(SiteURL.trainingPart(.uptake).path(["area": "semh", "minimum": "1"]))
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Schools with 1 or more pupils whose primary need is"))
        XCTAssertTrue(page.body.contains("Schools with no SENCO trained in the last 12 months"))
        for child in children.prefix(20) { XCTAssertFalse(page.body.contains(child.legalSurname + ", " + child.legalForename)) }
        let csv = try await officer.get(SiteURL.trainingPart(.uptake).path(["format": "csv"]))
        XCTAssertTrue(csv.body.hasPrefix(TrainingUptake.csvHeader))
        // The gap list is the domain rule applied to the same rows.
        let gaps = TrainingUptake.gaps(schools, area: .semh, minimumPupils: 1)
        XCTAssertTrue(page.body.contains("training this year (\(gaps.count))"))
    }

    func testChargesCSVListsEachChargedBookingForFinance() async throws {
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)
        let csv = try await finance.get(SiteURL.trainingPart(.chargesCSV).path)
        XCTAssertEqual(csv.status, .ok)
        let lines = csv.body.split(separator: "\r\n").map(String.init)
        XCTAssertEqual(lines.first, TrainingChargesQuery.header)
        let year = TrainingYear(containing: .today())
        let charged = try await TrainingBooking.query(on: app.db).filter(\.$chargePence > 0).with(\.$session).all().filter { year.contains($0.session.date) }
        XCTAssertEqual(lines.count - 1, charged.count)
        XCTAssertGreaterThan(charged.count, 0, "the demo has paid courses booked")
        // Each line's amount, read from the end: the policy cell is quoted (it holds commas) and the amount is just before it.
        let total = lines.dropFirst().map { line -> Int64 in
            let beforePolicy = line.hasSuffix("\"") ? String(line[..<line.dropLast().lastIndex(of: "\"")!]) : line
            let amount = beforePolicy.split(separator: ",", omittingEmptySubsequences: false).dropLast().last.map(String.init) ?? "0"
            return Money(decimal: amount)?.pence ?? -1
        }.reduce(0, +)
        XCTAssertEqual(total, charged.map(\.chargePence).reduce(0, +), "the CSV's amounts are the bookings' charges, to the penny")
    }

    func testTheCatalogueRunsAFixedNumberOfQueries() async throws {
        app.middleware.use(QueryCountingMiddleware())
        let client = TestClient(app)
        try await client.signIn(as: .schoolUser)
        _ = try await client.get(SiteURL.training.path)
        let before = QueryCountingMiddleware.last.withLockedValue { $0 }
        // As much again: another course with sessions and bookings.
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let session = try await lastPlaceSession()
        for n in 0..<5 {
            let extra = TrainingSession()
            extra.$authority.id = authorityID; extra.$course.id = session.$course.id; extra.title = "More \(n)"
            extra.date = CalendarDate.today().adding(days: 20 + n); extra.startsAt = 600; extra.endsAt = 660; extra.venue = "Hall"; extra.capacity = 5
            extra.bookingDeadline = extra.date; extra.status = "scheduled"
            try await extra.create(on: app.db)
        }
        let page = try await client.get(SiteURL.training.path)
        XCTAssertTrue(page.body.contains("More 4"))
        let after = QueryCountingMiddleware.last.withLockedValue { $0 }
        XCTAssertEqual(after, before, "more sessions must not mean more queries")
    }
}
