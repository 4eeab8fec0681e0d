import AsyncHTTPClient
import Fluent
import NIOCore
import NIOHTTP1
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Uploads through the real HTTP stack: a listening server on loopback and a real client, so bodies
/// arrive in many socket reads as a browser's do. An in-memory request hid that such uploads were
/// refused by the CSRF check (issue 13 item 0); XCTVapor's requests never stream.
final class RealHTTPUploadTests: XCTestCase {
    /// A browser-like client over a socket: keeps cookies, reads the form token from each page.
    final class SocketClient: @unchecked Sendable {
        let base: String
        let http: HTTPClient
        var cookies: [String: String] = [:]
        var csrf = ""
        init(base: String, http: HTTPClient) { self.base = base; self.http = http }

        struct Reply { let status: HTTPResponseStatus; let body: String; let location: String? }

        func send(_ method: HTTPMethod, _ path: String, contentType: String? = nil, body: [UInt8]? = nil) async throws -> Reply {
            var request = HTTPClientRequest(url: base + path)
            request.method = method
            if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
            let response = try await http.execute(request, timeout: .seconds(120))
            for value in response.headers["Set-Cookie"] {
                let pair = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2 else { continue }
                if parts[1].isEmpty || value.lowercased().contains("max-age=0") { cookies.removeValue(forKey: parts[0]) } else { cookies[parts[0]] = parts[1] }
            }
            let text = String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
            if let token = TestClient.csrfToken(in: text) { csrf = token }
            return Reply(status: response.status, body: text, location: response.headers.first(name: "Location"))
        }

        func signIn(_ email: String) async throws {
            _ = try await send(.GET, "/sign-in")
            let form = "email=\(TestClient.escape(email))&password=\(TestClient.escape(DemoSeeder.password))&_csrf=\(TestClient.escape(csrf))"
            let reply = try await send(.POST, "/sign-in", contentType: "application/x-www-form-urlencoded", body: Array(form.utf8))
            XCTAssertEqual(reply.status, .seeOther)
        }

        func upload(_ path: String, fields: [String: String], file: [UInt8], filename: String, type: String) async throws -> Reply {
            let boundary = "----continuum-socket-\(UUID().uuidString)"
            var body: [UInt8] = []
            for (name, value) in fields.merging(["_csrf": csrf], uniquingKeysWith: { a, _ in a }) {
                body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            }
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
            body += file
            body += Array("\r\n--\(boundary)--\r\n".utf8)
            return try await send(.POST, path, contentType: "multipart/form-data; boundary=\(boundary)", body: body)
        }
    }

    func withServer(_ body: (Application, SocketClient) async throws -> Void) async throws {
        let app = try await TestWorld.makeApp()
        let port = 19_000 + Int.random(in: 0..<3_000)
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = port
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        // Redirects are the client's business, as in a browser that keeps cookies: never followed here.
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
        do {
            try await body(app, SocketClient(base: "http://127.0.0.1:\(port)", http: http))
        } catch {
            try? await http.shutdown()
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        try await http.shutdown()
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    func testAFiveMegabyteAttendanceFileFromASchoolIsAccepted() async throws {
        try await withServer { app, client in
            let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
            let school = try await Establishment.find(senco.$school.id!, on: app.db)!
            // About 5 MB of marks for the school's own URN: 70,000 pupils' morning and afternoon.
            var lines = ["upn,urn,date,session,code"]
            for n in 0..<70_000 {
                let upn = UPN.make(laCode: "885", establishment: String(2_000 + n / 1_000), year2: 19, serial: n % 1_000).value
                lines.append("\(upn),\(school.urn),2024-09-09,AM,/")
                lines.append("\(upn),\(school.urn),2024-09-09,PM,I")
            }
            let file = Array(lines.joined(separator: "\n").utf8)
            XCTAssertGreaterThan(file.count, 5_000_000)
            try await client.signIn(TestWorld.email(for: .schoolUser))
            _ = try await client.send(.GET, "/attendance/upload")
            let reply = try await client.upload("/attendance/upload", fields: [:], file: file, filename: "autumn.csv", type: "text/csv")
            XCTAssertEqual(reply.status, .ok, String(reply.body.prefix(400)))
            XCTAssertTrue(reply.body.contains("Attendance uploaded: read 140000"), String(reply.body.prefix(2000)))
        }
    }

    func testAnEightMegabytePDFOfMedicalEvidenceIsAccepted() async throws {
        try await withServer { app, client in
            let referral = try await Referral.query(on: app.db).filter(\.$status == "received").filter(\.$authority.$id == TestWorld.demoAuthorityID(app.db)).first()!
            try await client.signIn(TestWorld.email(for: .metCoordinator))
            _ = try await client.send(.GET, "/referrals/\(referral.id!)")
            let pdf = Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x20, count: 8 * 1024 * 1024)
            let reply = try await client.upload("/referrals/\(referral.id!)/evidence", fields: ["evidenceType": "gp"], file: pdf, filename: "consultant-letter.pdf", type: "application/pdf")
            XCTAssertEqual(reply.status, .seeOther, String(reply.body.prefix(400)))
            let stored = try await Evidence.query(on: app.db).filter(\.$referral.$id == referral.id!).first()
            XCTAssertEqual(stored?.sizeBytes, pdf.count)
        }
    }

    func testACrossSiteUploadIsStillRefused() async throws {
        try await withServer { app, client in
            try await client.signIn(TestWorld.email(for: .schoolUser))
            _ = try await client.send(.GET, "/attendance/upload")
            client.csrf = "not-the-token"
            let reply = try await client.upload("/attendance/upload", fields: [:], file: Array(repeating: 0x41, count: 300_000), filename: "x.csv", type: "text/csv")
            XCTAssertEqual(reply.status, .forbidden)
        }
    }
}
