import Fluent
import SQLKit
import Vapor

/// TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step either side for clock drift) and single-use recovery codes.
enum TwoFactor {
    static let period = 30

    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return bytes.base32String()
    }

    static func totp(secret: String) -> TOTP? {
        guard let bytes = [UInt8](decodingBase32: secret) else { return nil }
        return TOTP(key: SymmetricKey(data: bytes), digest: .sha1, digits: .six, interval: period)
    }

    static func currentCode(secret: String, at time: Date = Date()) -> String? { totp(secret: secret)?.generate(time: time) }

    /// The RFC 6238 time step (T) a moment falls in.
    static func step(at time: Date) -> Int { Int((time.timeIntervalSince1970 / Double(period)).rounded(.down)) }

    /// The time steps within the drift allowance whose code is `code`, newest first.
    static func matchingSteps(_ code: String, secret: String, at time: Date = Date()) -> [Int] {
        guard code.count <= 32 else { return [] }
        let digits = code.filter { $0.isASCII && $0.isNumber }
        guard digits.count == 6, code.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == " " || $0 == "-") }), let totp = totp(secret: secret) else { return [] }
        let now = step(at: time)
        return [now + 1, now, now - 1].filter { s in
            SessionToken.equal(totp.generate(time: Date(timeIntervalSince1970: TimeInterval(s * period))), digits)
        }
    }

    static func codeMatches(_ code: String, secret: String, at time: Date = Date()) -> Bool { !matchingSteps(code, secret: secret, at: time).isEmpty }

    /// RFC 6238 section 5.2: a code is accepted once. Records `step` as the user's last accepted step only if
    /// it is later than the one held, in one conditional UPDATE, so two submissions racing with the same code
    /// can't both see "not used yet".
    static func claim(step: Int, userID: UUID, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let rows = try await sql.update(User.schema).set("totp_last_step", to: step)
            .where("id", .equal, userID)
            .where(group: { $0.where("totp_last_step", .is, SQLLiteral.null).orWhere("totp_last_step", .lessThan, step) })
            .returning("id").all()
        return rows.count == 1
    }

    /// A current TOTP code for the user's confirmed secret, not used before; claimed if so.
    static func acceptTOTP(code: String, for user: User, box: TOTPSecretBox, on db: any Database, at time: Date = Date()) async throws -> Bool {
        guard user.totpEnabled, let secret = try await box.secret(of: user, on: db) else { return false }
        let userID = try user.requireID()
        for step in matchingSteps(code, secret: secret, at: time) {
            if try await claim(step: step, userID: userID, on: db) { return true }
        }
        return false
    }

    static func otpauthURI(secret: String, email: String, issuer: String) -> String {
        let label = "\(issuer):\(email)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? email
        let issuerParam = issuer.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "Continuum"
        return "otpauth://totp/\(label)?secret=\(secret)&issuer=\(issuerParam)&algorithm=SHA1&digits=6&period=30"
    }

    static func normaliseRecovery(_ code: String) -> String { String(code.prefix(64)).lowercased().filter { $0.isLetter || $0.isNumber } }

    /// Ten new codes; any earlier ones stop working. Returned once for the person to keep.
    static func newRecoveryCodes(for userID: UUID, on db: any Database) async throws -> [String] {
        try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).delete()
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        var codes: [String] = []
        for _ in 0..<10 {
            let raw = String((0..<10).map { _ in alphabet.randomElement(using: &generator)! })
            let code = raw.prefix(5) + "-" + raw.suffix(5)
            codes.append(String(code))
            try await RecoveryCode(userID: userID, codeHash: SessionToken.hash(normaliseRecovery(String(code)))).create(on: db)
        }
        return codes
    }

    /// Spends an unused recovery code: one conditional UPDATE, and only the request whose update changed
    /// the row goes on (a read then a write would let two racing requests both through).
    static func spendRecoveryCode(_ code: String, userID: UUID, on db: any Database, at time: Date = Date()) async throws -> Bool {
        let normalised = normaliseRecovery(code)
        guard !normalised.isEmpty, let sql = db as? any SQLDatabase else { return false }
        let rows = try await sql.update(RecoveryCode.schema).set("used_at", to: time)
            .where("user_id", .equal, userID).where("code_hash", .equal, SessionToken.hash(normalised)).where("used_at", .is, SQLLiteral.null)
            .returning("id").all()
        return rows.count == 1
    }

    /// A current TOTP code, or an unused recovery code (which is then used up).
    static func accept(code: String, for user: User, box: TOTPSecretBox, on db: any Database) async throws -> Bool {
        if try await acceptTOTP(code: code, for: user, box: box, on: db) { return true }
        return try await spendRecoveryCode(code, userID: try user.requireID(), on: db)
    }
}
