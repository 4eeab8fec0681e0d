import Fluent
import Vapor
import ContinuumDomain

/// Loads an authority's whole Section 19 caseload in a fixed number of queries (referrals with
/// children, episodes, bases) and turns it into census cases. Used by the census page, the CLI
/// report and the coordinator's dashboard.
struct ServiceSnapshot {
    let referrals: [Referral]
    let episodesByReferral: [UUID: [ProvisionEpisode]]
    let bases: [TeachingBase]
    var overdueReviews: [CaseReview] = []

    static func load(authorityID: UUID, on db: any Database) async throws -> ServiceSnapshot {
        let referrals = try await Referral.query(on: db).filter(\.$authority.$id == authorityID).with(\.$child).all()
        let ids = referrals.compactMap(\.id)
        let episodes = ids.isEmpty ? [] : try await ProvisionEpisode.query(on: db).join(Referral.self, on: \ProvisionEpisode.$referral.$id == \Referral.$id)
            .filter(Referral.self, \.$authority.$id == authorityID).all()
        let bases = try await TeachingBase.query(on: db).filter(\.$authority.$id == authorityID).sort(\.$name).all()
        let today = CalendarDate.today()
        let overdue = ids.isEmpty ? [] : try await CaseReview.query(on: db).join(Referral.self, on: \CaseReview.$referral.$id == \Referral.$id)
            .filter(Referral.self, \.$authority.$id == authorityID).filter(Referral.self, \.$status == ReferralStatus.accepted.rawValue)
            .filter(\.$heldOn == nil).filter(\.$dueOn < today).all()
        return ServiceSnapshot(referrals: referrals, episodesByReferral: Dictionary(grouping: episodes, by: { $0.$referral.id }), bases: bases, overdueReviews: overdue)
    }

    var baseNames: [UUID: String] { Dictionary(uniqueKeysWithValues: bases.compactMap { b in b.id.map { ($0, b.name) } }) }

    func censusCases() -> [Census.Case] {
        let names = baseNames
        return referrals.compactMap { r in
            let dob = r.child.dateOfBirth
            let episodes = (episodesByReferral[r.id!] ?? []).map { e in
                Census.Episode(type: e.typeValue, baseName: e.$base.id.flatMap { names[$0] }, hoursPerWeek: e.hoursPerWeek, start: e.startsOn, end: e.endsOn)
            }
            // Withdrawn referrals stop waiting on the day they were withdrawn; without that date, on receipt.
            let settled = r.decidedOn ?? (r.statusValue == .withdrawn ? (r.closedOn ?? r.receivedOn) : nil)
            return Census.Case(childKey: r.$child.id.uuidString, reason: r.reasonValue, dateOfBirth: dob, referredOn: r.receivedOn, settledOn: settled, episodes: episodes)
        }
    }

    func census(at date: CalendarDate) -> Census {
        Census.compute(at: date, cases: censusCases(), baseNames: bases.map(\.name))
    }
}
