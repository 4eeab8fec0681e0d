import Fluent
import Foundation
import SQLKit
import ContinuumDomain

/// Booking and cancelling places (TRAIN-2, TRAIN-3). Each runs in one audited transaction that serialises per session:
/// on PostgreSQL the session's row is locked with `SELECT … FOR UPDATE` (after the audit chain's advisory lock); on SQLite
/// the audited transaction takes the database's write lock first (SQLiteWriteLock), so the count of places taken and the
/// insert can never interleave with another booking's. 30 simultaneous bookings for 20 places give 20 confirmed and 10 waiting.
enum TrainingBookingService {
    struct Request: Sendable {
        var sessionID: UUID
        var schoolID: UUID
        var delegateName: String
        var delegateRole: TrainingAudience
        var delegateEmail: String?
        var bookedByUserID: UUID
        var bookedByEmail: String
        var today: CalendarDate
    }

    enum Failure: Error, Sendable {
        case notFound
        case refused(TrainingBookingRules.Problem)
        case transition(TrainingBookingStatus.TransitionProblem)
    }

    /// Locks the session's row for the rest of the transaction (PostgreSQL); SQLite is already serialised by its write lock.
    private static func lockSession(_ id: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        try await sql.raw("SELECT \(ident: "id") FROM \(ident: TrainingSession.schema) WHERE \(ident: "id") = \(bind: id) FOR UPDATE").run()
    }

    static func book(_ request: Request, authorityID: UUID, actor: AuditActor, on db: any Database) async throws -> Result<TrainingBooking, Failure> {
        try await AuditLog.transaction(on: db, actor: actor) { tx -> ([AuditEntry], Result<TrainingBooking, Failure>) in
            try await lockSession(request.sessionID, on: tx)
            guard let session = try await TrainingSession.query(on: tx).filter(\.$id == request.sessionID).filter(\.$authority.$id == authorityID).first(),
                  let course = try await TrainingCourse.find(session.$course.id, on: tx),
                  let school = try await Establishment.find(request.schoolID, on: tx) else { return ([], .failure(.notFound)) }
            let key = TrainingBookingRules.delegateKey(request.delegateName)
            let bookings = try await TrainingBooking.query(on: tx).filter(\.$session.$id == request.sessionID).all()
            let taken = bookings.filter { $0.status.holdsPlace }.count
            let lastPosition = bookings.filter { $0.status == .waitlisted }.compactMap(\.waitlistPosition).max() ?? 0
            let duplicate = bookings.first { $0.status.isActive && $0.delegateKey == key && $0.$school.id == request.schoolID }
            // TRAIN-4: at the conference a delegate chooses one of the sessions running at the same time.
            var parallel: String?
            if course.kind == .conference {
                let others = try await TrainingSession.query(on: tx).filter(\.$course.$id == course.id!).filter(\.$date == session.date)
                    .filter(\.$id != request.sessionID).all()
                let overlapping = others.filter { TrainingBookingRules.overlap((session.startsAt, session.endsAt), ($0.startsAt, $0.endsAt)) }
                if !overlapping.isEmpty {
                    let theirs = try await TrainingBooking.query(on: tx).filter(\.$session.$id ~~ overlapping.compactMap(\.id))
                        .filter(\.$school.$id == request.schoolID).filter(\.$delegateKey == key).all().filter { $0.status.isActive }
                    parallel = theirs.first.flatMap { b in overlapping.first { $0.id == b.$session.id } }.map { $0.label(course: course) }
                }
            }
            let decision: TrainingBookingRules.Decision
            switch TrainingBookingRules.decide(session: session.facts, placesTaken: taken, lastWaitlistPosition: lastPosition, today: request.today,
                                               delegateAlreadyBooked: duplicate?.delegateName, parallelBooking: parallel) {
            case let .failure(problem): return ([], .failure(.refused(problem)))
            case let .success(made): decision = made
            }
            let row = TrainingBooking()
            row.$authority.id = authorityID; row.$session.id = request.sessionID; row.$school.id = request.schoolID; row.schoolURN = school.urn
            row.delegateName = request.delegateName; row.delegateKey = key; row.delegateRole = request.delegateRole.rawValue
            row.delegateEmail = request.delegateEmail; row.bookedByUserID = request.bookedByUserID; row.bookedByEmail = request.bookedByEmail
            row.bookedOn = request.today; row.buyerRaw = TrainingBuyer.of(establishmentType: school.typeName).rawValue
            // The booking is requested, then decided: the one transition function moves it.
            let status = try TrainingBookingStatus.requested.next(decision == .confirmed ? .confirm : .waitlist).get()
            row.statusRaw = status.rawValue; row.waitlistPosition = decision.waitlistPosition
            row.chargePence = TrainingChargeRules.charge(status: status, price: course.price, buyer: row.buyer, policy: .standard,
                                                         sessionOn: session.date, cancelledOn: nil).amount.pence
            row.version = 1
            try await row.create(on: tx)
            return ([AuditEntry(action: "training.booking.\(status.rawValue)", entityType: "training_booking", entityID: row.id?.uuidString,
                                detail: "session=\(request.sessionID.uuidString) urn=\(school.urn)" + (decision.waitlistPosition.map { " waitlist=\($0)" } ?? ""))],
                    .success(row))
        }
    }

