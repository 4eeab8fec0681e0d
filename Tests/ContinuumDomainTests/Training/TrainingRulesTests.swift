import XCTest
@testable import ContinuumDomain

/// Issue 16 part 2: the training programme's rules (TRAIN-1 to TRAIN-6).
final class TrainingRulesTests: XCTestCase {
    private func d(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    // MARK: TRAIN-2 status transitions, every status × every action

    func testEveryTransition() {
        typealias S = TrainingBookingStatus
        let allowed: [S: [S.Action: S]] = [
            .requested: [.confirm: .confirmed, .waitlist: .waitlisted, .cancelByDelegate: .cancelledByDelegate, .cancelByProvider: .cancelledByProvider],
            .waitlisted: [.offerPlace: .confirmed, .cancelByDelegate: .cancelledByDelegate, .cancelByProvider: .cancelledByProvider],
            .confirmed: [.cancelByDelegate: .cancelledByDelegate, .cancelByProvider: .cancelledByProvider, .markAttended: .attended, .markNoShow: .noShow],
            .attended: [.markNoShow: .noShow],
            .noShow: [.markAttended: .attended],
            .cancelledByDelegate: [:],
            .cancelledByProvider: [:],
        ]
        var checked = 0
        for status in S.allCases {
            for action in S.Action.allCases {
                switch status.next(action) {
                case let .success(to): XCTAssertEqual(allowed[status]?[action], to, "\(status) + \(action)")
                case let .failure(problem):
                    XCTAssertNil(allowed[status]?[action], "\(status) + \(action) should be allowed")
                    XCTAssertEqual(problem.from, status)
                    XCTAssertFalse(problem.description.isEmpty)
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, 49)
        if case let .failure(problem) = S.cancelledByDelegate.next(.cancelByDelegate) { XCTAssertEqual(problem.description, "This booking is already cancelled") }
        if case let .failure(problem) = S.attended.next(.cancelByDelegate) {
            XCTAssertEqual(problem.description, "The register is already taken for this booking, so it can no longer be cancelled")
        } else { XCTFail("an attended booking cannot be cancelled") }
        if case let .failure(problem) = S.waitlisted.next(.markAttended) { XCTAssertTrue(problem.description.contains("on the waiting list")) }
    }

    func testStatusFlags() {
        XCTAssertEqual(TrainingBookingStatus.allCases.filter(\.holdsPlace), [.confirmed, .attended, .noShow])
        XCTAssertEqual(TrainingBookingStatus.allCases.filter(\.isCancelled), [.cancelledByDelegate, .cancelledByProvider])
        XCTAssertEqual(TrainingBookingStatus(rawValue: "no_show"), .noShow)
        XCTAssertEqual(TrainingBookingStatus(rawValue: "cancelled_by_provider"), .cancelledByProvider)
    }

    // MARK: the booking decision

    private let session = TrainingSessionFacts(date: CalendarDate(year: 2026, month: 11, day: 20), bookingDeadline: CalendarDate(year: 2026, month: 11, day: 13), capacity: 20)

    func testAPlaceIsConfirmedUntilTheSessionIsFullThenTheWaitingListGrows() {
        let today = d("2026-11-01")
        XCTAssertEqual(TrainingBookingRules.decide(session: session, placesTaken: 0, lastWaitlistPosition: 0, today: today), .success(.confirmed))
        XCTAssertEqual(TrainingBookingRules.decide(session: session, placesTaken: 19, lastWaitlistPosition: 0, today: today), .success(.confirmed))
        XCTAssertEqual(TrainingBookingRules.decide(session: session, placesTaken: 20, lastWaitlistPosition: 0, today: today), .success(.waitlisted(position: 1)))
        XCTAssertEqual(TrainingBookingRules.decide(session: session, placesTaken: 20, lastWaitlistPosition: 7, today: today), .success(.waitlisted(position: 8)))
        XCTAssertEqual(TrainingBookingRules.Decision.waitlisted(position: 3).status, .waitlisted)
        XCTAssertEqual(TrainingBookingRules.Decision.waitlisted(position: 3).waitlistPosition, 3)
        XCTAssertNil(TrainingBookingRules.Decision.confirmed.waitlistPosition)
    }

    func testThirtyBookingsInTurnForTwentyPlacesGiveTwentyAndTen() {
        var taken = 0, last = 0
        var results: [TrainingBookingRules.Decision] = []
        for _ in 0..<30 {
            let decision = try! TrainingBookingRules.decide(session: session, placesTaken: taken, lastWaitlistPosition: last, today: d("2026-11-01")).get()
            if decision == .confirmed { taken += 1 } else { last = decision.waitlistPosition! }
            results.append(decision)
        }
        XCTAssertEqual(results.filter { $0 == .confirmed }.count, 20)
        XCTAssertEqual(results.compactMap(\.waitlistPosition), Array(1...10))
    }

    func testBadBookingsAreRefusedWithAClearMessage() {
        XCTAssertEqual(TrainingBookingRules.decide(session: session, placesTaken: 0, lastWaitlistPosition: 0, today: d("2026-11-13")), .success(.confirmed), "the deadline day itself may book")
        let late = TrainingBookingRules.decide(session: session, placesTaken: 0, lastWaitlistPosition: 0, today: d("2026-11-14"))
        XCTAssertEqual(late, .failure(.afterDeadline(d("2026-11-13"))))
        XCTAssertEqual(TrainingBookingRules.Problem.afterDeadline(d("2026-11-13")).description,
                       "Booking for this session closed on 13 November 2026: ask the training team whether a late place is possible")
        let past = TrainingBookingRules.decide(session: session, placesTaken: 0, lastWaitlistPosition: 0, today: d("2026-11-21"))
        XCTAssertEqual(past, .failure(.pastSession(d("2026-11-20"))), "a past session says so, before the deadline")
        XCTAssertEqual(TrainingBookingRules.Problem.pastSession(d("2026-11-20")).description, "This session took place on 20 November 2026: a past session cannot be booked")
        var cancelled = session
        cancelled.cancelled = true
        XCTAssertEqual(TrainingBookingRules.decide(session: cancelled, placesTaken: 0, lastWaitlistPosition: 0, today: d("2026-11-01")), .failure(.sessionCancelled))
        XCTAssertEqual(TrainingBookingRules.decide(session: session, placesTaken: 0, lastWaitlistPosition: 0, today: d("2026-11-01"), delegateAlreadyBooked: "Ann Lee"),
                       .failure(.alreadyBooked("Ann Lee")))
        XCTAssertEqual(TrainingBookingRules.decide(session: session, placesTaken: 25, lastWaitlistPosition: 5, today: d("2026-11-01"), parallelBooking: "Workshop A"),
                       .failure(.otherParallelSession("Workshop A")))
        XCTAssertEqual(TrainingBookingRules.Problem.alreadyBooked("x").field, "delegate-name")
        XCTAssertEqual(TrainingBookingRules.Problem.afterDeadline(d("2026-11-13")).field, "session")
    }

    // MARK: the waiting list

    func testACancelledPlaceGoesToTheFirstWaitingAndTheListClosesUp() {
        let ids = (0..<4).map { _ in UUID() }
        let waiting = [TrainingBookingRules.WaitlistEntry(id: ids[2], position: 3), .init(id: ids[0], position: 1), .init(id: ids[1], position: 2)]
        let after = TrainingBookingRules.afterCancellation(freedPlace: true, sessionDate: d("2026-11-20"), today: d("2026-11-19"), waiting: waiting)
        XCTAssertEqual(after.offered, ids[0])
        XCTAssertEqual(after.positions, [ids[1]: 1, ids[2]: 2])
        // A waiting booking cancelled frees no place: nobody is offered one, and the list closes up.
        let left = TrainingBookingRules.afterCancellation(freedPlace: false, sessionDate: d("2026-11-20"), today: d("2026-11-01"),
                                                          waiting: [.init(id: ids[0], position: 1), .init(id: ids[2], position: 3)])
        XCTAssertNil(left.offered)
        XCTAssertEqual(left.positions, [ids[0]: 1, ids[2]: 2])
        // On the day the place is still offered; after the session it is not.
        XCTAssertEqual(TrainingBookingRules.afterCancellation(freedPlace: true, sessionDate: d("2026-11-20"), today: d("2026-11-20"), waiting: waiting).offered, ids[0])
        XCTAssertNil(TrainingBookingRules.afterCancellation(freedPlace: true, sessionDate: d("2026-11-20"), today: d("2026-11-21"), waiting: waiting).offered)
        XCTAssertNil(TrainingBookingRules.afterCancellation(freedPlace: true, sessionDate: d("2026-11-20"), today: d("2026-11-01"), waiting: []).offered)
    }

    // MARK: sessions

    func testSessionChecks() {
        XCTAssertEqual(TrainingBookingRules.checkSession(date: d("2026-11-20"), deadline: d("2026-11-13"), startsAt: 570, endsAt: 720, capacity: 20, venue: "Hall", onlineLink: nil), [])
        XCTAssertEqual(TrainingBookingRules.checkSession(date: d("2026-11-20"), deadline: d("2026-11-20"), startsAt: 570, endsAt: 720, capacity: 1, venue: nil, onlineLink: "https://x"), [])
        XCTAssertEqual(TrainingBookingRules.checkSession(date: d("2026-11-20"), deadline: d("2026-11-21"), startsAt: 720, endsAt: 720, capacity: 0, venue: "", onlineLink: ""),
                       [.capacity, .deadlineAfterSession, .endsBeforeStart, .noVenue])
        XCTAssertEqual(TrainingBookingRules.checkSession(date: d("2026-11-20"), deadline: d("2026-11-13"), startsAt: 570, endsAt: 720, capacity: nil, venue: "Hall", onlineLink: nil), [.capacity])
        XCTAssertTrue(TrainingBookingRules.overlap((570, 660), (600, 720)))
        XCTAssertFalse(TrainingBookingRules.overlap((570, 660), (660, 720)), "back-to-back sessions do not overlap")
        XCTAssertEqual(TrainingBookingRules.delegateKey("  Ann   LEE "), "ann lee")
        XCTAssertEqual(TrainingTime.minutes("09:30"), 570)
        XCTAssertNil(TrainingTime.minutes("9.30"))
        XCTAssertNil(TrainingTime.minutes("24:00"))
        XCTAssertEqual(TrainingTime.label(570), "09:30")
        XCTAssertEqual(TrainingLength.minutes(hours: "1.5"), 90)
        XCTAssertNil(TrainingLength.minutes(hours: "0"))
        XCTAssertNil(TrainingLength.minutes(hours: "lots"))
        XCTAssertEqual(TrainingLength.label(minutes: 90), "1 hour 30 minutes")
        XCTAssertEqual(TrainingLength.label(minutes: 360), "6 hours")
        XCTAssertEqual(TrainingYear(containing: d("2027-08-31")).startYear, 2026)
        XCTAssertEqual(TrainingYear(startYear: 2026).label, "2026/27")
        XCTAssertTrue(TrainingYear(startYear: 2026).contains(d("2026-09-01")))
        XCTAssertFalse(TrainingYear(startYear: 2026).contains(d("2027-09-01")))
    }

    // MARK: prices and charges (TRAIN-3)

    func testPriceZeroIsFreeToMaintainedSchoolsAndAcademiesPayTheirPriceIfSet() {
        let free = TrainingPrice(price: .zero)
        XCTAssertEqual(free.price(for: .maintained), .zero)
        XCTAssertEqual(free.price(for: .academy), .zero)
        XCTAssertFalse(free.isPaid)
        let freeToMaintained = TrainingPrice(price: .zero, academyPrice: Money(pence: 7500))
        XCTAssertEqual(freeToMaintained.price(for: .maintained), .zero)
        XCTAssertEqual(freeToMaintained.price(for: .academy), Money(pence: 7500))
        XCTAssertTrue(freeToMaintained.isPaid)
        XCTAssertEqual(freeToMaintained.label, "Free to maintained schools; academies £75.00")
        let flat = TrainingPrice(price: Money(pence: 12000))
        XCTAssertEqual(flat.price(for: .academy), Money(pence: 12000))
        XCTAssertEqual(TrainingBuyer.of(establishmentType: "Academy converter"), .academy)
        XCTAssertEqual(TrainingBuyer.of(establishmentType: "Free schools special"), .academy)
        XCTAssertEqual(TrainingBuyer.of(establishmentType: "Community school"), .maintained)
        XCTAssertEqual(TrainingBuyer.of(establishmentType: "Voluntary aided school"), .maintained)
    }

    func testTheDefaultPolicyIsFiveWorkingDays() {
        let policy = TrainingCancellationPolicy.standard
        XCTAssertEqual(policy.description, "5wd:0,0wd:100")
        // Session Monday 23 November 2026: cancelling Monday 16th gives 5 working days (17–20 and 23).
        XCTAssertEqual(policy.notice(cancelledOn: d("2026-11-16"), sessionOn: d("2026-11-23")), 5)
        XCTAssertEqual(policy.chargePercent(cancelledOn: d("2026-11-16"), sessionOn: d("2026-11-23")), 0)
        XCTAssertEqual(policy.chargePercent(cancelledOn: d("2026-11-17"), sessionOn: d("2026-11-23")), 100)
        // Bank holidays are not working days: Christmas and Boxing Day 2026 (Boxing Day substitute Monday 28th).
        XCTAssertEqual(policy.notice(cancelledOn: d("2026-12-22"), sessionOn: d("2026-12-31")), 5, "23, 24, 29, 30 and 31: the 25th and the 28th are bank holidays")
        XCTAssertEqual(policy.notice(cancelledOn: d("2026-11-23"), sessionOn: d("2026-11-23")), 0)
        XCTAssertEqual(policy.notice(cancelledOn: d("2026-11-24"), sessionOn: d("2026-11-23")), 0)
    }

    func testPolicyTiersParseAndApply() throws {
        let tiers = try TrainingCancellationPolicy.parse("20d:50, 30d:10,0d:100").get()
        XCTAssertEqual(tiers.description, "30d:10,20d:50,0d:100", "kept longest notice first")
        XCTAssertEqual(tiers.chargePercent(cancelledOn: d("2026-10-01"), sessionOn: d("2026-11-20")), 10)
        XCTAssertEqual(tiers.chargePercent(cancelledOn: d("2026-10-31"), sessionOn: d("2026-11-20")), 50)
        XCTAssertEqual(tiers.chargePercent(cancelledOn: d("2026-11-01"), sessionOn: d("2026-11-20")), 100)
        XCTAssertTrue(tiers.explanation.contains("cancelled 30 days or more before the session, 10% of the price"))
        // No zero tier: short notice is charged in full.
        XCTAssertEqual(try TrainingCancellationPolicy.parse("10d:0").get().chargePercent(cancelledOn: d("2026-11-19"), sessionOn: d("2026-11-20")), 100)
        XCTAssertEqual(TrainingCancellationPolicy.parse(""), .failure(.empty))
        XCTAssertEqual(TrainingCancellationPolicy.parse("5wd:0,0d:100"), .failure(.mixedUnits))
        XCTAssertEqual(TrainingCancellationPolicy.parse("5wd:0,5wd:100"), .failure(.duplicateNotice(5)))
        XCTAssertEqual(TrainingCancellationPolicy.parse("5x:0"), .failure(.badTier("5x:0")))
        XCTAssertEqual(TrainingCancellationPolicy.parse("5wd:120"), .failure(.badTier("5wd:120")))
        XCTAssertEqual(TrainingCancellationPolicy.parse("wd:10"), .failure(.badTier("wd:10")))
    }

    func testTheChargeForEachStatus() {
        let price = TrainingPrice(price: Money(pence: 9000), academyPrice: Money(pence: 15000))
        let policy = TrainingCancellationPolicy.standard
        let session = d("2026-11-23")
        func charge(_ status: TrainingBookingStatus, _ buyer: TrainingBuyer = .academy, cancelled: String? = nil, waived: Bool = false) -> Money {
            TrainingChargeRules.charge(status: status, price: price, buyer: buyer, policy: policy, sessionOn: session, cancelledOn: cancelled.map(d), waived: waived).amount
        }
        XCTAssertEqual(charge(.confirmed), Money(pence: 15000))
        XCTAssertEqual(charge(.confirmed, .maintained), Money(pence: 9000))
        XCTAssertEqual(charge(.attended), Money(pence: 15000))
        XCTAssertEqual(charge(.noShow), Money(pence: 15000), "TRAIN-3: no-shows are charged")
        XCTAssertEqual(charge(.noShow, waived: true), .zero)
        XCTAssertEqual(charge(.waitlisted), .zero)
        XCTAssertEqual(charge(.requested), .zero)
        XCTAssertEqual(charge(.cancelledByProvider, cancelled: "2026-11-22"), .zero, "a provider's cancellation is always refunded in full")
        XCTAssertEqual(charge(.cancelledByDelegate, cancelled: "2026-11-16"), .zero)
        XCTAssertEqual(charge(.cancelledByDelegate, cancelled: "2026-11-20"), Money(pence: 15000))
        XCTAssertEqual(TrainingChargeRules.charge(status: .cancelledByDelegate, price: price, buyer: .maintained, policy: policy, sessionOn: session,
                                                  cancelledOn: d("2026-11-20")).reason, "Cancelled with 1 working days' notice")
        let half = try! TrainingCancellationPolicy.parse("10d:0,3d:50,0d:100").get()
        XCTAssertEqual(TrainingChargeRules.charge(status: .cancelledByDelegate, price: TrainingPrice(price: Money(pence: 7501)), buyer: .maintained, policy: half,
                                                  sessionOn: session, cancelledOn: d("2026-11-18")).amount, Money(pence: 3751), "half of £75.01, to the penny")
    }

    // MARK: uptake (TRAIN-5, TRAIN-6)

    func testNeedsMapToAreas() {
        XCTAssertEqual(TrainingArea.forNeed(.semh), .semh)
        XCTAssertEqual(TrainingArea.forNeed(.asd), .autism)
        XCTAssertEqual(TrainingArea.forNeed(.mld), .cognitionLearning)
        XCTAssertEqual(TrainingArea.forNeed(.vi), .sensoryPhysical)
        XCTAssertNil(TrainingArea.forNeed(.nsa))
        XCTAssertEqual(TrainingArea.allCases.count, 8)
    }

    func testSchoolsWithManySEMHPupilsAndNoSEMHTraining() {
        var a = TrainingUptake.School(id: UUID(), urn: 1, name: "Alpha")
        a.byNeed = [.semh: 6, .asd: 2]
        var b = TrainingUptake.School(id: UUID(), urn: 2, name: "Beta")
        b.byNeed = [.semh: 9]
        b.attendedByArea = [.semh: 1]
        var c = TrainingUptake.School(id: UUID(), urn: 3, name: "Castle")
        c.byNeed = [.semh: 4]
        var e = TrainingUptake.School(id: UUID(), urn: 4, name: "Elm")
        e.byNeed = [.semh: 12]
        e.attendedByArea = [.autism: 3]
        let gaps = TrainingUptake.gaps([a, b, c, e], area: .semh, minimumPupils: 5)
        XCTAssertEqual(gaps.map(\.name), ["Elm", "Alpha"], "Beta had SEMH training; Castle has fewer than 5; largest cohort first")
        XCTAssertEqual(TrainingUptake.gaps([a, b, c, e], area: .semh, minimumPupils: 4).map(\.name), ["Elm", "Alpha", "Castle"])
        XCTAssertEqual(a.cohort(for: .autism), 2)
    }

    func testSENCOTrainedInTheLastTwelveMonths() {
        let today = d("2026-12-04")
        XCTAssertTrue(TrainingUptake.sencoTrainedRecently(d("2025-12-04"), today: today))
        XCTAssertFalse(TrainingUptake.sencoTrainedRecently(d("2025-12-03"), today: today))
        XCTAssertFalse(TrainingUptake.sencoTrainedRecently(nil, today: today))
        XCTAssertFalse(TrainingUptake.sencoTrainedRecently(d("2026-12-05"), today: today), "a booked future session is not training had")
        var a = TrainingUptake.School(id: UUID(), urn: 9, name: "A")
        a.lastSENCOTrainedOn = d("2026-03-01")
        let b = TrainingUptake.School(id: UUID(), urn: 3, name: "B")
        XCTAssertEqual(TrainingUptake.withoutSENCOTraining([a, b], today: today).map(\.urn), [3])
        XCTAssertEqual(TrainingUptake.csvHeader, "urn,school,sen_support,ehc_plans,staff_trained,sessions_attended,last_trained_on")
    }
}
