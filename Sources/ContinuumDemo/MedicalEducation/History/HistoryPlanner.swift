import ContinuumDomain

/// Plans when each demo child was referred, decided and provided for, so that the census
/// reproduces the council paper's figures exactly while the rest of the history is drawn at
/// random around plausible caseloads.
///
/// The day-by-day simulation runs over school days from September 2016 to a little past
/// `today`. Most of the time new placements arrive at a rate steered towards a target caseload.
/// Three stretches are controlled instead, because a random process can only hit a figure on
/// average and the paper's figures are exact:
/// - the 2017-18 academic year: the children carried over on its first day are counted and
///   exactly enough new placements are scheduled in the year to make 122;
/// - the 30 school days before 1 October 2019 and before 15 January 2020: the placements that
///   will still be running on the census day are counted, and the shortfall is scheduled as new
///   placements that run through it (or the excess ended early, as returns to school).
/// Which provision each child counted on those two days has is decided afterwards, from the
/// paper's breakdowns, so the base and home tuition numbers come out exact too.
struct HistoryPlanner {
    static let octoberCensus = CalendarDate(year: 2019, month: 10, day: 1)
    static let januaryCensus = CalendarDate(year: 2020, month: 1, day: 15)
    static let paperYear = CalendarDate(year: 2017, month: 9, day: 1)...CalendarDate(year: 2018, month: 8, day: 31)
    static let paperYearTotal = 122
    static let januaryAwaiting = 19
    static let baseNames = ["Kidderminster", "Redditch", "Worcester"]
    /// The paper's figures: 41 at a base in near-equal thirds, 6 at home, 1 in hospital.
    static let octoberSlots = slots([("base:Kidderminster", 14), ("base:Worcester", 14), ("base:Redditch", 13), ("home", 6), ("hospital", 1)])
    /// 55 with a base place, Redditch the fewest at 11, and 10 at home.
    static let januarySlots = slots([("base:Kidderminster", 22), ("base:Worcester", 22), ("base:Redditch", 11), ("home", 10)])
    /// The record starts in September 2016 with the children already on roll then.
    static let recordsBegin = CalendarDate(year: 2016, month: 9, day: 1)
    static let openingCaseload = 38
    /// The live cases near `today` are only added when they can't touch the paper's figures.
    static let liveCasesFrom = CalendarDate(year: 2022, month: 9, day: 1)

    let calendar: SchoolCalendar
    let today: CalendarDate
    let seed: UInt64
    private var random: HistoryRandom
    private(set) var cases: [PlannedCase] = []
    /// Accepted cases whose provision has not ended before the simulated day.
    private var active: [Int] = []
    /// Controlled arrivals by day number, each with the census day it must run through, if any.
    private var scheduled: [Int: [CalendarDate?]] = [:]

    init(seed: UInt64, today: CalendarDate, calendar: SchoolCalendar) {
        self.seed = seed
        self.today = today
        self.calendar = calendar
        random = HistoryRandom(seed: seed, stream: 1)
    }

    static func slots(_ counts: [(String, Int)]) -> [String] { counts.flatMap { Array(repeating: $0.0, count: $0.1) } }

    // MARK: - The simulation

    mutating func run() {
        let firstDay = calendar.nextSchoolDay(onOrAfter: Self.recordsBegin)
        addOpeningCaseload(firstDay: firstDay)
        // A few weeks past today, so referrals received before today but decided after it exist.
        let horizon = calendar.addingSchoolDays(25, to: max(today, firstDay))
        let paperYearFirstDay = calendar.nextSchoolDay(onOrAfter: Self.paperYear.lowerBound)
        let octoberWindow = calendar.addingSchoolDays(-30, to: Self.octoberCensus)
        let januaryWindow = calendar.addingSchoolDays(-30, to: Self.januaryCensus)
        let controlled = [paperYearFirstDay...Self.paperYear.upperBound, octoberWindow...Self.octoberCensus,
                          januaryWindow...Self.januaryCensus]

        var day = firstDay
        while day <= horizon {
            active.removeAll { cases[$0].end! < day }
            if day == paperYearFirstDay { planPaperYear(firstDay: day) }
            if day == octoberWindow { planCensus(Self.octoberCensus, target: Self.octoberSlots.count, window: day) }
            if day == januaryWindow {
                capChildrenOnBothCensuses(window: day)
                planCensus(Self.januaryCensus, target: Self.januarySlots.count, window: day)
            }
            if controlled.contains(where: { $0.contains(day) }) {
                for cover in scheduled[day.dayNumber] ?? [] { _ = addPlacement(start: day, mustCover: cover) }
            } else {
                for _ in 0..<softArrivals(on: day) { _ = addPlacement(start: day) }
            }
            if day == Self.januaryCensus { addJanuaryBacklog() }
            // Referrals that never lead to provision: about one in five of all referrals.
            if random.chance(0.085) { addUnprovidedReferral(receivedOn: day) }
            day = calendar.addingSchoolDays(1, to: day)
        }
        if today >= Self.liveCasesFrom { addLiveCases() }
        settleBefore(Self.octoberCensus)
        settleBefore(Self.januaryCensus)
        assignCensusProvision()
    }

