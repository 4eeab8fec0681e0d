import Foundation
import GOVUK
import ContinuumDomain

/// The training programme's pages (issue 16 part 2): the catalogue with the officers' forms, a session with its
/// booking form and register, a school's bookings with the TRAIN-3 terms, the certificate, and uptake.
enum TrainingPages {
    /// The banner after a redirect: `done` is anyone's to write, so it only ever picks one of these fixed sentences.
    static func banner(_ raw: String?) -> HTMLNode {
        let text: String?
        switch raw {
        case "course": text = "Course added to the catalogue"
        case "confirmed": text = "Place booked and confirmed"
        case "waitlisted": text = "The session is full: the booking is on the waiting list, and the school will be emailed if a place becomes free"
        case "cancelled": text = "Booking cancelled"
        case "session-cancelled": text = "Session cancelled: each school that booked has been emailed"
        case "marked": text = "Register updated"
        default: text = nil
        }
        return text.map { notificationBanner(heading: $0) } ?? .empty
    }

    static func statusTag(_ status: TrainingBookingStatus) -> HTMLNode {
        let colour: TagColour
        switch status {
        case .confirmed, .attended: colour = .green
        case .waitlisted, .requested: colour = .yellow
        case .noShow: colour = .red
        case .cancelledByDelegate, .cancelledByProvider: colour = .grey
        }
        return tag(status.label, colour)
    }

    // MARK: the catalogue

    static func catalogue(_ c: TrainingController.Catalogue, role: Role, today: CalendarDate, course: TrainingController.CourseForm,
                          session: TrainingController.SessionForm, errors: [FormError], csrf: String, banner raw: String?) -> [HTMLNode] {
        var content: [HTMLNode] = [banner(raw), h1("Training for schools", caption: "Academic year \(c.year.label)"),
                                   p("Courses by targeted area. A price of £0 means free to maintained schools; academies pay the academy price where one is set.")]
        let byID = Dictionary(uniqueKeysWithValues: c.courses.compactMap { course in course.id.map { ($0, course) } })
        if c.courses.isEmpty { content.append(p("No courses in the catalogue for this year yet.")) }
        for area in TrainingArea.allCases {
            let courses = c.courses.filter { $0.area == area }
            guard !courses.isEmpty else { continue }
            content.append(table(caption: area.label, captionSize: "s", headers: ["Course", "Type", "For", "Length", "Price"], rows: courses.map { k in
                [TableCell(text: k.title), TableCell(text: k.kind.label), TableCell(text: k.audience.map(\.label).joined(separator: ", ")),
                 TableCell(text: TrainingLength.label(minutes: k.lengthMinutes)), TableCell(text: k.price.label)]
            }))
        }
        let linked = TrainingController.sessionReaders.contains(role)
        let sessions = c.sessions.filter { $0.date >= today }
        if sessions.isEmpty { content.append(p("No sessions to come this year.")) } else {
            content.append(table(caption: "Sessions to come", headers: ["Session", "Date", "Time", "Where", "Book by", "Places left"], numericColumns: [5],
                                 rows: sessions.compactMap { s in
                guard let k = byID[s.$course.id] else { return nil }
                let label = s.label(course: k)
                let left: HTMLNode = s.isCancelled ? tag("Cancelled", .grey) : txt(String(max(0, s.capacity - (c.taken[s.id!] ?? 0))))
                return [TableCell(linked ? link(label, href: SiteURL.trainingSession(.value(s.id!)).path) : txt(label)), TableCell(text: s.date.longFormat),
                        TableCell(text: s.timeLabel), TableCell(text: s.whereLabel), TableCell(text: s.bookingDeadline.longFormat), TableCell(left, numeric: true)]
            }))
        }
        if role == .schoolUser { content.append(p([link("Your school's bookings", href: SiteURL.trainingPart(.bookings).path)])) }
        if TrainingReportsController.readers.contains(role) {
            content.append(p([link("Uptake by school against the SEN cohort", href: SiteURL.trainingPart(.uptake).path)]))
            content.append(p([link("Download the charges to schools (CSV)", href: SiteURL.trainingPart(.chargesCSV).path)]))
        }
        if TrainingController.managers.contains(role) {
            content += courseForm(course, errors: errors, csrf: csrf)
            content += sessionForm(session, courses: c.courses, errors: errors, csrf: csrf)
        }
        return content
    }

