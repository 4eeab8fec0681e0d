import Fluent
import Foundation
import ContinuumDemo
import ContinuumDomain

/// Writes the generated Section 19 history (children, referrals, decisions, provision and
/// closures since 2016) so the census reproduces the council paper's figures.
enum DemoHistory {
    static func seed(authorityID: UUID, schools: [Establishment], baseIDs: [String: UUID], calendar: SchoolCalendar, on db: any Database) async throws {
        let cases = MedicalEducationHistory.generate(today: CalendarDate.today(), calendar: calendar)
        let primary = schools.filter { $0.phase == "Primary" || $0.phase == "First" }
        let secondary = schools.filter { $0.phase == "Secondary" || $0.phase == "Middle deemed secondary" }
        var serials: [String: Int] = [:]
        var children: [Child] = [], referrals: [Referral] = [], episodes: [ProvisionEpisode] = []
        var reviews: [CaseReview] = [], plans: [ReintegrationPlan] = []
        for (index, item) in cases.enumerated() {
            let pool = item.child.homeSchoolPhase == "Primary" ? primary : secondary
            let school = pool.isEmpty ? schools[index % schools.count] : pool[index % pool.count]
            let admitted = (item.child.dateOfBirth.academicYearStart + 5) % 100
            let key = "\(school.establishmentNumber)-\(admitted)"
            let serial = serials[key, default: 500] + 1
            serials[key] = serial
            let child = Child(id: UUID(), authorityID: authorityID, legalForename: item.child.forename, legalSurname: item.child.surname,
                              dateOfBirth: item.child.dateOfBirth,
                              upn: serial <= 999 ? UPN.make(laCode: DemoSeeder.laCode, establishment: school.establishmentNumber, year2: admitted, serial: serial).value : nil,
                              sex: item.child.sex, homePostcode: school.postcode, homeSchoolID: school.id, senProvision: item.ehcPlan == "plan" ? .ehcPlan : .senSupport,
                              primaryNeed: item.reason == .other ? .asd : .semh, secondaryNeed: nil)
            children.append(child)
            let r = referral(for: item, child: child, school: school, authorityID: authorityID)
            referrals.append(r)
            reviews += Self.reviews(for: item, referralID: r.id!, calendar: calendar)
            if let plan = reintegrationPlan(for: item, referralID: r.id!, school: school) { plans.append(plan) }
            episodes += Self.episodes(for: item, referralID: r.id!, baseIDs: baseIDs, calendar: calendar)
        }
        for chunk in children.chunked(into: 400) { try await chunk.create(on: db) }
        for chunk in referrals.chunked(into: 300) { try await chunk.create(on: db) }
        for chunk in episodes.chunked(into: 500) { try await chunk.create(on: db) }
        for chunk in reviews.chunked(into: 500) { try await chunk.create(on: db) }
        for chunk in plans.chunked(into: 500) { try await chunk.create(on: db) }
    }

    /// The referral as the service recorded it, from the history's dates and decisions.
    private static func referral(for item: HistoricalCase, child: Child, school: Establishment, authorityID: UUID) -> Referral {
        let r = Referral()
        r.id = UUID()
        r.$authority.id = authorityID
        r.$child.id = child.id!
        r.$homeSchool.id = school.id
        r.referrer = item.referredBy
        r.reason = item.reason.rawValue
        r.healthSummary = HistoryText.summary(for: item.reason)
        r.expectedAbsenceDays = item.expectedAbsenceSchoolDays
        r.schoolDaysMissed = item.schoolDaysMissed
        r.ehcStatus = item.ehcPlan
        r.parentalConsent = true
        r.urgent = item.urgent
        r.status = item.status.rawValue
        r.receivedOn = item.receivedOn
        r.evidenceRequestedOn = item.evidenceRequestedOn
        r.evidenceRequestedFrom = item.evidenceRequestedOn == nil ? nil : (item.reason == .anxietyMentalHealth ? "CAMHS" : "The child's GP")
        r.evidenceReceivedOn = item.evidenceReceivedOn
        r.decidedOn = item.decidedOn
        r.decisionReasons = item.decisionReasons.isEmpty ? nil : item.decisionReasons
        r.decidedBy = item.decidedOn == nil ? nil : "Multi-agency panel"
        r.closedOn = (item.closure?.closedOn ?? item.withdrawnOn)
        if let closure = item.closure {
            var outcome = closure.outcome
            if let g = closure.gcse {
                outcome += " (GCSE English \(g.english.map(String.init) ?? "not sat"), Maths \(g.maths.map(String.init) ?? "not sat"), Science \(g.science.map(String.init) ?? "not sat"))"
            }
            r.closureOutcome = outcome
        }
        r.version = 1
        return r
    }

    /// The reviews held, and for a case still open the next one due 30 school days after the last.
    private static func reviews(for item: HistoricalCase, referralID: UUID, calendar: SchoolCalendar) -> [CaseReview] {
        var reviews: [CaseReview] = []
        for held in item.reviews {
            let review = CaseReview()
            review.$referral.id = referralID
            review.dueOn = held
            review.heldOn = held
            review.healthInput = item.reason == .anxietyMentalHealth ? "CAMHS: engaging with therapy; anxiety reducing slowly." : "Consultant: continue current arrangements."
            review.outcome = "Provision continues; reintegration steps reviewed."
            reviews.append(review)
        }
        if item.status == .accepted, let last = item.reviews.last ?? item.episodes.first?.start {
            let next = CaseReview()
            next.$referral.id = referralID
            next.dueOn = calendar.addingSchoolDays(30, to: last)
            reviews.append(next)
        }
        return reviews
    }

    /// The reintegration plan, for a case with a return date to aim for.
    private static func reintegrationPlan(for item: HistoricalCase, referralID: UUID, school: Establishment) -> ReintegrationPlan? {
        if let target = item.reintegrationTarget {
            let plan = ReintegrationPlan()
            plan.$referral.id = referralID
            plan.goals = "Return to \(school.name) full time."
            plan.steps = "Phased visits to school with a trusted adult; increase sessions at the base; part-time return before full time."
            plan.schoolContact = "SENCO, \(school.name)"
            plan.targetOn = target
            return plan
        }
        return nil
    }

    /// The provision episodes, each part-time one with its review date.
    private static func episodes(for item: HistoricalCase, referralID: UUID, baseIDs: [String: UUID], calendar: SchoolCalendar) -> [ProvisionEpisode] {
        var episodes: [ProvisionEpisode] = []
        for episode in item.episodes {
            let e = ProvisionEpisode()
            e.$referral.id = referralID
            e.type = episode.type.rawValue
            e.$base.id = episode.baseName.flatMap { baseIDs[$0] }
            e.hoursPerWeek = episode.hoursPerWeek
            e.startsOn = episode.start
            e.endsOn = episode.end
            e.partTimeReason = item.partTimeReason
            if item.partTimeReason != nil { e.partTimeReviewOn = calendar.addingSchoolDays(30, to: episode.start) }
            episodes.append(e)
        }
        return episodes
    }
}

enum HistoryText {
    static func summary(for reason: ReferralReason) -> String {
        switch reason {
        case .anxietyMentalHealth: "Anxiety and low mood; under CAMHS; unable to attend school."
        case .lowImmunity: "Immunosuppressed during treatment; advised to avoid crowded settings."
        case .reducedMobility: "Reduced mobility after injury; cannot manage the school site."
        case .hospitalTreatment: "Inpatient treatment at the children's hospital."
        case .postOperative: "Recovering from surgery; not fit to attend for several weeks."
        case .other: "Autistic; school placement has broken down; awaiting a specialist place."
        }
    }
}