    /// Children already placed when records begin, started during the previous school year.
    private mutating func addOpeningCaseload(firstDay: CalendarDate) {
        for _ in 0..<Self.openingCaseload {
            let elapsed = random.int(1...100)
            let start = calendar.addingSchoolDays(-elapsed, to: firstDay)
            let index = addPlacement(start: start, mustCover: firstDay)
            // Most would have ended in the natural course; keep the remaining spell realistic.
            let remaining = random.int(5...160)
            let end = min(cases[index].end!, calendar.addingSchoolDays(remaining, to: firstDay))
            cases[index].end = max(end, firstDay)
        }
    }

    /// The caseload the service is steered towards, by date (the paper shows demand rising into 2020).
    private func softTarget(_ day: CalendarDate) -> Double {
        func fraction(_ from: CalendarDate, _ to: CalendarDate) -> Double {
            min(1, max(0, Double(from.days(to: day)) / Double(max(1, from.days(to: to)))))
        }
        switch day {
        case ..<Self.paperYear.lowerBound: return 36 + 8 * fraction(Self.recordsBegin, CalendarDate(year: 2017, month: 7, day: 20))
        case ..<CalendarDate(year: 2019, month: 9, day: 1): return 46
        case ..<Self.januaryCensus: return 48 + 14 * fraction(Self.octoberCensus, Self.januaryCensus)
        case ..<CalendarDate(year: 2020, month: 9, day: 1): return 66
        case ..<CalendarDate(year: 2022, month: 9, day: 1): return 62
        default: return 56
        }
    }

    /// New placements today: the rate that holds the target caseload (about 125 school days is
    /// the mean stay `drawDuration` gives), plus a pull towards the target when off it.
    private mutating func softArrivals(on day: CalendarDate) -> Int {
        let onRoll = active.count(where: { cases[$0].start! <= day })
        let target = softTarget(day)
        let rate = min(2.5, max(0, target / 125 + 0.04 * (target - Double(onRoll))))
        var arrivals = 0
        for _ in 0..<3 where random.chance(rate / 3) { arrivals += 1 }
        return arrivals
    }

    /// 2017-18: exactly `paperYearTotal` children with provision at some time in the year.
    private mutating func planPaperYear(firstDay: CalendarDate) {
        var carried = active
        if carried.count > Self.paperYearTotal {
            // Only if a seed overshoots: some of the carried-over children finish in July instead.
            let lastDayBefore = calendar.previousSchoolDay(onOrBefore: Self.paperYear.lowerBound.adding(days: -1))
            random.shuffle(&carried)
            for index in carried.prefix(carried.count - Self.paperYearTotal) {
                let from = max(cases[index].start!, calendar.addingSchoolDays(-15, to: lastDayBefore))
                cases[index].end = randomSchoolDay(from, lastDayBefore)
            }
            active.removeAll { cases[$0].end! < firstDay }
        }
        // More referrals in the autumn and after Christmas, fewer as the summer term ends.
        schedule(Self.paperYearTotal - active.count, from: firstDay, to: Self.paperYear.upperBound, cover: nil) { day in
            switch day.month {
            case 9...12: 13
            case 1...3: 12
            case 4, 5: 10
            default: 6
            }
        }
    }

    /// Makes exactly `target` children on roll on `census`: those still running then, plus new
    /// placements through it, or minus some ended early.
    private mutating func planCensus(_ census: CalendarDate, target: Int, window: CalendarDate) {
        var survivors = active.filter { cases[$0].end! >= census }
        if survivors.count > target {
            random.shuffle(&survivors)
            endEarly(Array(survivors.prefix(survivors.count - target)), from: window, before: census)
        } else {
            // Referrals cluster at the start of a term.
            schedule(target - survivors.count, from: window, to: census, cover: census) { day in
                day.month == 9 || day.month == 1 ? 4 : 1
            }
        }
    }