    static func courseForm(_ f: TrainingController.CourseForm, errors: [FormError], csrf: String) -> [HTMLNode] {
        [h2("Add a course", id: "add-course"), postForm(action: SiteURL.trainingPart(.courses).path, csrfToken: csrf, [
            textInput(Field(name: "title", label: "Title", value: f.title ?? "", error: errors.message(for: "title"))),
            select(Field(name: "area", label: "Targeted area", value: f.area ?? "", error: errors.message(for: "area")),
                   options: [Option("", "Choose an area")] + TrainingArea.allCases.map { Option($0.rawValue, $0.label) }),
            radios(Field(name: "kind", label: "Type", value: f.kind ?? TrainingCourseKind.course.rawValue, error: errors.message(for: "kind")),
                   options: TrainingCourseKind.allCases.map { Option($0.rawValue, $0.label) }, inline: true),
            checkboxes(Field(name: "audience[]", label: "Who it is for", error: errors.message(for: "audience"), id: "audience"),
                       options: TrainingAudience.allCases.map { Option($0.rawValue, $0.label) }, selected: Set(f.audience ?? [])),
            textInput(Field(name: "length", label: "Length in hours", value: f.length ?? "", hint: "For example, 3 or 1.5", error: errors.message(for: "length"),
                            widthClass: "govuk-input--width-5", inputMode: "decimal")),
            textInput(Field(name: "price", label: "Price for maintained schools, in pounds", value: f.price ?? "", hint: "0 for free",
                            error: errors.message(for: "price"), widthClass: "govuk-input--width-10", inputMode: "decimal")),
            textInput(Field(name: "academy-price", label: "Price for academies, in pounds (optional)", value: f.academyPrice ?? "",
                            hint: "Leave blank to charge academies the same price", error: errors.message(for: "academy-price"), widthClass: "govuk-input--width-10", inputMode: "decimal")),
            textInput(Field(name: "provider", label: "Who delivers it (optional)", value: f.provider ?? "", error: errors.message(for: "provider"))),
            textInput(Field(name: "code", label: "Course code (optional)", value: f.code ?? "", hint: "Made from the area and year if left blank",
                            error: errors.message(for: "code"), widthClass: "govuk-input--width-20")),
            button("Add the course"),
        ])]
    }

    static func sessionForm(_ f: TrainingController.SessionForm, courses: [TrainingCourse], errors: [FormError], csrf: String) -> [HTMLNode] {
        guard !courses.isEmpty else { return [] }
        return [h2("Add a session", id: "add-session"), postForm(action: SiteURL.trainingPart(.sessions).path, csrfToken: csrf, [
            select(Field(name: "course", label: "Course", value: f.course ?? "", error: errors.message(for: "course")),
                   options: [Option("", "Choose a course")] + courses.compactMap { k in k.id.map { Option($0.uuidString, "\(k.title) (\(k.code))") } }),
            textInput(Field(name: "title", label: "Session title (optional)", value: f.title ?? "", hint: "For a conference's parallel sessions, like Workshop A",
                            error: errors.message(for: "title"))),
            dateInput(Field(name: "on", label: "Day of the session", value: f.on ?? "", hint: "For example, 27 3 2027", error: errors.message(for: "on"))),
            textInput(Field(name: "starts", label: "Starts at", value: f.starts ?? "", hint: "24-hour time, like 09:30", error: errors.message(for: "starts"),
                            widthClass: "govuk-input--width-5")),
            textInput(Field(name: "ends", label: "Ends at", value: f.ends ?? "", hint: "24-hour time, like 12:30", error: errors.message(for: "ends"),
                            widthClass: "govuk-input--width-5")),
            textInput(Field(name: "venue", label: "Venue (optional if online)", value: f.venue ?? "", error: errors.message(for: "venue"))),
            textInput(Field(name: "link", label: "Online link (optional)", value: f.link ?? "", error: errors.message(for: "link"), type: "url")),
            textInput(Field(name: "capacity", label: "Places", value: f.capacity ?? "", error: errors.message(for: "capacity"),
                            widthClass: "govuk-input--width-5", inputMode: "numeric")),
            dateInput(Field(name: "deadline", label: "Booking deadline", value: f.deadline ?? "", hint: "On or before the day of the session",
                            error: errors.message(for: "deadline"))),
            button("Add the session"),
        ])]
    }

