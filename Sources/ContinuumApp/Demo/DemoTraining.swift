import Fluent
import Foundation
import ContinuumDomain

/// Issue 16 part 2's demo: a year's catalogue across the targeted areas, sessions past and to come, attended places at
/// about two schools in five (so uptake has gaps to find), last year's SENCO training, and a second SENCO at another
/// school. "Emotion coaching for SEMH" has one place left: the browser journey books it, waitlists the second SENCO
/// and offers them the place when the first cancels.
enum DemoTraining {
    static let secondSENCOEmail = "senco2@demo.continuum.test"
    static let lastPlaceCourse = "Emotion coaching for SEMH"

    struct Spec { let title: String; let area: TrainingArea; let audience: [TrainingAudience]; let hours: Int; let pence: Int64; let academyPence: Int64? }
    static let specs: [Spec] = [
        Spec(title: "Autism in the classroom", area: .autism, audience: [.teacher, .ta], hours: 3, pence: 0, academyPence: 6_000),
        Spec(title: lastPlaceCourse, area: .semh, audience: [.teacher, .ta, .senco], hours: 3, pence: 4_500, academyPence: 6_000),
        Spec(title: "Anxiety-based school avoidance", area: .semh, audience: [.senco, .teacher], hours: 2, pence: 0, academyPence: nil),
        Spec(title: "Talk Boost for early language", area: .slcn, audience: [.ta, .eyPractitioner], hours: 6, pence: 9_000, academyPence: nil),
        Spec(title: "Precision teaching for literacy", area: .cognitionLearning, audience: [.teacher, .ta], hours: 3, pence: 3_000, academyPence: 4_000),
        Spec(title: "Supporting pupils with hearing loss", area: .sensoryPhysical, audience: [.teacher, .ta], hours: 2, pence: 0, academyPence: nil),
        Spec(title: "Trauma-informed schools: the basics", area: .traumaInformed, audience: [.teacher, .ta, .governor], hours: 3, pence: 0, academyPence: 3_500),
        Spec(title: "Portage and early years inclusion", area: .earlyYearsPortage, audience: [.eyPractitioner], hours: 6, pence: 0, academyPence: nil),
        Spec(title: "New SENCO induction", area: .sencoInduction, audience: [.senco], hours: 6, pence: 0, academyPence: 12_000),
    ]