    /// A child counted on both census days keeps one provision for both, so no more of them can
    /// be counted than the smaller figure for each kind of provision allows (45).
    private mutating func capChildrenOnBothCensuses(window: CalendarDate) {
        let limit = Self.sharedSlots().count
        var both = active.filter { cases[$0].covers(Self.octoberCensus) && cases[$0].end! >= Self.januaryCensus }
        guard both.count > limit else { return }
        random.shuffle(&both)
        endEarly(Array(both.prefix(both.count - limit)), from: window, before: Self.januaryCensus)
    }

    /// The kinds of provision both census breakdowns have room for, one entry per child.
    static func sharedSlots() -> [String] {
        var january = januarySlots
        var shared: [String] = []
        for slot in octoberSlots {
            if let at = january.firstIndex(of: slot) { shared.append(slot); january.remove(at: at) }
        }
        return shared
    }

    private mutating func endEarly(_ indices: [Int], from: CalendarDate, before census: CalendarDate) {
        let lastDay = calendar.addingSchoolDays(-1, to: census)
        for index in indices {
            cases[index].end = randomSchoolDay(max(from, cases[index].start!), lastDay)
        }
    }

    private mutating func schedule(_ count: Int, from: CalendarDate, to: CalendarDate, cover: CalendarDate?,
                                   weight: (CalendarDate) -> Int) {
        guard count > 0 else { return }
        var days: [CalendarDate] = []
        var day = calendar.nextSchoolDay(onOrAfter: from)
        while day <= to { days.append(day); day = calendar.addingSchoolDays(1, to: day) }
        guard !days.isEmpty else { return }
        let weights = days.map(weight)
        for _ in 0..<count {
            scheduled[days[random.pick(weights: weights)].dayNumber, default: []].append(cover)
        }
    }

    private mutating func randomSchoolDay(_ from: CalendarDate, _ to: CalendarDate) -> CalendarDate {
        let first = calendar.nextSchoolDay(onOrAfter: from)
        let span = calendar.schoolDays(from: first, to: to)
        guard span > 1 else { return first }
        return calendar.addingSchoolDays(random.below(span), to: first)
    }

    // MARK: - Making cases

    /// The provision a new placement starts with; virtual teaching surges in the pandemic year.
    private mutating func drawType(_ start: CalendarDate) -> ProvisionType {
        let pandemic = CalendarDate(year: 2020, month: 3, day: 23)...CalendarDate(year: 2021, month: 3, day: 5)
        let types: [ProvisionType] = [.base, .home, .hospital, .virtual]
        if pandemic.contains(start) { return types[random.pick(weights: [35, 15, 5, 45])] }
        return types[random.pick(weights: start.year >= 2021 ? [68, 20, 6, 6] : [72, 20, 6, 2])]
    }

    /// Placement length in school days; four terms is about 250.
    private mutating func drawDuration(_ type: ProvisionType, awaitingSpecialist: Bool) -> Int {
        if awaitingSpecialist { return random.int(270...420) }
        switch type {
        case .hospital: return random.int(5...40)
        case .home: return random.int(20...120)
        case .virtual: return random.int(30...150)
        case .outreach: return random.int(10...40)
        case .base:
            switch random.below(10) {
            case 0..<3: return random.int(40...100)
            case 3..<8: return random.int(100...220)
            default: return random.int(220...280)
            }
        }
    }

    /// Mostly secondary (the paper's caseload), some primary from Year 3.
    private mutating func drawYearGroup() -> Int { 3 + random.pick(weights: [2, 2, 3, 4, 7, 10, 14, 17, 14]) }

    /// A date of birth putting the child in `yearGroup` on `date` and of compulsory school age
    /// until at least `until`; a Year 11 who would have left by then is drawn a year younger.
    private mutating func drawBirth(on date: CalendarDate, until: CalendarDate, yearGroup: Int? = nil)
        -> (dateOfBirth: CalendarDate, leaving: CalendarDate) {
        var group = yearGroup ?? drawYearGroup()
        while true {
            let birthYearStart = date.academicYearStart - group - 5
            let dob = CalendarDate(year: birthYearStart, month: 9, day: 1).adding(days: random.below(365))
            let leaving = leavingDate(dob)
            if leaving >= until || group <= 3 { return (dob, leaving) }
            group -= 1
        }
    }