    // MARK: one session

    static func session(_ s: TrainingSession, course: TrainingCourse, bookings: [TrainingBooking], taken: Int, schools: [UUID: Establishment],
                        manager: Bool, canBook: Bool, today: CalendarDate, form: TrainingBookingsController.BookForm, errors: [FormError],
                        csrf: String, banner raw: String?) -> [HTMLNode] {
        let left = max(0, s.capacity - taken)
        var content: [HTMLNode] = [
            banner(raw),
            h1(s.label(course: course), caption: "Training session"),
            summaryList([SummaryRow("Status", s.isCancelled ? tag("Cancelled", .grey) : (left == 0 ? tag("Full", .yellow) : tag("Open for booking", .green))),
                         SummaryRow("Targeted area", text: course.area.label),
                         SummaryRow("Date", text: s.date.longFormat), SummaryRow("Time", text: s.timeLabel), SummaryRow("Where", text: s.whereLabel),
                         SummaryRow("Places", text: String(s.capacity)), SummaryRow("Places left", text: String(left)),
                         SummaryRow("Book by", text: s.bookingDeadline.longFormat), SummaryRow("Price", text: course.price.label)]),
        ]
        if canBook && !s.isCancelled {
            content += [h2("Book a place", id: "book"),
                        p(left == 0 ? "The session is full. A booking now goes on the waiting list, and the place is offered by email if one becomes free."
                                    : "Book a place for a named member of your school's staff."),
                        postForm(action: SiteURL.trainingSessionPart(.value(s.id!), .book).path, csrfToken: csrf, [
                textInput(Field(name: "delegate-name", label: "Name of the member of staff", value: form.name ?? "", error: errors.message(for: "delegate-name"),
                                autocomplete: "off")),
                select(Field(name: "delegate-role", label: "Their role", value: form.role ?? "", error: errors.message(for: "delegate-role")),
                       options: [Option("", "Choose a role")] + TrainingAudience.allCases.map { Option($0.rawValue, $0.label) }),
                textInput(Field(name: "delegate-email", label: "Their email address (optional)", value: form.email ?? "", error: errors.message(for: "delegate-email"),
                                type: "email", autocomplete: "off", spellcheck: false)),
                button(left == 0 ? "Join the waiting list" : "Book the place"),
            ])]
        }
        content.append(h2(manager ? "Register" : "Your school's bookings", id: "register"))
        let registerOpen = manager && s.date <= today && !s.isCancelled
        if manager && !registerOpen && !s.isCancelled { content.append(p("The register opens on the day of the session.")) }
        if bookings.isEmpty { content.append(p("No bookings yet.")) } else {
            var headers = ["Delegate", "Role", "School", "Status"]
            if registerOpen { headers.append("Mark") }
            content.append(table(caption: manager ? "Bookings and register" : "Your school's bookings for this session", captionSize: "s", headers: headers,
                                 rows: bookings.map { b in
                var status = statusTag(b.status)
                if b.status == .waitlisted, let position = b.waitlistPosition { status = group([status, txt(" (number \(position))")]) }
                var row = [TableCell(text: b.delegateName), TableCell(text: b.role?.label ?? b.delegateRole),
                           TableCell(text: schools[b.$school.id]?.name ?? "URN \(b.schoolURN)"), TableCell(status)]
                if registerOpen {
                    row.append(TableCell([TrainingBookingStatus.confirmed, .attended, .noShow].contains(b.status)
                        ? postForm(action: SiteURL.trainingSessionPart(.value(s.id!), .register).path, csrfToken: csrf, [
                            hiddenInput(name: "booking", value: b.id!.uuidString),
                            button("Attended", secondary: true, name: "mark", value: "attended"),
                            button("Did not attend", secondary: true, name: "mark", value: "no-show"),
                          ]) : .empty))
                }
                return row
            }))
        }
        if manager && !s.isCancelled && s.date >= today {
            content += [h2("Cancel the session", size: "s"),
                        postForm(action: SiteURL.trainingSessionPart(.value(s.id!), .cancel).path, csrfToken: csrf, [
                            el("div", [.id("cancel-session")], [p("Every booking is cancelled without charge and each school that booked is emailed.")]),
                            button("Cancel the session", warning: true),
                        ])]
        }
        content.append(p([link("Back to the training catalogue", href: SiteURL.training.path)]))
        return content
    }

