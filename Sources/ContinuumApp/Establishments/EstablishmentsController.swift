import Fluent
import Vapor
import GOVUK

struct EstablishmentsController {
    static let pageSize = 50

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .establishments, roles: Roles.establishmentReaders, use: list)
        routes.secure(.GET, .establishment(urn: .key), roles: Roles.establishmentReaders, use: show)
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let text = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces)
        let requestedPage = (try? req.query.get(Int.self, at: "page")) ?? 1
        let query = Establishment.query(on: req.db)
        if let urn = Int(text) { query.filter(\.$urn == urn) }
        else if !text.isEmpty { query.filter(\.$searchKey ~~ ChildSearch.likeSafe(text.lowercased())) }
        let total = try await query.copy().count()
        let pageCount = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, requestedPage), pageCount)
        let rows = try await query.sort(\.$name).range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let chrome = try await req.chrome(for: principal, current: .establishments)
        let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return .html(HTMLPage(title: "Establishments", chrome: chrome, content: [
            h1("Establishments"),
            getForm(action: SiteURL.establishments.path, [
                el("div", [.cls("app-search")], [
                    textInput(Field(name: "q", label: "Name or URN", value: text)),
                    button("Search", secondary: true),
                ]),
            ]),
            rows.isEmpty ? p("No establishments match your search.") :
                table(caption: "\(total) establishments" + (pageCount > 1 ? ", page \(page) of \(pageCount)" : ""),
                      headers: ["Name", "URN", "DfE number", "Type", "Phase", "Postcode"],
                      rows: rows.map { e in
                          [TableCell(link(e.name, href: SiteURL.establishment(urn: .value(String(e.urn))).path)), TableCell(text: String(e.urn)), TableCell(text: e.dfeNumber),
                           TableCell(text: e.typeName), TableCell(text: e.phase), TableCell(text: e.postcode ?? "—")]
                      }),
            pagination(PageLinks(page: page, pageCount: pageCount, hrefForPage: { SiteURL.establishments.path(["page": String($0)]) + (encoded.isEmpty ? "" : "&q=\(encoded)") })),
        ]))
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let urn = req.parameters.get("urn", as: Int.self),
              let e = try await Establishment.query(on: req.db).filter(\.$urn == urn).first() else { throw Abort(.notFound) }
        let chrome = try await req.chrome(for: principal, current: .establishments)
        let ages = [e.statutoryLowAge, e.statutoryHighAge].compactMap { $0 }.map(String.init).joined(separator: " to ")
        return .html(HTMLPage(title: e.name, chrome: chrome, backLink: SiteURL.establishments.path, content: [
            h1(e.name, caption: "Establishment"),
            summaryList([
                SummaryRow("URN", text: String(e.urn)),
                SummaryRow("DfE number", text: e.dfeNumber),
                SummaryRow("Type", text: e.typeName),
                SummaryRow("Phase", text: e.phase),
                SummaryRow("Status", text: e.status),
                SummaryRow("Statutory age range", text: ages.isEmpty ? "Not recorded" : ages),
                SummaryRow("Postcode", text: e.postcode ?? "Not recorded"),
                SummaryRow("Grid reference", text: e.easting.map { "\($0), \(e.northing ?? 0)" } ?? "Not recorded"),
            ]),
        ]))
    }
}
