import Fluent
import Vapor

/// TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step either side for clock drift) and single-use recovery codes.
enum TwoFactor {
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return bytes.base32String()
    }

    static func totp(secret: String) -> TOTP? {
        guard let bytes = [UInt8](decodingBase32: secret) else { return nil }
        return TOTP(key: SymmetricKey(data: bytes), digest: .sha1, digits: .six, interval: 30)
    }

    static func currentCode(secret: String, at time: Date = Date()) -> String? { totp(secret: secret)?.generate(time: time) }

    static func codeMatches(_ code: String, secret: String, at time: Date = Date()) -> Bool {
        let digits = code.filter(\.isNumber)
        guard digits.count == 6, let totp = totp(secret: secret) else { return false }
        return totp.generate(time: time, range: 1).contains { SessionToken.equal($0, digits) }
    }

    static func otpauthURI(secret: String, email: String, issuer: String) -> String {
        let label = "\(issuer):\(email)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? email
        let issuerParam = issuer.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "Continuum"
        return "otpauth://totp/\(label)?secret=\(secret)&issuer=\(issuerParam)&algorithm=SHA1&digits=6&period=30"
    }

    static func normaliseRecovery(_ code: String) -> String { code.lowercased().filter { $0.isLetter || $0.isNumber } }

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

    /// A current TOTP code, or an unused recovery code (which is then used up).
    static func accept(code: String, for user: User, on db: any Database) async throws -> Bool {
        if user.totpEnabled, let secret = user.totpSecret, codeMatches(code, secret: secret) { return true }
        let hash = SessionToken.hash(normaliseRecovery(code))
        guard let recovery = try await RecoveryCode.query(on: db).filter(\.$user.$id == user.requireID())
            .filter(\.$codeHash == hash).filter(\.$usedAt == nil).first() else { return false }
        recovery.usedAt = Date()
        try await recovery.save(on: db)
        return true
    }
}
