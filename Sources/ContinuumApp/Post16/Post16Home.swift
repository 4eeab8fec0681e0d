import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The post-16 adviser's home page, and the caseworkers' list of plan holders who are NEET (issue 17).
enum Post16Home {
    static func adviser(_ req: Request, _ principal: Principal, today: CalendarDate) async throws -> HomeView {
        let rows = try await Post16Controller.rows(authorityID: principal.authorityID, today: today, db: req.db)
        func count(_ f: Post16Controller.Filter) -> Int { rows.filter { Post16Controller.matches($0, f, today: today) }.count }
        var view = HomeView(lead: "The young people the council tracks: who is NEET, whose record is about to lapse to not known, and who has no September Guarantee offer.")
        view.figures = [
            .init(label: "Tracked", value: String(rows.count), href: .post16),
            .init(label: "NEET", value: String(count(.neet)), href: .post16),
            .init(label: "Not known", value: String(count(.notKnown)), href: .post16),
            .init(label: "Lapsing within 30 days", value: String(count(.lapsing)), href: .post16),
            .init(label: "No September Guarantee offer", value: String(count(.noOffer)), href: .post16Part(.guarantee)),
        ]
        let lapsing = rows.filter { Post16Controller.matches($0, .lapsing, today: today) }.sorted { ($0.activity.lapsesOn ?? today) < ($1.activity.lapsesOn ?? today) }
        view.sections.append(HomeView.Section(
            heading: "Lapsing soonest", caption: "Records that become not known within 30 days unless confirmed", empty: "No record lapses in the next 30 days.",
            items: lapsing.prefix(HomeView.listLimit).map { r in
                let d = HomeView.due(r.activity.lapsesOn, today: today)
                return HomeView.Item(title: r.person.fullName, href: .post16Person(.value(r.person.id)), detail: Post16Pages.activityLabel(r.activity, on: today),
                                     when: d.when, status: ("Lapsing", .yellow), childID: r.person.childID)
            }, more: (max(0, lapsing.count - HomeView.listLimit), .post16)))
        view.notes = [p([link("NEET and not-known figures", href: SiteURL.post16Part(.figures).path)]), p([link("NCCIS monthly return", href: SiteURL.post16Part(.nccis).path)])]
        return view
    }

    /// Plan holders whose current activity is NEET, with the plan's named setting: three queries (the plan holders, their
    /// spells, and the plans in force for those with a child record).
    static func planReviewSection(authorityID: UUID, today: CalendarDate, db: any Database) async throws -> HomeView.Section {
        let people = try await Post16Store.loadAll(authorityID: authorityID, db: db, planHoldersOnly: true)
        let neet = people.filter { Post16Cohort.basis(dateOfBirth: $0.dateOfBirth, hasEHCPlan: true, on: today) != nil && $0.activity(on: today).countsAs == .neet }
        let settings = try await placements(authorityID: authorityID, children: neet.compactMap(\.childID), db: db)
        return HomeView.Section(
            heading: "Young people with EHC plans who are NEET", caption: "Plan holders not in education, employment or training: review the plan",
            empty: "No young person with an EHC plan is NEET.",
            items: neet.prefix(HomeView.listLimit).map { p in
                HomeView.Item(title: p.fullName, href: .post16Person(.value(p.id)),
                              detail: "Named setting: " + (p.childID.flatMap { settings[$0] } ?? "not recorded") + "; " + Post16Pages.activityLabel(p.activity(on: today), on: today),
                              when: "Now", status: ("Review needed", .red), childID: p.childID)
            }, more: (max(0, neet.count - HomeView.listLimit), .post16))
    }

    /// The named setting (section I) of each child's plan in force.
    static func placements(authorityID: UUID, children: [UUID], db: any Database) async throws -> [UUID: String] {
        guard !children.isEmpty else { return [:] }
        let inForce = [EHCStage.finalIssued, .underReview, .amendmentProposed].map(\.rawValue)
        var result: [UUID: String] = [:]
        for chunk in children.chunked(into: 500) {
            for c in try await EHCCase.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$child.$id ~~ chunk).filter(\.$stageRaw ~~ inForce).all() {
                if let child = c.$child.id, let placement = c.placement { result[child] = placement }
            }
        }
        return result
    }
}
