import XCTest
@testable import GOVUK

final class GOVUKTests: XCTestCase {
    static let links = ChromeLinks(home: "/", signOut: "/sign-out", appCSS: "/assets/app.css", brandCSS: "/assets/brand.css", printCSS: "/assets/print.css")

    let hostile = "\"><script>alert('x')</script><img src=x onerror=alert(1)>&amp;"

    func testAttributesAndTextAreEscaped() {
        let html = render(group([
            textInput(Field(name: "q", label: hostile, value: hostile, hint: hostile, error: hostile)),
            link(hostile, href: "/x?\(hostile)"),
            table(caption: hostile, headers: [hostile], rows: [[TableCell(text: hostile)]]),
            tag(hostile, .red),
        ]))
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertTrue(html.contains("value=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;\""))
        XCTAssertTrue(html.contains("&amp;amp;"), "an entity typed by a person is shown literally, not decoded")
    }

    func testErrorSummaryLinksToFieldsAndMatchesInlineMessages() {
        let errors = [FormError(field: "email", message: "Enter your email address")]
        let page = renderPage(Page(title: "Sign in", chrome: Chrome(authorityName: "Test", links: Self.links), errors: errors, content: [
            textInput(Field(name: "email", label: "Email", error: errors.message(for: "email"))),
        ]))
        XCTAssertTrue(page.contains("<title>Error: Sign in – Continuum – Test</title>"))
        XCTAssertTrue(page.contains("<a href=\"#email\">Enter your email address</a>"))
        XCTAssertTrue(page.contains("<span class=\"govuk-visually-hidden\">Error:</span> Enter your email address"))
        XCTAssertTrue(page.contains("aria-describedby=\"email-error\""))
        XCTAssertTrue(page.contains("id=\"email\""))
    }

    func testPageWithoutErrorsHasNoSummaryAndPlainTitle() {
        let page = renderPage(Page(title: "Home", chrome: Chrome(authorityName: "Test", links: Self.links), content: [p("Hello")]))
        XCTAssertTrue(page.contains("<title>Home – Continuum – Test</title>"))
        XCTAssertFalse(page.contains("There is a problem"))
        XCTAssertTrue(page.contains("<main class=\"govuk-main-wrapper\" id=\"main-content\">"))
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(page.contains("lang=\"en-GB\""))
    }

    func testTablesHaveCaptionsAndHeaderScopes() {
        let html = render(table(caption: "Pupils", headers: ["Name", "Age"], rows: [[TableCell(text: "A"), TableCell(text: "5")]]))
        XCTAssertTrue(html.contains("<caption class=\"govuk-table__caption govuk-table__caption--m\">Pupils</caption>"))
        XCTAssertTrue(html.contains("scope=\"col\""))
        XCTAssertTrue(html.contains("<th class=\"govuk-table__header\" scope=\"row\">A</th>"))
    }

    func testBrandColourCannotInjectCSS() {
        XCTAssertEqual(Stylesheet.brand(headerColour: "#123abc"), ".app-header{background:#123abc}.app-navigation{border-bottom-color:#123abc}\n")
        XCTAssertFalse(Stylesheet.brand(headerColour: "red}body{display:none").contains("display:none"))
    }

    func testRadiosKeepTheChosenValueAndFirstCarriesTheFieldID() {
        let html = render(radios(Field(name: "role", label: "Role", value: "b"), options: [Option("a", "A"), Option("b", "B")]))
        XCTAssertTrue(html.contains("id=\"role\" name=\"role\" type=\"radio\" value=\"a\""))
        XCTAssertTrue(html.contains("id=\"role-2\" name=\"role\" type=\"radio\" value=\"b\" checked"))
    }
}
