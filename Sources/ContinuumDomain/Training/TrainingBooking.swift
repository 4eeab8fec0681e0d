import Foundation

/// A booking's status (TRAIN-2). Stored as its raw value; it moves only through `next(_:)`.
public enum TrainingBookingStatus: String, CaseIterable, Sendable, Codable {
    case requested
    case confirmed
    case waitlisted
    case cancelledByDelegate = "cancelled_by_delegate"
    case cancelledByProvider = "cancelled_by_provider"
    case attended
    case noShow = "no_show"

    public var label: String {
        switch self {
        case .requested: "Requested"
        case .confirmed: "Confirmed"
        case .waitlisted: "On the waiting list"
        case .cancelledByDelegate: "Cancelled by the school"
        case .cancelledByProvider: "Cancelled by the council"
        case .attended: "Attended"
        case .noShow: "Did not attend"
        }
    }

    /// Holds one of the session's places: a confirmed booking, and afterwards its register mark.
    public var holdsPlace: Bool { [.confirmed, .attended, .noShow].contains(self) }
    public var isCancelled: Bool { self == .cancelledByDelegate || self == .cancelledByProvider }
    /// Still live: a duplicate booking for the same person is refused while one of these stands.
    public var isActive: Bool { [.requested, .confirmed, .waitlisted, .attended, .noShow].contains(self) }

    public enum Action: String, CaseIterable, Sendable {
        /// The booking decision: a place was free.
        case confirm
        /// The booking decision: the session was full (TRAIN-2: first come, first served).
        case waitlist
        /// A place came free and the first on the waiting list was offered it (TRAIN-2: a reserve list offered in order).
        case offerPlace = "offer-place"
        case cancelByDelegate = "cancel-by-delegate"
        case cancelByProvider = "cancel-by-provider"
        case markAttended = "mark-attended"
        case markNoShow = "mark-no-show"
    }

    public struct TransitionProblem: Error, Hashable, Sendable, CustomStringConvertible {
        public let from: TrainingBookingStatus
        public let action: Action
        public var description: String {
            switch (from, action) {
            case (_, .cancelByDelegate) where from.isCancelled, (_, .cancelByProvider) where from.isCancelled: "This booking is already cancelled"
            case (.attended, .cancelByDelegate), (.noShow, .cancelByDelegate), (.attended, .cancelByProvider), (.noShow, .cancelByProvider):
                "The register is already taken for this booking, so it can no longer be cancelled"
            case (_, .markAttended), (_, .markNoShow): "Only a confirmed place can be marked on the register (this booking is \(from.label.lowercased()))"
            default: "A booking that is \(from.label.lowercased()) cannot be changed that way"
            }
        }
    }

    // TRAIN-2: requested → confirmed or waitlisted; waitlisted → confirmed when offered a place; confirmed → attended or no_show
    // on the register (either mark may be corrected to the other); anything not yet on the register may be cancelled, by either side.
    public func next(_ action: Action) -> Result<TrainingBookingStatus, TransitionProblem> {
        let to: TrainingBookingStatus? = switch (self, action) {
        case (.requested, .confirm): .confirmed
        case (.requested, .waitlist): .waitlisted
        case (.waitlisted, .offerPlace): .confirmed
        case (.requested, .cancelByDelegate), (.confirmed, .cancelByDelegate), (.waitlisted, .cancelByDelegate): .cancelledByDelegate
        case (.requested, .cancelByProvider), (.confirmed, .cancelByProvider), (.waitlisted, .cancelByProvider): .cancelledByProvider
        case (.confirmed, .markAttended), (.noShow, .markAttended): .attended
        case (.confirmed, .markNoShow), (.attended, .markNoShow): .noShow
        default: nil
        }
        guard let to else { return .failure(TransitionProblem(from: self, action: action)) }
        return .success(to)
    }
}

/// What a booking needs to know about its session.
public struct TrainingSessionFacts: Hashable, Sendable {
    public var date: CalendarDate
    public var bookingDeadline: CalendarDate
    public var capacity: Int
    public var cancelled: Bool

    public init(date: CalendarDate, bookingDeadline: CalendarDate, capacity: Int, cancelled: Bool = false) {
        self.date = date; self.bookingDeadline = bookingDeadline; self.capacity = capacity; self.cancelled = cancelled
    }
}

/// The booking decision, the waiting list and the session rules (TRAIN-1, TRAIN-2, issue 16's bad input).
public enum TrainingBookingRules {
    public enum Decision: Hashable, Sendable {
        case confirmed
        case waitlisted(position: Int)

        public var status: TrainingBookingStatus { self == .confirmed ? .confirmed : .waitlisted }
        public var waitlistPosition: Int? { if case let .waitlisted(position) = self { position } else { nil } }
    }

    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case pastSession(CalendarDate)
        case afterDeadline(CalendarDate)
        case sessionCancelled
        case alreadyBooked(String)
        case otherParallelSession(String)