    /// Cancels a booking; a freed place is offered to the first waiting booking, with a message through the outbox.
    /// Returns the booking offered the place, if any.
    static func cancel(bookingID: UUID, authorityID: UUID, byProvider: Bool, reason: String?, today: CalendarDate, actor: AuditActor,
                       on db: any Database) async throws -> Result<TrainingBooking?, Failure> {
        try await AuditLog.transaction(on: db, actor: actor) { tx -> ([AuditEntry], Result<TrainingBooking?, Failure>) in
            guard let first = try await TrainingBooking.query(on: tx).filter(\.$id == bookingID).filter(\.$authority.$id == authorityID).first()
            else { return ([], .failure(.notFound)) }
            try await lockSession(first.$session.id, on: tx)
            guard let booking = try await TrainingBooking.find(bookingID, on: tx), let session = try await TrainingSession.find(booking.$session.id, on: tx),
                  let course = try await TrainingCourse.find(session.$course.id, on: tx) else { return ([], .failure(.notFound)) }
            let before = booking.status
            let after: TrainingBookingStatus
            switch before.next(byProvider ? .cancelByProvider : .cancelByDelegate) {
            case let .failure(problem): return ([], .failure(.transition(problem)))
            case let .success(to): after = to
            }
            let policy = try await TrainingSettings.policy(authorityID: authorityID, on: tx)
            booking.statusRaw = after.rawValue; booking.cancelledOn = today; booking.cancellationReason = reason
            booking.waitlistPosition = nil; booking.version += 1
            // A waiting booking cancelled held no place, so nothing is charged for it.
            let charged = TrainingChargeRules.charge(status: before == .waitlisted ? .waitlisted : after, price: course.price, buyer: booking.buyer,
                                                     policy: policy, sessionOn: session.date, cancelledOn: today)
            booking.chargePence = charged.amount.pence; booking.chargePolicy = policy.description
            try await booking.save(on: tx)
            var entries = [AuditEntry(action: "training.booking.\(after.rawValue)", entityType: "training_booking", entityID: bookingID.uuidString,
                                      detail: "charge=\(charged.amount.decimal) \(charged.reason)")]
            let waiting = try await TrainingBooking.query(on: tx).filter(\.$session.$id == session.id!).filter(\.$statusRaw == TrainingBookingStatus.waitlisted.rawValue).all()
            let outcome = TrainingBookingRules.afterCancellation(freedPlace: before.holdsPlace, sessionDate: session.date, today: today,
                                                                 waiting: waiting.map { .init(id: $0.id!, position: $0.waitlistPosition ?? Int.max) })
            var offered: TrainingBooking?
            for row in waiting {
                if row.id == outcome.offered {
                    row.statusRaw = try row.status.next(.offerPlace).get().rawValue
                    row.waitlistPosition = nil; row.offeredOn = today; row.version += 1
                    row.chargePence = TrainingChargeRules.charge(status: .confirmed, price: course.price, buyer: row.buyer, policy: policy,
                                                                 sessionOn: session.date, cancelledOn: nil).amount.pence
                    try await row.save(on: tx)
                    offered = row
                    let label = session.label(course: course)
                    let body = "A place has become free on \(label) on \(session.date.longFormat), \(session.timeLabel), and it is now confirmed for the member of staff "
                        + "your school put on the waiting list. Sign in to Continuum and open Training to see the booking, or cancel it if they can no longer come."
                    for to in Set([row.bookedByEmail] + (row.delegateEmail.map { [$0] } ?? [])) {
                        try await OutboxMessage(authorityID: authorityID, to: to, subject: "A training place is now yours: \(course.title)", body: body).create(on: tx)
                    }
                    entries.append(AuditEntry(action: "training.booking.offered", entityType: "training_booking", entityID: row.id?.uuidString,
                                              detail: "place freed by \(bookingID.uuidString)"))
                } else if let position = outcome.positions[row.id!], position != row.waitlistPosition {
                    row.waitlistPosition = position
                    try await row.save(on: tx)
                }
            }
            return (entries, .success(offered))
        }
    }
}
