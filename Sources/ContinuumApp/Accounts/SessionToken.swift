import Vapor

/// Random tokens for sessions, CSRF and recovery codes, and the one-way hash stored for each.
enum SessionToken {
    /// The session cookie's name on plain-http loopback development, where cookies can't be `Secure`.
    static let cookieName = "continuum_session"
    /// The name whenever cookies are `Secure`. Browsers accept a `__Host-` cookie only if it is Secure, has
    /// Path=/ and no Domain, so it can't be set or overwritten by a sibling subdomain or over plain http
    /// (RFC 6265bis, cookie prefixes). Without Secure a browser would refuse it, hence the plain name there.
    static let secureCookieName = "__Host-continuum_session"

    static func cookieName(secure: Bool) -> String { secure ? secureCookieName : cookieName }
    /// The CSRF cookie a browser holds before it signs in (sign-in, account set-up, the public EHC request);
    /// `__Host-` whenever cookies are Secure, for the same reason as the session cookie (issue 13 item 7).
    static func preAuthCSRFCookie(secure: Bool) -> String { secure ? "__Host-continuum_csrf" : "continuum_csrf" }

    static func random(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(raw).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time comparison, so a token can't be guessed byte by byte from response times.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// The session cookie: session-only (no Expires or Max-Age), so it goes when the browser closes; the server
    /// ends the session itself after the idle and absolute timeouts whatever the browser keeps.
    static func sessionCookie(_ value: String, secure: Bool) -> HTTPCookies.Value { cookie(value, secure: secure, maxAge: nil) }

    static func cookie(_ value: String, secure: Bool, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: SiteURL.home.path, isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}
