import Vapor
import GOVUK

/// The answer to a change made on an out-of-date version of a record (optimistic locking): nothing
/// was saved, so nobody's work was overwritten, and the user is sent back to the latest version.
enum ConflictPage {
    /// `thing` is what was changed ("case", "referral", "entry"); `back` is its page.
    static func response(_ req: Request, _ principal: Principal, thing: String, back: String, section: SiteURL?) async throws -> Response {
        .html(HTMLPage(title: "Someone else changed this \(thing)", chrome: try await req.chrome(for: principal, current: section), content: [
            h1("Someone else changed this \(thing)"),
            p("Your change has not been saved, so nothing they did was overwritten. Go back to the \(thing) to see the latest version, then make your change again."),
            p([link("Go back to the \(thing)", href: back)]),
        ]), status: .conflict)
    }
}