    /// The last school day of compulsory school age: the last Friday in June of Year 11.
    func leavingDate(_ dob: CalendarDate) -> CalendarDate {
        calendar.previousSchoolDay(onOrBefore: AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: dob))
    }

    /// A placement starting on `start`, with its referral and decision dated back from it.
    @discardableResult
    private mutating func addPlacement(start: CalendarDate, mustCover: CalendarDate? = nil, type: ProvisionType? = nil,
                                       awaitingSpecialist: Bool? = nil, yearGroup: Int? = nil, end: CalendarDate? = nil) -> Int {
        let type = type ?? drawType(start)
        let specialist = awaitingSpecialist ?? (type == .base && random.chance(0.05))
        let duration = drawDuration(type, awaitingSpecialist: specialist)
        let shortest = calendar.addingSchoolDays(min(duration, 10) - 1, to: start)
        let (dob, leaving) = drawBirth(on: start, until: max(mustCover ?? start, shortest, end ?? start), yearGroup: yearGroup)

        var last = end ?? calendar.addingSchoolDays(duration - 1, to: start)
        if let cover = mustCover, last < cover { last = calendar.addingSchoolDays(random.int(5...60), to: cover) }
        // Year 11s who are still with the service in the summer term finish the year with it.
        let finishingYear11 = AgeAndStage.yearGroup(dateOfBirth: dob, on: last) == 11 && (5...8).contains(last.month)
        if last >= leaving || finishingYear11 { last = leaving }

        let urgent = type == .hospital ? random.chance(0.6) : random.chance(0.08)
        let toProvision: Int = switch random.below(100) {
        case 0..<20: 0
        case 20..<88: random.int(1...5)
        default: random.int(6...10)
        }
        let decided = calendar.addingSchoolDays(-toProvision, to: start)
        let toDecision = urgent ? random.int(1...3) : (random.chance(0.85) ? random.int(2...8) : random.int(9...15))
        let received = calendar.addingSchoolDays(-toDecision, to: decided)

        var plan = PlannedCase(sequence: cases.count, outcome: .accepted, receivedOn: received, settledOn: decided,
                               start: start, end: last, dateOfBirth: dob, type: type)
        plan.baseName = type == .base ? Self.baseNames[random.pick(weights: [36, 28, 36])] : nil
        plan.awaitingSpecialistPlace = specialist
        plan.urgent = urgent
        cases.append(plan)
        active.append(cases.count - 1)
        return cases.count - 1
    }

    /// A referral declined or withdrawn before any provision.
    @discardableResult
    private mutating func addUnprovidedReferral(receivedOn: CalendarDate, settledOn: CalendarDate? = nil,
                                                outcome: PlannedCase.Outcome? = nil) -> Int {
        let outcome = outcome ?? (random.chance(0.66) ? .declined : .withdrawn)
        let settled = settledOn ?? calendar.addingSchoolDays(
            outcome == .declined ? (random.chance(0.85) ? random.int(2...8) : random.int(9...12)) : random.int(2...15),
            to: receivedOn)
        let (dob, _) = drawBirth(on: receivedOn, until: calendar.addingSchoolDays(15, to: receivedOn))
        var plan = PlannedCase(sequence: cases.count, outcome: outcome, receivedOn: receivedOn, settledOn: settled,
                               dateOfBirth: dob, type: .home)
        plan.urgent = random.chance(0.05)
        cases.append(plan)
        return cases.count - 1
    }

    /// The 19 referrals waiting on 15 January 2020: most came in during the first days of the
    /// spring term, a few in December are still waiting for information; the panel decides them
    /// in the following week.
    private mutating func addJanuaryBacklog() {
        let census = Self.januaryCensus
        var outcomes = Array(repeating: PlannedCase.Outcome.accepted, count: Self.januaryAwaiting - 5)
            + Array(repeating: .declined, count: 3) + Array(repeating: .withdrawn, count: 2)
        random.shuffle(&outcomes)
        for (number, outcome) in outcomes.enumerated() {
            let received = number < 4
                ? calendar.addingSchoolDays(-random.int(10...25), to: census)
                : calendar.addingSchoolDays(-random.int(0...8), to: census)
            let settled = max(calendar.addingSchoolDays(random.int(1...6), to: census), calendar.addingSchoolDays(2, to: received))
            let index: Int
            if outcome == .accepted {
                index = addPlacement(start: calendar.addingSchoolDays(random.int(0...5), to: settled))
                cases[index].receivedOn = received
                cases[index].settledOn = settled
            } else {
                index = addUnprovidedReferral(receivedOn: received, settledOn: settled, outcome: outcome)
            }
            cases[index].role = .awaitingAtCensus
            cases[index].heldAwaiting = true
        }
    }

    /// The live state the coordinator's dashboard needs on `today`, drawn from its own stream so
    /// the history before it doesn't depend on the day the demo is built.
    private mutating func addLiveCases() {
        let saved = random
        random = HistoryRandom(seed: seed, stream: 7)
        defer { random = saved }
        let last = calendar.previousSchoolDay(onOrBefore: today)
        func on(_ n: Int) -> CalendarDate { calendar.addingSchoolDays(n, to: last) }

        // Undecided long past the target while a consultant's letter is chased (HN-4 says it shouldn't be).
        for back in [9, 13] {
            let index = addPlacement(start: on(random.int(8...12)))
            cases[index].receivedOn = on(-back)
            cases[index].settledOn = on(random.int(3...6))
            cases[index].role = .overdueDecision
        }
        // Fresh referrals, inside the target.
        for back in [0, 1] {
            let index = addPlacement(start: on(random.int(6...9)))
            cases[index].receivedOn = on(-back)
            cases[index].settledOn = on(random.int(2...5))
            cases[index].role = .freshReferral
        }
        // Accepted ten school days ago and still without provision: the breach the dashboard must show.
        let breach = addPlacement(start: on(random.int(6...10)), type: .base)
        cases[breach].receivedOn = on(-16)
        cases[breach].settledOn = on(-10)
        cases[breach].role = .acceptedWithoutProvision
        // Autistic children past four terms, waiting for the specialist place their plan names.
        for back in [300, 345] {
            let index = addPlacement(start: on(-back), type: .base, awaitingSpecialist: true,
                                     yearGroup: random.int(6...8), end: on(random.int(40...90)))
            cases[index].role = .longPlacement
        }
    }

    /// Nothing may be awaiting a decision on a census day except the referrals held on purpose:
    /// a referral straddling the day is received after it, or decided on it.
    private mutating func settleBefore(_ census: CalendarDate) {
        let nextDay = calendar.addingSchoolDays(1, to: census)
        for index in cases.indices where !cases[index].heldAwaiting {
            guard cases[index].receivedOn <= census, cases[index].settledOn > census else { continue }
            if cases[index].settledOn > nextDay {
                cases[index].receivedOn = nextDay
            } else {
                cases[index].settledOn = census
                if cases[index].receivedOn == census { cases[index].receivedOn = calendar.addingSchoolDays(-1, to: census) }
            }
        }
    }

    /// Gives the children on roll on each census day the provision in the paper's breakdown:
    /// children on both days take from the kinds both have room for, the rest the remainder.
    /// The one hospital place goes to the shortest stay, as a hospital admission would be.
    private mutating func assignCensusProvision() {
        // Its own stream: the main one has run on to today, and this must not depend on today.
        var random = HistoryRandom(seed: seed, stream: 5)
        let both = cases.indices.filter { cases[$0].covers(Self.octoberCensus) && cases[$0].covers(Self.januaryCensus) }
        let octoberOnly = cases.indices.filter { cases[$0].covers(Self.octoberCensus) && !cases[$0].covers(Self.januaryCensus) }
        let januaryOnly = cases.indices.filter { cases[$0].covers(Self.januaryCensus) && !cases[$0].covers(Self.octoberCensus) }
        var shared = Self.sharedSlots()
        var october = Self.octoberSlots, january = Self.januarySlots
        random.shuffle(&shared)
        for index in both {
            guard let slot = shared.popLast() else { break }
            give(slot, to: index)
            october.remove(at: october.firstIndex(of: slot)!)
            january.remove(at: january.firstIndex(of: slot)!)
        }
        random.shuffle(&october)
        random.shuffle(&january)
        let shortestFirst = octoberOnly.sorted {
            (cases[$0].start!.days(to: cases[$0].end!), $0) < (cases[$1].start!.days(to: cases[$1].end!), $1)
        }
        var rest = shortestFirst[...]
        if let hospital = october.firstIndex(of: "hospital"), let shortest = rest.popFirst() {
            give(october.remove(at: hospital), to: shortest)
        }
        for index in rest {
            guard let slot = october.popLast() else { break }
            give(slot, to: index)
        }
        for index in januaryOnly {
            guard let slot = january.popLast() else { break }
            give(slot, to: index)
        }
    }

    private mutating func give(_ slot: String, to index: Int) {
        let parts = slot.split(separator: ":")
        cases[index].type = ProvisionType(rawValue: String(parts[0]))!
        cases[index].baseName = parts.count > 1 ? String(parts[1]) : nil
        cases[index].singleEpisode = true
    }
}
