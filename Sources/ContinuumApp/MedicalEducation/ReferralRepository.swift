import Fluent
import NIOConcurrencyHelpers
import Vapor
import ContinuumDomain

/// Referrals a principal may see, defaulting to none. School users see the referrals for their
/// own pupils; teachers, health professionals and parents those of the children linked to them.
struct ReferralRepository {
    let principal: Principal
    let db: any Database

    func scoped() async throws -> QueryBuilder<Referral>? {
        let base = Referral.query(on: db).filter(\.$authority.$id == principal.authorityID)
        switch principal.role {
        case .administrator, .caseworker, .metCoordinator:
            return base
        case .schoolUser:
            guard let school = principal.schoolID else { return nil }
            return base.filter(\.$homeSchool.$id == school)
        case .metTeacher, .healthProfessional, .parentCarer:
            guard let children = try await ChildRepository(principal: principal, db: db).scoped() else { return nil }
            let ids = try await children.all(\.$id)
            guard !ids.isEmpty else { return nil }
            return base.filter(\.$child.$id ~~ ids)
        case .finance, .electedMember:
            return nil
        }
    }

    /// The referral, if in scope; otherwise nil, with the refusal audited (AccessDenial).
    func find(_ id: UUID) async throws -> Referral? {
        let found = try await scoped()?.filter(\.$id == id).with(\.$child).with(\.$homeSchool).first()
        if found == nil { try await AccessDenial.record("referral", id: id, principal: principal, on: db) }
        return found
    }
}

/// Calendars per authority from its term dates, cached: every clock on a page needs one.
final class CalendarCache: Sendable {
    private let cache = NIOLockedValueBox<[UUID: SchoolCalendar]>([:])

    func calendar(for authorityID: UUID, on db: any Database) async throws -> SchoolCalendar {
        if let cached = cache.withLockedValue({ $0[authorityID] }) { return cached }
        let rows = try await TermDate.query(on: db).filter(\.$authority.$id == authorityID).all()
        // Row by row, never keyed by name: councils reuse "Autumn term" every year and may call every break
        // "Half term", and a name-keyed map kept only one of each, dropping whole terms from every clock.
        var terms: [(name: String, start: CalendarDate, end: CalendarDate)] = []
        var halfTerms: [(start: CalendarDate, end: CalendarDate)] = []
        var inset = Set<CalendarDate>()
        for row in rows {
            guard let start = CalendarDate(iso: row.startsOn), let end = CalendarDate(iso: row.endsOn) else { continue }
            switch row.kind {
            case .term: terms.append((row.name, start, end))
            case .halfTerm: halfTerms.append((start, end))
            case .inset: inset.insert(start)
            }
        }
        let calendar: SchoolCalendar
        if terms.isEmpty {
            calendar = SchoolCalendar.demo()
        } else {
            // Each half term belongs to the term whose dates contain it, whatever either is called.
            calendar = SchoolCalendar(terms: terms.sorted { $0.start < $1.start }.map { term in
                let half = halfTerms.first { term.start <= $0.start && $0.end <= term.end }
                return TermDates(name: term.name, start: term.start, end: term.end, halfTermStart: half?.start, halfTermEnd: half?.end)
            }, insetDays: inset)
        }
        cache.withLockedValue { $0[authorityID] = calendar }
        return calendar
    }

    /// Drops a cached calendar after the authority's term dates change, so no clock counts stale days.
    func forget(_ authorityID: UUID) { _ = cache.withLockedValue { $0.removeValue(forKey: authorityID) } }
}

private struct CalendarCacheKey: StorageKey { typealias Value = CalendarCache }

extension Application {
    var calendars: CalendarCache {
        if let existing = storage[CalendarCacheKey.self] { return existing }
        let created = CalendarCache()
        storage[CalendarCacheKey.self] = created
        return created
    }
}
