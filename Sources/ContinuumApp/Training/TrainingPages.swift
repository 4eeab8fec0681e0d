import Foundation
import GOVUK
import ContinuumDomain

/// The training programme's pages (issue 16 part 2). Work in progress: the catalogue, a session with its booking form
/// and register, a school's bookings with the TRAIN-3 charge if cancelled today, and the certificate.
enum TrainingPages {
    static func catalogue(_ c: TrainingController.Catalogue, role: Role, today: CalendarDate, course: TrainingController.CourseForm,
                          session: TrainingController.SessionForm, errors: [FormError], csrf: String, banner: String?) -> [HTMLNode] {
        var content: [HTMLNode] = [h1("Training for schools", caption: "Academic year \(c.year.label)")]
        let byID = Dictionary(uniqueKeysWithValues: c.courses.compactMap { course in course.id.map { ($0, course) } })
        for area in TrainingArea.allCases {
            let courses = c.courses.filter { $0.area == area }
            guard !courses.isEmpty else { continue }
            content.append(table(caption: area.label, captionSize: "s", headers: ["Course", "For", "Length", "Price"], rows: courses.map { k in
                [TableCell(text: k.title), TableCell(text: k.audience.map(\.label).joined(separator: ", ")),
                 TableCell(text: TrainingLength.label(minutes: k.lengthMinutes)), TableCell(text: k.price.label)]
            }))
        }
        let linked = TrainingController.sessionReaders.contains(role)
        let sessions = c.sessions.filter { $0.date >= today }
        if sessions.isEmpty { content.append(p("No sessions to come this year.")) } else {
            content.append(table(caption: "Sessions to come", headers: ["Session", "Date", "Time", "Where", "Places left"], numericColumns: [4], rows: sessions.compactMap { s in
                guard let k = byID[s.$course.id] else { return nil }
                let label = s.label(course: k)
                let left = s.isCancelled ? "Cancelled" : String(max(0, s.capacity - (c.taken[s.id!] ?? 0)))
                return [TableCell(linked ? link(label, href: SiteURL.trainingSession(.value(s.id!)).path) : txt(label)), TableCell(text: s.date.longFormat),
                        TableCell(text: s.timeLabel), TableCell(text: s.whereLabel), TableCell(text: left)]
            }))
        }
        if role == .schoolUser { content.append(p([link("Your school's bookings", href: SiteURL.trainingPart(.bookings).path)])) }
        return content
    }

    static func session(_ s: TrainingSession, course: TrainingCourse, bookings: [TrainingBooking], taken: Int, schools: [UUID: Establishment],
                        manager: Bool, canBook: Bool, today: CalendarDate, form: TrainingBookingsController.BookForm, errors: [FormError],
                        csrf: String, banner: String?) -> [HTMLNode] {
        var content: [HTMLNode] = [
            h1(s.label(course: course), caption: "Training session"),
            summaryList([SummaryRow("Date", text: s.date.longFormat), SummaryRow("Time", text: s.timeLabel), SummaryRow("Where", text: s.whereLabel),
                         SummaryRow("Places left", text: String(max(0, s.capacity - taken))), SummaryRow("Book by", text: s.bookingDeadline.longFormat),
                         SummaryRow("Price", text: course.price.label)]),
        ]
        if canBook {
            content += [h2("Book a place"), postForm(action: SiteURL.trainingSessionPart(.value(s.id!), .book).path, csrfToken: csrf, [
                textInput(Field(name: "delegate-name", label: "Name of the member of staff", value: form.name ?? "", error: errors.message(for: "delegate-name"))),
                select(Field(name: "delegate-role", label: "Their role", value: form.role ?? "", error: errors.message(for: "delegate-role")),
                       options: [Option("", "Choose a role")] + TrainingAudience.allCases.map { Option($0.rawValue, $0.label) }),
                textInput(Field(name: "delegate-email", label: "Their email address (optional)", value: form.email ?? "", error: errors.message(for: "delegate-email"), type: "email")),
                button("Book the place"),
            ])]
        }
        content.append(h2(manager ? "Register" : "Your school's bookings", id: "register"))
        content.append(table(caption: "Bookings", captionSize: "s", headers: ["Delegate", "School", "Status"], rows: bookings.map { b in
            [TableCell(text: b.delegateName), TableCell(text: schools[b.$school.id]?.name ?? String(b.schoolURN)), TableCell(text: b.status.label)]
        }))
        return content
    }

    static func bookings(_ rows: [TrainingBookingsController.BookingRow], school: Establishment?, policy: TrainingCancellationPolicy, today: CalendarDate,
                         csrf: String, errors: [FormError], banner: String?) -> [HTMLNode] {
        var content: [HTMLNode] = [h1("Your school's training bookings", caption: school?.name), p("Cancellation terms: \(policy.explanation).")]
        content.append(table(caption: "Bookings", captionSize: "s", headers: ["Delegate", "Session", "Date", "Status"], rows: rows.map { r in
            [TableCell(text: r.booking.delegateName), TableCell(text: r.session.label(course: r.course)), TableCell(text: r.session.date.longFormat),
             TableCell(text: r.booking.status.label)]
        }))
        return content
    }

    static func certificate(_ b: TrainingBooking, session: TrainingSession, course: TrainingCourse, school: Establishment?, council: String) -> [HTMLNode] {
        [h1("Certificate of attendance", caption: council), p("\(b.delegateName) of \(school?.name ?? "URN \(b.schoolURN)") attended \(session.label(course: course)) on \(session.date.longFormat) (\(TrainingLength.label(minutes: course.lengthMinutes))).")]
    }
}
