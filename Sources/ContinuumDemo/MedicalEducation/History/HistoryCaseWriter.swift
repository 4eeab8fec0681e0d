import ContinuumDomain

/// Turns a planned case into the record as it stands on `today`: the whole case is drawn first
/// (episodes, reviews, closure), from the case's own random stream, and then everything dated
/// after `today` is cut away. Drawing before cutting keeps a case's past the same whichever day
/// the demo is built on.
struct HistoryCaseWriter {
    let calendar: SchoolCalendar
    let today: CalendarDate
    let seed: UInt64
    let targets = ServiceTargets()

    func write(_ plan: PlannedCase, key: String, child: HistoricalChild, reason: ReferralReason) -> HistoricalCase? {
        guard plan.receivedOn <= today else { return nil }
        var random = HistoryRandom(seed: seed, stream: 10_000 &+ UInt64(plan.sequence))
        let dob = plan.dateOfBirth
        let accepted = plan.outcome == .accepted
        let leaving = calendar.previousSchoolDay(onOrBefore: AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: dob))

        // The referral as made.
        let referredBy = accepted && plan.type == .hospital ? "health" : ["school", "health", "parent"][random.pick(weights: [62, 25, 13])]
        let ehcPlan = plan.awaitingSpecialistPlace
            ? (random.chance(0.75) ? "plan" : "pending")
            : ["none", "pending", "plan"][random.pick(weights: [78, 10, 12])]
        var evidenceRequested: CalendarDate?
        var evidenceArrived: CalendarDate?
        if plan.role == .overdueDecision || random.chance(0.75) {
            let asked = min(calendar.addingSchoolDays(random.int(0...1), to: plan.receivedOn), plan.settledOn)
            evidenceRequested = asked
            // HN-4: a letter that never comes must not hold up the decision, and some never do.
            if plan.role != .overdueDecision && random.chance(0.88) {
                evidenceArrived = calendar.addingSchoolDays(random.int(3...25), to: asked)
            }
        }
        let missed: Int = if plan.outcome == .declined && random.chance(0.5) {
            random.int(4...14)
        } else if reason == .anxietyMentalHealth {
            random.int(15...120)
        } else {
            random.int(10...60)
        }
        let expected: Int
        if accepted, let start = plan.start, let end = plan.end {
            expected = max(15, calendar.schoolDays(from: start, to: end) * random.int(70...120) / 100 / 5 * 5)
        } else {
            expected = random.int(2...8) * 5
        }

        // The whole case, before cutting at today.
        let allEpisodes = accepted ? episodes(plan, &random) : []
        var allReviews: [CalendarDate] = []
        if let first = allEpisodes.first?.start, let last = allEpisodes.last?.end {
            var next = calendar.addingSchoolDays(random.int(27...33), to: first)
            while next <= last {
                allReviews.append(next)
                next = calendar.addingSchoolDays(random.int(27...33), to: next)
            }
        }
        var allClosure: HistoricalClosure?
        if let last = allEpisodes.last?.end {
            let closedOn = calendar.addingSchoolDays(random.int(1...3), to: last)
            let outcome: String
            if last == leaving {
                outcome = "post16"
            } else if plan.awaitingSpecialistPlace {
                outcome = "specialist_provision"
            } else if allEpisodes.last?.type == .outreach {
                outcome = random.chance(0.65) ? "returned_full_time" : "returned_part_time"
            } else {
                outcome = ["returned_full_time", "returned_part_time", "specialist_provision", "moved_away", "other"][
                    random.pick(weights: [42, 26, 9, 6, 7])]
            }
            let gcse = outcome == "post16" ? GCSEGrades(english: grade(&random, sat: 0.92), maths: grade(&random, sat: 0.92),
                                                        science: grade(&random, sat: 0.7)) : nil
            let note = plan.awaitingSpecialistPlace && outcome == "specialist_provision"
                ? HistoryWording.specialistClosure(forename: child.forename)
                : HistoryWording.closureNote(outcome, forename: child.forename)
            allClosure = HistoricalClosure(closedOn: closedOn, outcome: outcome, gcse: gcse, note: note)
        }
        var target: CalendarDate?
        if accepted {
            target = plan.awaitingSpecialistPlace
                ? plan.end
                : min(calendar.addingSchoolDays(random.int(60...120), to: plan.start ?? plan.settledOn), leaving)
        }
        let declinedWording = HistoryWording.declined[random.below(HistoryWording.declined.count)]
        let withdrawnWording = HistoryWording.withdrawn[random.below(HistoryWording.withdrawn.count)]

        // As it stands on today.
        let settled = plan.settledOn <= today
        let requested = evidenceRequested.flatMap { $0 <= today ? $0 : nil }
        let arrived = evidenceArrived.flatMap { $0 <= today ? $0 : nil }
        let episodes = allEpisodes.compactMap { episode -> Census.Episode? in
            guard episode.start <= today else { return nil }
            return Census.Episode(type: episode.type, baseName: episode.baseName, hoursPerWeek: episode.hoursPerWeek,
                                  start: episode.start, end: episode.end.flatMap { $0 <= today ? $0 : nil })
        }
        var closure: HistoricalClosure?
        if let full = allClosure, let last = allEpisodes.last?.end, last <= today {
            // Provision that ended on the last school day before today is closed on that day.
            closure = full.closedOn <= today ? full
                : HistoricalClosure(closedOn: last, outcome: full.outcome, gcse: full.gcse, note: full.note)
        }

