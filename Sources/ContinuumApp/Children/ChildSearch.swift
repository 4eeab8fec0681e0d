import Fluent
import Vapor
import ContinuumDomain

/// The children list's query: by name or UPN, and by school; paged, with a fixed number of
/// queries whatever the page size (count, page, and the page's schools in one eager load).
struct ChildSearch {
    static let pageSize = 50

    struct Criteria: Sendable {
        var text: String
        var school: String
        var page: Int
    }

    struct Result: Sendable {
        let rows: [Child]
        let total: Int
        let page: Int
        var pageCount: Int { max(1, (total + ChildSearch.pageSize - 1) / ChildSearch.pageSize) }
    }

    let repository: ChildRepository

    func run(_ criteria: Criteria) async throws -> Result {
        guard let query = try await repository.scoped() else { return Result(rows: [], total: 0, page: 1) }
        let text = criteria.text.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty {
            if case .valid(let upn) = UPN.validate(text) {
                query.filter(\.$upn == upn.value)
            } else {
                query.filter(\.$searchKey ~~ Self.likeSafe(text.lowercased()))
            }
        }
        let school = criteria.school.trimmingCharacters(in: .whitespaces)
        if !school.isEmpty {
            let schools = Establishment.query(on: repository.db)
            if let urn = Int(school) { schools.filter(\.$urn == urn) } else { schools.filter(\.$searchKey ~~ Self.likeSafe(school.lowercased())) }
            let ids = try await schools.limit(500).all(\.$id)
            guard !ids.isEmpty else { return Result(rows: [], total: 0, page: 1) }
            query.filter(\.$homeSchool.$id ~~ ids)
        }
        let total = try await query.copy().count()
        let pageCount = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, criteria.page), pageCount)
        let rows = try await query.copy()
            .sort(\.$legalSurname).sort(\.$legalForename).sort(\.$id)
            .with(\.$homeSchool)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize))
            .all()
        return Result(rows: rows, total: total, page: page)
    }

    /// LIKE wildcards typed by a person are taken literally by dropping them.
    static func likeSafe(_ text: String) -> String { text.filter { $0 != "%" && $0 != "_" } }
}
