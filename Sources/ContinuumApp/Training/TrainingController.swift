import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The training programme's catalogue, and the officers' forms for courses, sessions and cancelling a session
/// (issue 16 part 2, TRAIN-1, TRAIN-4). Pipe: decode → domain rule → save with its audit row → redirect.
struct TrainingController {
    /// The council staff who run the programme.
    static let managers: Set<Role> = [.administrator, .caseworker, .metCoordinator]
    /// Who reads the catalogue: the managers, school users (who book), and finance and members (who see the programme).
    static let readers: Set<Role> = managers.union([.schoolUser, .finance, .electedMember])
    /// Who opens a session's page: the managers (its register) and school users (to book).
    static let sessionReaders: Set<Role> = managers.union([.schoolUser])

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .training, roles: Self.readers, use: catalogue)
        routes.secure(.POST, .trainingPart(.courses), roles: Self.managers, use: createCourse)
        routes.secure(.POST, .trainingPart(.sessions), roles: Self.managers, use: createSession)
        routes.secure(.GET, .trainingSession(.key), roles: Self.sessionReaders, use: session)
        routes.secure(.POST, .trainingSessionPart(.key, .cancel), roles: Self.managers, use: cancelSession)
    }

    struct CourseForm: Content {
        var title: String?; var code: String?; var kind: String?; var area: String?; var audience: [String]?
        var length: String?; var price: String?; var academyPrice: String?; var provider: String?
        enum CodingKeys: String, CodingKey {
            // "audience[]" in the form: Vapor's form decoder gathers the checkboxes into `audience`.
            case title, code, kind, area, length, price, provider, audience
            case academyPrice = "academy-price"
        }
    }

    struct SessionForm: Content {
        var course: String?; var title: String?; var on: String?; var starts: String?; var ends: String?
        var venue: String?; var link: String?; var capacity: String?; var deadline: String?
    }

    // MARK: the catalogue

    struct Catalogue {
        var year: TrainingYear
        var courses: [TrainingCourse]
        var sessions: [TrainingSession]
        var taken: [UUID: Int]
    }

    /// Three queries whatever the programme's size: the year's courses, their sessions, and the places held.
    static func loadCatalogue(authorityID: UUID, year: TrainingYear, db: any Database) async throws -> Catalogue {
        let courses = try await TrainingCourse.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$academicYear == year.startYear)
            .sort(\.$title).all()
        let sessions = try await TrainingSession.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$date >= year.start).filter(\.$date <= year.end).sort(\.$date).sort(\.$startsAt).all()
        let holding = TrainingBookingStatus.allCases.filter(\.holdsPlace).map(\.rawValue)
        let held = try await TrainingBooking.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$statusRaw ~~ holding)
            .join(TrainingSession.self, on: \TrainingBooking.$session.$id == \TrainingSession.$id)
            .filter(TrainingSession.self, \.$date >= year.start).filter(TrainingSession.self, \.$date <= year.end)
            .all(\.$session.$id)
        var taken: [UUID: Int] = [:]
        for id in held { taken[id, default: 0] += 1 }
        return Catalogue(year: year, courses: courses, sessions: sessions, taken: taken)
    }

    static func year(_ req: Request) -> TrainingYear {
        if let start = req.query[Int.self, at: "year"], (2000...2100).contains(start) { return TrainingYear(startYear: start) }
        return TrainingYear(containing: .today())
    }

    @Sendable func catalogue(_ req: Request, _ principal: Principal) async throws -> Response {
        try await cataloguePage(req, principal, course: CourseForm(), session: SessionForm(), errors: [], status: .ok)
    }

    func cataloguePage(_ req: Request, _ principal: Principal, course: CourseForm, session: SessionForm, errors: [FormError], status: HTTPStatus) async throws -> Response {
        let catalogue = try await Self.loadCatalogue(authorityID: principal.authorityID, year: Self.year(req), db: req.db)
        let content = TrainingPages.catalogue(catalogue, role: principal.role, today: .today(), course: course, session: session, errors: errors,
                                              csrf: principal.csrfToken, banner: req.query[String.self, at: "done"])
        return .html(HTMLPage(title: "Training for schools", chrome: try await req.chrome(for: principal, current: .training), errors: errors, content: content),
                     status: status)
    }

    // MARK: courses

    @Sendable func createCourse(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(CourseForm.self)) ?? CourseForm()
        var checks = FormChecks()
        let title = checks.text(form.title, field: "title", missing: "Enter the course's title", limit: 200)
        let kind = TrainingCourseKind(rawValue: form.kind ?? "") ?? .course
        let area = TrainingArea(rawValue: form.area ?? "")
        if area == nil { checks.errors.append(FormError(field: "area", message: "Select the course's targeted area")) }
        let audience = (form.audience ?? []).compactMap(TrainingAudience.init(rawValue:))
        if audience.isEmpty { checks.errors.append(FormError(field: "audience", message: "Select who the course is for")) }
        let minutes = TrainingLength.minutes(hours: form.length ?? "")
        if minutes == nil { checks.errors.append(FormError(field: "length", message: "Enter the length in hours, like 3 or 1.5 (at least a quarter of an hour, at most 100 hours)")) }
        let price = checks.money(form.price, field: "price", subject: "the price for maintained schools")
        let academy = checks.money(form.academyPrice, field: "academy-price", subject: "the price for academies", required: false)
        let provider = checks.optionalText(form.provider, field: "provider", limit: 200) ?? "The council's SEND team"
        let year = TrainingYear(containing: .today()).startYear
        let existing = try await TrainingCourse.query(on: req.db).filter(\.$authority.$id == principal.authorityID).all(\.$code)
        var code = (checks.optionalText(form.code, field: "code", limit: 40) ?? "").uppercased()
        if code.isEmpty, let area {
            let stem = "\(area.rawValue.uppercased())-\(year)"
            var n = 1
            while existing.contains("\(stem)-\(n)") { n += 1 }
            code = "\(stem)-\(n)"
        } else if existing.contains(code) {
            checks.errors.append(FormError(field: "code", message: "Another course already has the code \(code): choose another"))
        }
        let errors = checks.errors
        let finalCode = code
        guard errors.isEmpty, let area, let minutes, let price else {
            return try await cataloguePage(req, principal, course: form, session: SessionForm(), errors: errors, status: .unprocessableEntity)
        }
        let row = TrainingCourse()
        row.$authority.id = principal.authorityID; row.academicYear = year; row.code = finalCode; row.title = title
        row.kindRaw = kind.rawValue; row.areaRaw = area.rawValue; row.audienceRaw = audience.map(\.rawValue).joined(separator: ";")
        row.lengthMinutes = minutes; row.pricePence = price.pence; row.academyPricePence = academy?.pence; row.provider = provider
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await row.create(on: db)
            return ([AuditEntry(action: "training.course.created", entityType: "training_course", entityID: row.id?.uuidString,
                                detail: "\(finalCode) \(area.rawValue) price=\(price.decimal)" + (academy.map { " academy=\($0.decimal)" } ?? ""))], ())
        }
        return req.redirect(to: SiteURL.training.path(["done": "course"]))
    }

    // MARK: sessions

    @Sendable func createSession(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(SessionForm.self)) ?? SessionForm()
        let today = CalendarDate.today()
        var checks = FormChecks()
        var course: TrainingCourse?
        if let id = form.course.flatMap(UUID.init(uuidString:)) {
            course = try await TrainingCourse.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first()
        }
        if course == nil { checks.errors.append(FormError(field: "course", message: "Select the course the session belongs to")) }
        let date = checks.date(form.on, field: "on", label: "the day of the session", today: today, allowFuture: true)
        let deadline = checks.date(form.deadline, field: "deadline", label: "the booking deadline", today: today, allowFuture: true)
        let starts = TrainingTime.minutes(form.starts ?? ""), ends = TrainingTime.minutes(form.ends ?? "")
        if starts == nil { checks.errors.append(FormError(field: "starts", message: "Enter the start time as hours and minutes, like 09:30")) }
        if ends == nil { checks.errors.append(FormError(field: "ends", message: "Enter the end time as hours and minutes, like 12:30")) }
        let venue = checks.optionalText(form.venue, field: "venue", limit: 300)
        let link = checks.optionalText(form.link, field: "link", limit: 500)
        if let link, !(link.hasPrefix("https://") || link.hasPrefix("http://")) {
            checks.errors.append(FormError(field: "link", message: "Enter the online link as a web address starting https://"))
        }
        let title = checks.optionalText(form.title, field: "title", limit: 200)
        let capacity = Int((form.capacity ?? "").trimmingCharacters(in: .whitespaces))
        if let date, let deadline, let starts, let ends {
            // TRAIN-1: a session carries a date, a venue or a link, a capacity and a booking deadline.
            for problem in TrainingBookingRules.checkSession(date: date, deadline: deadline, startsAt: starts, endsAt: ends, capacity: capacity,
                                                             venue: venue, onlineLink: link) {
                checks.errors.append(FormError(field: problem.field == "ends-at" ? "ends" : problem.field == "venue" ? "venue" : problem.field, message: problem.description))
            }
            if date < today { checks.errors.append(FormError(field: "on", message: "The day of the session must be today or later")) }
        } else if capacity == nil || !(1...2000).contains(capacity!) {
            checks.errors.append(FormError(field: "capacity", message: TrainingBookingRules.SessionProblem.capacity.description))
        }
        let errors = checks.errors
        guard errors.isEmpty, let course, let date, let deadline, let starts, let ends, let capacity else {
            return try await cataloguePage(req, principal, course: CourseForm(), session: form, errors: errors, status: .unprocessableEntity)
        }
        let row = TrainingSession()
        row.$authority.id = principal.authorityID; row.$course.id = try course.requireID(); row.title = title
        row.date = date; row.startsAt = starts; row.endsAt = ends; row.venue = venue; row.onlineLink = link
        row.capacity = capacity; row.bookingDeadline = deadline; row.status = "scheduled"
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await row.create(on: db)
            return ([AuditEntry(action: "training.session.created", entityType: "training_session", entityID: row.id?.uuidString,
                                detail: "\(course.code) \(date) capacity=\(capacity) deadline=\(deadline)")], ())
        }
        return req.redirect(to: SiteURL.trainingSession(.value(row.id!)).path)
    }

    // MARK: one session

    static func loadSession(_ req: Request, _ principal: Principal) async throws -> (TrainingSession, TrainingCourse) {
        guard let id = req.parameters.get("trainingSessionID").flatMap(UUID.init(uuidString:)),
              let session = try await TrainingSession.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first(),
              let course = try await TrainingCourse.find(session.$course.id, on: req.db) else { throw Abort(.notFound) }
        return (session, course)
    }

    @Sendable func session(_ req: Request, _ principal: Principal) async throws -> Response {
        let (session, course) = try await Self.loadSession(req, principal)
        return try await Self.sessionPage(req, principal, session, course, form: TrainingBookingsController.BookForm(), errors: [], status: .ok)
    }

    static func sessionPage(_ req: Request, _ principal: Principal, _ session: TrainingSession, _ course: TrainingCourse,
                            form: TrainingBookingsController.BookForm, errors: [FormError], status: HTTPStatus) async throws -> Response {
        let sessionID = try session.requireID()
        let manager = managers.contains(principal.role)
        // A school user sees only their own school's bookings; the council sees the whole register.
        var query = TrainingBooking.query(on: req.db).filter(\.$session.$id == sessionID)
        if !manager { query = query.filter(\.$school.$id == (principal.schoolID ?? UUID())) }
        let bookings = try await query.sort(\.$createdAt).all()
        let taken = try await TrainingBooking.query(on: req.db).filter(\.$session.$id == sessionID)
            .filter(\.$statusRaw ~~ TrainingBookingStatus.allCases.filter(\.holdsPlace).map(\.rawValue)).count()
        let schoolIDs = Set(bookings.map { $0.$school.id })
        var schools: [UUID: Establishment] = [:]
        if !schoolIDs.isEmpty {
            for school in try await Establishment.query(on: req.db).filter(\.$id ~~ schoolIDs).all() { schools[school.id!] = school }
        }
        let content = TrainingPages.session(session, course: course, bookings: bookings, taken: taken, schools: schools, manager: manager,
                                            canBook: principal.role == .schoolUser && principal.schoolID != nil, today: .today(),
                                            form: form, errors: errors, csrf: principal.csrfToken, banner: req.query[String.self, at: "done"])
        return .html(HTMLPage(title: session.label(course: course), chrome: try await req.chrome(for: principal, current: .training), errors: errors,
                              content: content), status: status)
    }

    /// The council cancels a session: every booking still standing is cancelled by the provider through the one transition
    /// function (TRAIN-3: refunded in full), and each school that booked is told through the outbox.
    @Sendable func cancelSession(_ req: Request, _ principal: Principal) async throws -> Response {
        let (session, course) = try await Self.loadSession(req, principal)
        guard !session.isCancelled else {
            return try await Self.sessionPage(req, principal, session, course, form: .init(),
                                              errors: [FormError(field: "cancel-session", message: "This session is already cancelled")], status: .unprocessableEntity)
        }
        let sessionID = try session.requireID()
        let today = CalendarDate.today()
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            session.status = "cancelled"
            try await session.save(on: db)
            var entries = [AuditEntry(action: "training.session.cancelled", entityType: "training_session", entityID: sessionID.uuidString, detail: course.code)]
            for booking in try await TrainingBooking.query(on: db).filter(\.$session.$id == sessionID).all() {
                guard case let .success(to) = booking.status.next(.cancelByProvider) else { continue }
                booking.statusRaw = to.rawValue; booking.cancelledOn = today; booking.cancellationReason = "The council cancelled the session"
                booking.waitlistPosition = nil; booking.chargePence = 0; booking.version += 1
                try await booking.save(on: db)
                try await OutboxMessage(authorityID: principal.authorityID, to: booking.bookedByEmail, subject: "Training cancelled: \(course.title)",
                                        body: "The council has cancelled \(session.label(course: course)) on \(session.date.longFormat). "
                                            + "The booking for \(booking.delegateName) is cancelled and nothing will be charged.").create(on: db)
                entries.append(AuditEntry(action: "training.booking.cancelled_by_provider", entityType: "training_booking", entityID: booking.id?.uuidString,
                                          detail: "session cancelled"))
            }
            return (entries, ())
        }
        return req.redirect(to: SiteURL.trainingSession(.value(sessionID)).path(["done": "cancelled"]))
    }
}
