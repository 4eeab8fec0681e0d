import Fluent
import SQLKit
import Vapor
import XCTVapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// A fresh application per test: in-memory SQLite by default, or the PostgreSQL named by
/// DATABASE_URL (the CI lane), whose schema is dropped and rebuilt first. Only loopback hosts.
enum TestWorld {
    /// Hashed once per test process: every demo user shares the demo password.
    static let passwordHash: String = try! Bcrypt.hash(DemoSeeder.password, cost: 12)

    static func makeApp(seed: Bool = true) async throws -> Application {
        let config = AppConfiguration.testing()
        if case .postgres(let url) = config.database {
            let host = URLComponents(string: url)?.host ?? ""
            precondition(["127.0.0.1", "localhost", "::1", "[::1]"].contains(host), "tests refuse a non-loopback database host: \(host)")
        }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            if config.database.isPostgres, let sql = app.db as? any SQLDatabase {
                try await sql.raw("DROP SCHEMA public CASCADE").run()
                try await sql.raw("CREATE SCHEMA public").run()
            }
            try await app.autoMigrate()
            if seed {
                try await DemoSeeder(size: .small, passwordHash: passwordHash).run(on: app.db)
                try await addNeighbour(app.db)
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    static let neighbourCaseworker = "caseworker@neighbour.test"
    static let neighbourChildName = "Canary Outofscope"

    /// A second authority with its own caseworker and child: the out-of-scope side of every test.
    static func addNeighbour(_ db: any Database) async throws {
        let authority = Authority(name: "Neighbour Borough Council", laCode: "887", namedOfficer: "n/a")
        try await authority.create(on: db)
        let id = try authority.requireID()
        let child = Child(authorityID: id, legalForename: "Canary", legalSurname: "Outofscope", dateOfBirth: CalendarDate(year: 2014, month: 5, day: 5),
                          upn: UPN.make(laCode: "887", establishment: "2001", year2: 19, serial: 1).value, sex: "F", homePostcode: "ME4 4QU",
                          homeSchoolID: nil, senProvision: .ehcPlan, primaryNeed: .asd, secondaryNeed: nil)
        try await child.create(on: db)
        let referral = DemoReferrals.referral(authorityID: id, child: child, status: .received, reason: .anxietyMentalHealth,
                                              received: CalendarDate(year: 2026, month: 11, day: 2), decided: nil)
        try await referral.create(on: db)
        let year = CalendarDate.today().academicYearStart
        try await Identification(authorityID: id, childID: child.id, upn: child.upn, kind: .illness15Days,
                                 detail: "Illness absence reached 15 school days (neighbour fixture)", academicYear: year, identifiedOn: CalendarDate.today(),
                                 dedupeKey: Identification.illnessKey(authorityID: id, upn: child.upn!, academicYear: year)).create(on: db)
        try await User(authorityID: id, email: neighbourCaseworker, displayName: "Neighbour Caseworker", role: .caseworker,
                       passwordHash: passwordHash, twoFactorExempt: true).create(on: db)
    }

    static func email(for role: Role) -> String { DemoSeeder.users.first { $0.role == role }!.email }

    static func demoAuthorityID(_ db: any Database) async throws -> UUID {
        try await Authority.query(on: db).filter(\.$laCode == DemoSeeder.laCode).first()!.requireID()
    }
}

/// A browser-like client: keeps cookies, reads the CSRF token from the last page, submits forms.
final class TestClient: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf: String = ""
    var origin: String? = nil

    init(_ app: Application) { self.app = app }

    struct Result {
        let status: HTTPStatus
        let body: String
        let headers: HTTPHeaders
        var location: String? { headers.first(name: .location) }
    }

    @discardableResult
    func get(_ path: String) async throws -> Result { try await send(.GET, path, form: nil) }

    /// A GET whose body is kept as bytes (a zip or a workbook), with this client's cookies.
    func getBytes(_ path: String) async throws -> (status: HTTPStatus, headers: HTTPHeaders, bytes: [UInt8]) {
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        var result: (HTTPStatus, HTTPHeaders, [UInt8])?
        try await app.testable(method: .inMemory).test(.GET, path, headers: headers) { res async in
            result = (res.status, res.headers, Array(res.body.readableBytesView))
        }
        return result!
    }

    @discardableResult
    func post(_ path: String, _ form: [String: String] = [:], csrf override: String? = nil) async throws -> Result {
        var fields = form
        fields["_csrf"] = override ?? csrf
        return try await send(.POST, path, form: fields)
    }

    func send(_ method: HTTPMethod, _ path: String, form: [String: String]?) async throws -> Result {
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        if let origin { headers.add(name: .origin, value: origin) }
        var body = ByteBuffer()
        if let form {
            headers.contentType = .urlEncodedForm
            let encoded = form.map { "\(Self.escape($0.key))=\(Self.escape($0.value))" }.joined(separator: "&")
            body = ByteBuffer(string: encoded)
        }
        var captured: Result?
        try await app.testable(method: .inMemory).test(method, path, headers: headers, body: body) { res async in
            captured = Result(status: res.status, body: res.body.string, headers: res.headers)
        }
        let result = captured!
        for value in result.headers[.setCookie] {
            let pair = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty || value.lowercased().contains("max-age=0") { cookies.removeValue(forKey: parts[0]) } else { cookies[parts[0]] = parts[1] }
        }
        if let token = Self.csrfToken(in: result.body) { csrf = token }
        return result
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// Signs in through the real form and lands on the home page.
    func signIn(_ email: String, password: String = DemoSeeder.password) async throws -> Result {
        try await get("/sign-in")
        return try await post("/sign-in", ["email": email, "password": password])
    }

    func signIn(as role: Role) async throws {
        let result = try await signIn(TestWorld.email(for: role))
        XCTAssertEqual(result.status, .seeOther, "sign-in as \(role) should redirect")
        try await get("/")
    }
}

// XCTest's assertions take autoclosures, which can't await; these evaluate their arguments first.
func assertEqual<T: Equatable>(_ a: T, _ b: T, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a, b, message, file: file, line: line)
}
func assertNotEqual<T: Equatable>(_ a: T, _ b: T, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertNotEqual(a, b, message, file: file, line: line)
}
func assertTrue(_ value: Bool, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertTrue(value, message, file: file, line: line)
}
func assertFalse(_ value: Bool, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(value, message, file: file, line: line)
}
func assertNil<T>(_ value: T?, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertNil(value, message, file: file, line: line)
}

extension TestClient {
    /// A multipart/form-data POST, as a browser sends a file upload.
    func postFile(_ path: String, fields: [String: String], fileField: String, filename: String, bytes: [UInt8]) async throws -> Result {
        let boundary = "----continuum-test-\(UUID().uuidString)"
        var body = ByteBuffer()
        var all = fields
        all["_csrf"] = csrf
        for (name, value) in all {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        var captured: Result?
        try await app.testable(method: .inMemory).test(.POST, path, headers: headers, body: body) { res async in
            captured = Result(status: res.status, body: res.body.string, headers: res.headers)
        }
        return captured!
    }
}

/// Runs the real `continuum` binary with its own SQLite data folder, as an operator would.
func runContinuum(_ args: [String], dataDir: String, env extra: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    XCTAssertTrue(FileManager.default.isExecutableFile(atPath: CLIProcessTests.binary.path), "build the continuum executable first (swift build)")
    let process = Process()
    process.executableURL = CLIProcessTests.binary
    process.arguments = args
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "DATABASE_URL")
    env["CONTINUUM_DATA_DIR"] = dataDir
    env.merge(extra) { $1 }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}