    // MARK: a school's bookings

    static func bookings(_ rows: [TrainingBookingsController.BookingRow], school: Establishment?, policy: TrainingCancellationPolicy, today: CalendarDate,
                         csrf: String, errors: [FormError], banner raw: String?) -> [HTMLNode] {
        var content: [HTMLNode] = [banner(raw), h1("Your school's training bookings", caption: school?.name),
                                   el("div", [.id("bookings")], [p("Cancellation terms (the council's setting): \(policy.explanation).")])]
        if rows.isEmpty { content.append(p("Your school has no bookings yet. Choose a session from the training catalogue.")) } else {
            content.append(table(caption: "Bookings", captionSize: "s", headers: ["Delegate", "Session", "Date", "Status", "Charge", "Action"], numericColumns: [4],
                                 rows: rows.map { r in
                let b = r.booking
                var status = statusTag(b.status)
                if b.status == .waitlisted, let position = b.waitlistPosition { status = group([status, txt(" (number \(position))")]) }
                var action: HTMLNode = .empty
                if b.status.isActive && !b.status.isCancelled && b.status != .attended && b.status != .noShow && r.session.date >= today {
                    let charge = TrainingChargeRules.charge(status: b.status == .waitlisted ? .waitlisted : .cancelledByDelegate, price: r.course.price, buyer: b.buyer,
                                                            policy: policy, sessionOn: r.session.date, cancelledOn: today)
                    action = postForm(action: SiteURL.trainingBookingPart(.value(b.id!), .cancel).path, csrfToken: csrf, [
                        // The button's name says whose booking it cancels: every row has one.
                        el("button", [.cls("govuk-button govuk-button--secondary"), Attr("type", "submit"), Attr("data-module", "govuk-button")], [
                            txt("Cancel"), el("span", [.cls("govuk-visually-hidden")], text: " the booking for \(b.delegateName)"),
                        ]),
                        el("p", [.cls("govuk-hint")], text: charge.amount.pence > 0 ? "Charged \(charge.amount.display) if cancelled today" : "No charge if cancelled today"),
                    ])
                } else if b.status == .attended {
                    action = link("Certificate", href: SiteURL.trainingBookingPart(.value(b.id!), .certificate).path, visuallyHiddenSuffix: " for \(b.delegateName)")
                }
                return [TableCell(text: b.delegateName), TableCell(link(r.session.label(course: r.course), href: SiteURL.trainingSession(.value(r.session.id!)).path)),
                        TableCell(text: r.session.date.longFormat), TableCell(status), TableCell(text: Money(pence: b.chargePence).display, numeric: true), TableCell(action)]
            }))
        }
        content.append(p([link("Back to the training catalogue", href: SiteURL.training.path)]))
        return content
    }

    // MARK: the certificate

