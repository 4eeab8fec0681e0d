import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// School users book places for named staff of their own school, see and cancel their school's bookings; officers take
/// the register; an attended booking has a printable certificate (TRAIN-2, TRAIN-3). A school user's school comes from
/// their account, never from the form, and another school's booking is 404.
struct TrainingBookingsController {
    static let bookers: Set<Role> = [.schoolUser]
    static let certificateReaders: Set<Role> = TrainingController.managers.union([.schoolUser])

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.POST, .trainingSessionPart(.key, .book), roles: Self.bookers, use: book)
        routes.secure(.GET, .trainingPart(.bookings), roles: Self.bookers, use: bookings)
        routes.secure(.POST, .trainingBookingPart(.key, .cancel), roles: Self.bookers, use: cancel)
        routes.secure(.POST, .trainingSessionPart(.key, .register), roles: TrainingController.managers, use: mark)
        routes.secure(.GET, .trainingBookingPart(.key, .certificate), roles: Self.certificateReaders, use: certificate)
    }

    struct BookForm: Content {
        var name: String?; var role: String?; var email: String?
        enum CodingKeys: String, CodingKey {
            case name = "delegate-name", role = "delegate-role", email = "delegate-email"
        }
    }
    struct MarkForm: Content { var booking: String?; var mark: String? }

    // MARK: booking

    @Sendable func book(_ req: Request, _ principal: Principal) async throws -> Response {
        let (session, course) = try await TrainingController.loadSession(req, principal)
        let form = (try? req.content.decode(BookForm.self)) ?? BookForm()
        guard let schoolID = principal.schoolID else { throw Abort(.notFound) }
        var checks = FormChecks()
        let name = checks.text(form.name, field: "delegate-name", missing: "Enter the name of the member of staff who will attend", limit: 120)
        let role = TrainingAudience(rawValue: form.role ?? "")
        if role == nil { checks.errors.append(FormError(field: "delegate-role", message: "Select the member of staff's role")) }
        let email = checks.optionalText(form.email, field: "delegate-email", limit: 254)
        if let email, !(email.contains("@") && email.contains(".") && !email.contains(" ")) {
            checks.errors.append(FormError(field: "delegate-email", message: "Enter an email address in the correct format, like name@school.example"))
        }
        var errors = checks.errors
        if errors.isEmpty, let role {
            let request = TrainingBookingService.Request(sessionID: try session.requireID(), schoolID: schoolID, delegateName: name, delegateRole: role,
                                                         delegateEmail: email, bookedByUserID: principal.userID, bookedByEmail: principal.email, today: .today())
            switch try await TrainingBookingService.book(request, authorityID: principal.authorityID, actor: principal.auditActor, on: req.db) {
            case let .success(row):
                return req.redirect(to: SiteURL.trainingPart(.bookings).path(["done": row.status.rawValue]))
            case .failure(.notFound): throw Abort(.notFound)
            case let .failure(.refused(problem)):
                // Issue 16 bad input: after the deadline or for a past session, a clear message and nothing saved.
                errors.append(FormError(field: problem.field == "session" ? "delegate-name" : problem.field, message: problem.description))
            case let .failure(.transition(problem)):
                errors.append(FormError(field: "delegate-name", message: problem.description))
            }
        }
        return try await TrainingController.sessionPage(req, principal, session, course, form: form, errors: errors, status: .unprocessableEntity)
    }

    struct BookingRow {
        let booking: TrainingBooking
        let session: TrainingSession
        let course: TrainingCourse
    }

    /// The school's bookings, newest session first: one query with its sessions and courses joined, and the policy.
    static func schoolBookings(_ principal: Principal, db: any Database) async throws -> [BookingRow] {
        guard let schoolID = principal.schoolID else { return [] }
        let rows = try await TrainingBooking.query(on: db).filter(\.$authority.$id == principal.authorityID).filter(\.$school.$id == schoolID)
            .join(TrainingSession.self, on: \TrainingBooking.$session.$id == \TrainingSession.$id)
            .join(TrainingCourse.self, on: \TrainingSession.$course.$id == \TrainingCourse.$id)
            .sort(TrainingSession.self, \.$date, .descending).sort(\.$createdAt).range(..<1000).all()
        return try rows.map { BookingRow(booking: $0, session: try $0.joined(TrainingSession.self), course: try $0.joined(TrainingCourse.self)) }
    }

    @Sendable func bookings(_ req: Request, _ principal: Principal) async throws -> Response {
        try await bookingsPage(req, principal, errors: [], status: .ok)
    }

    func bookingsPage(_ req: Request, _ principal: Principal, errors: [FormError], status: HTTPStatus) async throws -> Response {
        let rows = try await Self.schoolBookings(principal, db: req.db)
        let policy = try await TrainingSettings.policy(authorityID: principal.authorityID, on: req.db)
        var school: Establishment?
        if let id = principal.schoolID { school = try await Establishment.find(id, on: req.db) }
        let content = TrainingPages.bookings(rows, school: school, policy: policy, today: .today(), csrf: principal.csrfToken, errors: errors,
                                             banner: req.query[String.self, at: "done"])
        return .html(HTMLPage(title: "Your school's training bookings", chrome: try await req.chrome(for: principal, current: .training), errors: errors,
                              content: content), status: status)
    }

    /// A booking of the principal's own school, or 404.
    static func ownBooking(_ req: Request, _ principal: Principal) async throws -> TrainingBooking {
        guard let id = req.parameters.get("trainingBookingID").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        var query = TrainingBooking.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID)
        if principal.role == .schoolUser { query = query.filter(\.$school.$id == (principal.schoolID ?? UUID())) }
        guard let booking = try await query.first() else { throw Abort(.notFound) }
        return booking
    }

    @Sendable func cancel(_ req: Request, _ principal: Principal) async throws -> Response {
        let booking = try await Self.ownBooking(req, principal)
        switch try await TrainingBookingService.cancel(bookingID: try booking.requireID(), authorityID: principal.authorityID, byProvider: false,
                                                       reason: "Cancelled by the school", today: .today(), actor: principal.auditActor, on: req.db) {
        case .success: return req.redirect(to: SiteURL.trainingPart(.bookings).path(["done": "cancelled"]))
        case .failure(.notFound): throw Abort(.notFound)
        case let .failure(.transition(problem)):
            return try await bookingsPage(req, principal, errors: [FormError(field: "bookings", message: problem.description)], status: .unprocessableEntity)
        case let .failure(.refused(problem)):
            return try await bookingsPage(req, principal, errors: [FormError(field: "bookings", message: problem.description)], status: .unprocessableEntity)
        }
    }

    // MARK: the register

    /// Marks a confirmed place attended or not attended, through the one transition function (TRAIN-2). Marking
    /// "attended" is what sends the evaluation survey: SurveyDispatcher reads rows whose status is attended.
    @Sendable func mark(_ req: Request, _ principal: Principal) async throws -> Response {
        let (session, course) = try await TrainingController.loadSession(req, principal)
        let form = (try? req.content.decode(MarkForm.self)) ?? MarkForm()
        let sessionID = try session.requireID()
        func refuse(_ message: String) async throws -> Response {
            try await TrainingController.sessionPage(req, principal, session, course, form: .init(), errors: [FormError(field: "register", message: message)],
                                                     status: .unprocessableEntity)
        }
        guard let id = form.booking.flatMap(UUID.init(uuidString:)),
              let booking = try await TrainingBooking.query(on: req.db).filter(\.$id == id).filter(\.$session.$id == sessionID).first()
        else { return try await refuse("Choose a booking on this session's register") }
        let action: TrainingBookingStatus.Action
        switch form.mark {
        case "attended": action = .markAttended
        case "no-show": action = .markNoShow
        default: return try await refuse("Choose attended or did not attend")
        }
        if session.date > .today() { return try await refuse("The register opens on the day of the session, \(session.date.longFormat)") }
        let to: TrainingBookingStatus
        switch booking.status.next(action) {
        case let .failure(problem): return try await refuse(problem.description)
        case let .success(next): to = next
        }
        let policy = try await TrainingSettings.policy(authorityID: principal.authorityID, on: req.db)
        booking.statusRaw = to.rawValue; booking.version += 1
        booking.chargePence = TrainingChargeRules.charge(status: to, price: course.price, buyer: booking.buyer, policy: policy,
                                                         sessionOn: session.date, cancelledOn: nil).amount.pence
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await booking.save(on: db)
            return ([AuditEntry(action: "training.booking.\(to.rawValue)", entityType: "training_booking", entityID: id.uuidString, detail: "register")], ())
        }
        return req.redirect(to: SiteURL.trainingSession(.value(sessionID)).path(fragment: "register"))
    }

    // MARK: the certificate

    @Sendable func certificate(_ req: Request, _ principal: Principal) async throws -> Response {
        let booking = try await Self.ownBooking(req, principal)
        guard booking.status == .attended, let session = try await TrainingSession.find(booking.$session.id, on: req.db),
              let course = try await TrainingCourse.find(session.$course.id, on: req.db),
              let authority = try await Authority.find(principal.authorityID, on: req.db) else { throw Abort(.notFound) }
        let school = try await Establishment.find(booking.$school.id, on: req.db)
        try await AuditLog.record(AuditEntry(action: "training.certificate.view", entityType: "training_booking", entityID: booking.id?.uuidString),
                                  by: principal.auditActor, on: req.db)
        let content = TrainingPages.certificate(booking, session: session, course: course, school: school, council: authority.name)
        return .html(HTMLPage(title: "Certificate of attendance", chrome: try await req.chrome(for: principal, current: .training), errors: [], content: content))
    }
}