        let status: ReferralStatus
        var reasons = ""
        switch plan.outcome {
        case _ where !settled:
            // Evidence outstanding holds a referral back only where the dashboard should catch it
            // (HN-4); otherwise the referral goes to the panel with what is known.
            let waiting = calendar.schoolDays(from: plan.receivedOn, to: today)
            if plan.role == .overdueDecision || (requested != nil && arrived == nil && plan.sequence % 2 == 0) {
                status = .awaitingInformation
            } else {
                status = waiting > 2 ? .atPanel : .received
            }
        case .accepted:
            status = closure == nil ? .accepted : .closed
            reasons = HistoryWording.accepted(
                forename: child.forename, reason: reason, missed: missed, urgent: plan.urgent, decidedOn: plan.settledOn,
                evidenceWaiting: requested != nil && (evidenceArrived.map { $0 > plan.settledOn } ?? true),
                awaitingSpecialistPlace: plan.awaitingSpecialistPlace)
        case .declined:
            status = .declined
            reasons = declinedWording
        case .withdrawn:
            status = .withdrawn
            reasons = withdrawnWording
        }

        return HistoricalCase(
            key: key, child: child, reason: reason, urgent: plan.urgent, referredBy: referredBy, receivedOn: plan.receivedOn,
            evidenceRequestedOn: requested, evidenceReceivedOn: arrived, expectedAbsenceSchoolDays: expected,
            schoolDaysMissed: missed, ehcPlan: ehcPlan, status: status,
            decidedOn: settled && plan.outcome != .withdrawn ? plan.settledOn : nil,
            withdrawnOn: settled && plan.outcome == .withdrawn ? plan.settledOn : nil,
            decisionReasons: reasons, episodes: episodes, partTimeReason: partTimeReason(episodes, dob: dob),
            reviews: allReviews.filter { $0 <= today }, closure: closure,
            reintegrationTarget: settled ? target : nil)
    }

    /// The full-time benchmark for an episode: the higher of its key stages at each end, so an
    /// episode running from Year 9 into Year 10 is held to the Key Stage 4 figure.
    func fullTimeHours(dob: CalendarDate, from: CalendarDate, to: CalendarDate) -> Double {
        max(targets.fullTimeHours(for: AgeAndStage.keyStage(dateOfBirth: dob, on: from)),
            targets.fullTimeHours(for: AgeAndStage.keyStage(dateOfBirth: dob, on: to)))
    }

    /// The planned episodes. Children on a census day keep one episode so the paper's breakdown
    /// holds; others may start with home tuition before a base place, or end with outreach
    /// support in the home school as they return.
    private func episodes(_ plan: PlannedCase, _ random: inout HistoryRandom) -> [Census.Episode] {
        guard let start = plan.start, let end = plan.end else { return [] }
        let span = calendar.schoolDays(from: start, to: end)
        var pieces: [(ProvisionType, CalendarDate, CalendarDate)] = [(plan.type, start, end)]
        if !plan.singleEpisode && plan.type == .base && !plan.awaitingSpecialistPlace && span >= 60 {
            switch random.below(100) {
            case 0..<15:
                let days = random.int(10...25)
                pieces = [(.home, start, calendar.addingSchoolDays(days - 1, to: start)),
                          (.base, calendar.addingSchoolDays(days, to: start), end)]
            case 15..<33:
                let days = random.int(10...20)
                pieces = [(.base, start, calendar.addingSchoolDays(-days, to: end)),
                          (.outreach, calendar.addingSchoolDays(1 - days, to: end), end)]
            default:
                break
            }
        }
        return pieces.map { type, from, to in
            let fullTime = fullTimeHours(dob: plan.dateOfBirth, from: from, to: to)
            let hours: Double = switch type {
            case .base: random.chance(plan.awaitingSpecialistPlace ? 0.3 : 0.45) ? fullTime : random.element([12.5, 15, 17.5, 20])
            case .home: random.element([5, 6, 8, 10])
            case .hospital: random.element([10, 12.5, 15])
            case .virtual: random.element([10, 12.5, 15, 20])
            case .outreach: random.element([4, 6, 8])
            }
            return Census.Episode(type: type, baseName: type == .base ? plan.baseName : nil, hoursPerWeek: hours, start: from, end: to)
        }
    }

    /// HN-5: every episode below full time for the child's key stage needs its reason recorded.
    private func partTimeReason(_ episodes: [Census.Episode], dob: CalendarDate) -> String? {
        var seen = Set<ProvisionType>()
        var sentences: [String] = []
        for episode in episodes {
            let fullTime = fullTimeHours(dob: dob, from: episode.start, to: episode.end ?? today)
            guard episode.hoursPerWeek < fullTime, seen.insert(episode.type).inserted else { continue }
            sentences.append(HistoryWording.partTime(episode.type, hours: episode.hoursPerWeek, fullTime: fullTime))
        }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }

    /// A GCSE grade 1–9, centred on 4 as for children whose schooling was interrupted, or nil if not sat.
    private func grade(_ random: inout HistoryRandom, sat: Double) -> Int? {
        let grade = (random.int(1...9) + random.int(1...7) + 1) / 2
        return random.chance(sat) ? grade : nil
    }
}