    static func certificate(_ b: TrainingBooking, session: TrainingSession, course: TrainingCourse, school: Establishment?, council: String) -> [HTMLNode] {
        [el("div", [.cls("continuum-certificate")], [
            h1("Certificate of attendance", caption: council),
            p("This certifies that", lead: true),
            el("p", [.cls("govuk-heading-l")], text: b.delegateName),
            p("of \(school?.name ?? "URN \(b.schoolURN)") attended"),
            el("p", [.cls("govuk-heading-m")], text: session.label(course: course)),
            summaryList([SummaryRow("Date", text: session.date.longFormat), SummaryRow("Length", text: TrainingLength.label(minutes: course.lengthMinutes)),
                         SummaryRow("Targeted area", text: course.area.label), SummaryRow("Delivered by", text: course.provider),
                         SummaryRow("Reference", text: b.id!.uuidString.prefix(8).uppercased())]),
            p("Print this page, or save it as a PDF from your browser's print menu."),
        ])]
    }

    // MARK: uptake

    static func uptake(_ schools: [TrainingUptake.School], year: TrainingYear, area: TrainingArea, minimum: Int, today: CalendarDate) -> [HTMLNode] {
        let gaps = TrainingUptake.gaps(schools, area: area, minimumPupils: minimum)
        let noSENCO = TrainingUptake.withoutSENCOTraining(schools, today: today)
        var content: [HTMLNode] = [
            h1("Training uptake by school", caption: "Academic year \(year.label)"),
            p("Uptake is counted from attended places. The SEN cohort comes from the children Continuum holds: SEN support (K) and EHC plans by primary need. No child is named."),
            getForm(action: SiteURL.trainingPart(.uptake).path, [
                select(Field(name: "area", label: "Targeted area", value: area.rawValue), options: TrainingArea.allCases.map { Option($0.rawValue, $0.label) }),
                textInput(Field(name: "minimum", label: "Pupils with the area's primary need that count as many", value: String(minimum),
                                hint: "A local setting: the default is \(TrainingUptake.defaultManyPupils)", widthClass: "govuk-input--width-3", inputMode: "numeric")),
                hiddenInput(name: "year", value: String(year.startYear)),
                button("Show schools", secondary: true),
            ]),
        ]
        content.append(table(caption: "Schools with \(minimum) or more pupils whose primary need is \(area.label.lowercased()) and no \(area.label) training this year (\(gaps.count))",
                             captionSize: "s", headers: ["URN", "School", "Pupils with the need", "SEN support", "EHC plans"], numericColumns: [2, 3, 4],
                             rows: gaps.map { s in
            [TableCell(text: String(s.urn)), TableCell(text: s.name), TableCell(text: String(s.cohort(for: area)), numeric: true),
             TableCell(text: String(s.senSupport), numeric: true), TableCell(text: String(s.ehcPlans), numeric: true)]
        }))
        content.append(table(caption: "Schools with no SENCO trained in the last 12 months (\(noSENCO.count))", captionSize: "s",
                             headers: ["URN", "School", "Last SENCO training"], rows: noSENCO.map { s in
            [TableCell(text: String(s.urn)), TableCell(text: s.name), TableCell(text: s.lastSENCOTrainedOn?.longFormat ?? "None recorded")]
        }))
        content.append(table(caption: "Every school with pupils", captionSize: "s",
                             headers: ["URN", "School", "SEN support", "EHC plans", "Staff trained", "Sessions attended", "Last trained"], numericColumns: [2, 3, 4, 5],
                             rows: schools.map { s in
            [TableCell(text: String(s.urn)), TableCell(text: s.name), TableCell(text: String(s.senSupport), numeric: true), TableCell(text: String(s.ehcPlans), numeric: true),
             TableCell(text: String(s.staffTrained), numeric: true), TableCell(text: String(s.sessionsAttended), numeric: true),
             TableCell(text: s.lastTrainedOn?.longFormat ?? "None this year")]
        }))
        content.append(p([link("Download as CSV", href: SiteURL.trainingPart(.uptake).path(["year": String(year.startYear), "format": "csv"]))]))
        return content
    }
}
