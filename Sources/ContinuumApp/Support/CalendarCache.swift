import Fluent
import NIOConcurrencyHelpers
import Vapor
import ContinuumDomain

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
            switch row.kind {
            case .term: terms.append((row.name, row.startsOn, row.endsOn))
            case .halfTerm: halfTerms.append((row.startsOn, row.endsOn))
            case .inset: inset.insert(row.startsOn)
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