    static func seed(authorityID: UUID, schools: [Establishment], sencoSchool: UUID?, passwordHash: String, today: CalendarDate, on db: any Database) async throws {
        var rng = SeededRandom(seed: 1602)
        // The second SENCO works at another school with pupils, so both SENCOs' bookings sit side by side on the register.
        let other = schools.first { $0.id != sencoSchool && $0.phase.lowercased().contains("primary") } ?? schools.first { $0.id != sencoSchool }
        let secondSENCO = User(id: UUID(), authorityID: authorityID, email: secondSENCOEmail, displayName: "Robin SENCO", role: .schoolUser,
                               schoolID: other?.id, passwordHash: passwordHash, twoFactorExempt: true)
        secondSENCO.demo = true
        try await secondSENCO.create(on: db)
        let firstSENCO = try await User.query(on: db).filter(\.$email == "senco@demo.continuum.test").first()

        let year = TrainingYear(containing: today)
        var courses: [TrainingCourse] = [], sessions: [TrainingSession] = [], bookings: [TrainingBooking] = []
        func weekday(_ date: CalendarDate) -> CalendarDate { date.isWeekend ? date.next(.monday) : date }
        for startYear in [year.startYear - 1, year.startYear] {
            for (index, spec) in specs.enumerated() {
                let course = TrainingCourse()
                course.id = UUID(); course.$authority.id = authorityID; course.academicYear = startYear
                course.code = "\(spec.area.rawValue.uppercased())-\(startYear)-\(specs[..<index].filter { $0.area == spec.area }.count + 1)"; course.title = spec.title; course.kindRaw = TrainingCourseKind.course.rawValue
                course.areaRaw = spec.area.rawValue; course.audienceRaw = spec.audience.map(\.rawValue).joined(separator: ";")
                course.lengthMinutes = spec.hours * 60; course.pricePence = spec.pence; course.academyPricePence = spec.academyPence
                course.provider = index % 3 == 0 ? "Severn Vale Specialist Teaching Service" : "The council's SEND team"
                courses.append(course)
                // Two sessions a year each: one in the autumn term and one in the spring or summer.
                let autumn = weekday(TrainingYear(startYear: startYear).start.adding(days: 21 + index * 6))
                let spring = weekday(TrainingYear(startYear: startYear).start.adding(days: 150 + index * 9))
                for date in [autumn, spring] {
                    let session = TrainingSession()
                    session.id = UUID(); session.$authority.id = authorityID; session.$course.id = course.id!
                    session.date = date; session.startsAt = 9 * 60 + 30; session.endsAt = 9 * 60 + 30 + min(spec.hours, 6) * 60
                    session.venue = index % 2 == 0 ? "Severn Vale Professional Centre, Room 2" : nil
                    session.onlineLink = index % 2 == 0 ? nil : "https://meet.severnvale.example/training/\(course.code.lowercased())"
                    session.capacity = 20; session.bookingDeadline = date.adding(days: -7); session.status = "scheduled"
                    sessions.append(session)
                    guard date < today else { continue }
                    // Past sessions: attended places at about two schools in five.
                    for school in schools where rng.chance(0.06) {
                        bookings.append(booking(authorityID: authorityID, session: session, course: course, school: school,
                                                name: "\(rng.pick(DemoNames.girls + DemoNames.boys)) \(rng.pick(["Hughes", "Patel", "Evans", "Khan", "Davies", "Price"]))",
                                                role: spec.area == .sencoInduction ? .senco : rng.pick(spec.audience), bookedBy: firstSENCO, on: date.adding(days: -20),
                                                status: rng.chance(0.9) ? .attended : .noShow))
                    }
                }
            }
        }
        // The journey's session: this year's emotion coaching, a fortnight away, open for booking with one place left.
        let semh = courses.last { $0.title == lastPlaceCourse }!
        let soon = TrainingSession()
        soon.id = UUID(); soon.$authority.id = authorityID; soon.$course.id = semh.id!; soon.title = "Extra date"
        soon.date = weekday(today.adding(days: 14)); soon.startsAt = 13 * 60 + 30; soon.endsAt = 16 * 60 + 30
        soon.venue = "Severn Vale Professional Centre, Room 1"; soon.capacity = 12; soon.bookingDeadline = soon.date.adding(days: -2); soon.status = "scheduled"
        sessions.append(soon)
        for (n, school) in schools.filter({ $0.id != sencoSchool && $0.id != other?.id }).prefix(11).enumerated() {
            bookings.append(booking(authorityID: authorityID, session: soon, course: semh, school: school, name: "Delegate \(n + 1) \(school.name.prefix(12))",
                                    role: .teacher, bookedBy: firstSENCO, on: today.adding(days: -3), status: .confirmed))
        }
        try await courses.create(on: db)
        for chunk in sessions.chunked(into: 200) { try await chunk.create(on: db) }
        for chunk in bookings.chunked(into: 200) { try await chunk.create(on: db) }
    }

    private static func booking(authorityID: UUID, session: TrainingSession, course: TrainingCourse, school: Establishment, name: String, role: TrainingAudience,
                                bookedBy: User?, on bookedOn: CalendarDate, status: TrainingBookingStatus) -> TrainingBooking {
        let row = TrainingBooking()
        row.id = UUID(); row.$authority.id = authorityID; row.$session.id = session.id!; row.$school.id = school.id!; row.schoolURN = school.urn
        row.delegateName = name; row.delegateKey = TrainingBookingRules.delegateKey(name); row.delegateRole = role.rawValue
        row.bookedByUserID = bookedBy?.id ?? UUID(); row.bookedByEmail = "office@\(school.urn).schools.severnvale.example"; row.bookedOn = bookedOn
        row.statusRaw = status.rawValue; row.buyerRaw = TrainingBuyer.of(establishmentType: school.typeName).rawValue
        row.chargePence = TrainingChargeRules.charge(status: status, price: course.price, buyer: row.buyer, policy: .standard, sessionOn: session.date,
                                                     cancelledOn: nil).amount.pence
        row.chargePolicy = TrainingCancellationPolicy.standard.description; row.version = 1
        return row
    }
}