        public var field: String {
            switch self {
            case .alreadyBooked, .otherParallelSession: "delegate-name"
            default: "session"
            }
        }

        public var description: String {
            switch self {
            case let .pastSession(date): "This session took place on \(date.longFormat): a past session cannot be booked"
            case let .afterDeadline(deadline): "Booking for this session closed on \(deadline.longFormat): ask the training team whether a late place is possible"
            case .sessionCancelled: "This session has been cancelled and cannot be booked"
            case let .alreadyBooked(name): "\(name) already has a booking for this session"
            case let .otherParallelSession(title): "This delegate is already booked on \(title), which runs at the same time at the conference: cancel that booking first to choose another"
            }
        }
    }

    // Issue 16 bad input: "a booking after the deadline or for a past session" is refused with a clear message; the deadline day itself may book.
    // TRAIN-2: first come, first served; once the confirmed places reach the capacity, a booking joins the end of the waiting list.
    public static func decide(session: TrainingSessionFacts, placesTaken: Int, lastWaitlistPosition: Int, today: CalendarDate,
                              delegateAlreadyBooked: String? = nil, parallelBooking: String? = nil) -> Result<Decision, Problem> {
        if session.cancelled { return .failure(.sessionCancelled) }
        if session.date < today { return .failure(.pastSession(session.date)) }
        if session.bookingDeadline < today { return .failure(.afterDeadline(session.bookingDeadline)) }
        if let name = delegateAlreadyBooked { return .failure(.alreadyBooked(name)) }
        if let title = parallelBooking { return .failure(.otherParallelSession(title)) }
        if placesTaken < session.capacity { return .success(.confirmed) }
        return .success(.waitlisted(position: lastWaitlistPosition + 1))
    }

    public struct WaitlistEntry: Hashable, Sendable {
        public let id: UUID
        public let position: Int
        public init(id: UUID, position: Int) { self.id = id; self.position = position }
    }

    /// What a cancellation does to the waiting list.
    public struct AfterCancellation: Hashable, Sendable {
        /// The first waiting booking, now offered the freed place.
        public let offered: UUID?
        /// Every booking still waiting, with its new position (1, 2, …, in the order they joined).
        public let positions: [UUID: Int]
    }

    // TRAIN-2: a reserve list offered in order. A freed place goes to the first waiting booking, and only while the session is still to come;
    // a waiting booking that is cancelled frees no place, and the list closes up behind it.
    public static func afterCancellation(freedPlace: Bool, sessionDate: CalendarDate, today: CalendarDate, waiting: [WaitlistEntry]) -> AfterCancellation {
        var queue = waiting.sorted { $0.position < $1.position }
        var offered: UUID?
        if freedPlace && sessionDate >= today, !queue.isEmpty { offered = queue.removeFirst().id }
        var positions: [UUID: Int] = [:]
        for (index, entry) in queue.enumerated() { positions[entry.id] = index + 1 }
        return AfterCancellation(offered: offered, positions: positions)
    }

    /// Problems with a session as staff enter it: every one reported together.
    public enum SessionProblem: Error, Hashable, Sendable, CustomStringConvertible {
        case capacity
        case deadlineAfterSession
        case endsBeforeStart
        case noVenue
        case capacityBelowBooked(Int)

        public var field: String {
            switch self {
            case .capacity, .capacityBelowBooked: "capacity"
            case .deadlineAfterSession: "deadline"
            case .endsBeforeStart: "ends-at"
            case .noVenue: "venue"
            }
        }

        public var description: String {
            switch self {
            case .capacity: "Capacity must be a whole number of places from 1 to 2000"
            case .deadlineAfterSession: "The booking deadline must be on or before the day of the session"
            case .endsBeforeStart: "The session must end after it starts"
            case .noVenue: "Enter a venue or an online link"
            case let .capacityBelowBooked(n): "\(n) places are already confirmed: the capacity cannot be fewer"
            }
        }
    }

    // TRAIN-1: a session carries a date, a venue or a link, a capacity and a booking deadline.
    public static func checkSession(date: CalendarDate, deadline: CalendarDate, startsAt: Int, endsAt: Int, capacity: Int?,
                                    venue: String?, onlineLink: String?) -> [SessionProblem] {
        var problems: [SessionProblem] = []
        if capacity == nil || !(1...2000).contains(capacity!) { problems.append(.capacity) }
        if deadline > date { problems.append(.deadlineAfterSession) }
        if endsAt <= startsAt { problems.append(.endsBeforeStart) }
        if (venue ?? "").isEmpty && (onlineLink ?? "").isEmpty { problems.append(.noVenue) }
        return problems
    }

    /// Two sessions of one day overlap when each starts before the other ends (TRAIN-4: parallel sessions, one choice per delegate).
    public static func overlap(_ a: (start: Int, end: Int), _ b: (start: Int, end: Int)) -> Bool { a.start < b.end && b.start < a.end }

    /// The key a delegate's name is matched by: trimmed, spaces collapsed, lower case.
    public static func delegateKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
