import Fluent
import SQLKit
import Vapor

/// TOTP secrets at rest (issue 13 item 11): AES-256-GCM under a key from `TOTP_KEY`, or from `totp.key` in the
/// data folder (made on first start, mode 0600, never in the database). Each sealed value is bound to its
/// user, so a database writer can't copy their own (known) secret onto someone else's account.
///
/// The key also derives the not-yet-confirmed secret shown on the set-up page, from the user, the session and
/// the account's version: the page can show the same key on every reload without storing anything, and
/// `GET /account/two-factor` writes nothing (SECURITY.md: GET never changes data).
struct TOTPSecretBox: Sendable {
    static let envVariable = "TOTP_KEY"
    static let fileName = "totp.key"
    /// Marks a sealed value; an earlier version stored the base32 secret itself, which never contains ':'.
    static let prefix = "aesgcm1:"

    private let sealKey: SymmetricKey
    private let pendingKey: SymmetricKey

    init(masterKey: [UInt8]) {
        let master = SymmetricKey(data: masterKey)
        // Separate keys for separate jobs, derived from the one configured secret (RFC 5869).
        sealKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("continuum totp secret at rest v1".utf8), outputByteCount: 32)
        pendingKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("continuum totp set-up secret v1".utf8), outputByteCount: 32)
    }

    static func load(_ config: AppConfiguration) throws -> TOTPSecretBox {
        TOTPSecretBox(masterKey: try SecretKeyFile.load(environmentValue: config.totpKey, dataDirectory: config.dataDirectory, fileName: fileName))
    }

    private func associatedData(_ userID: UUID) -> Data { Data("users.totp_secret:\(userID.uuidString.lowercased())".utf8) }

    func seal(_ secret: String, userID: UUID) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: sealKey, authenticating: associatedData(userID))
        guard let combined = box.combined else { throw Abort(.internalServerError, reason: "AES-GCM produced no combined form") }
        return Self.prefix + combined.base64EncodedString()
    }

    enum Opened: Equatable {
        case sealed(String)
        /// Stored in plain by an earlier version: usable, and to be sealed now.
        case legacyPlain(String)
        /// Sealed under another key, or altered: unusable.
        case unreadable
    }

    func open(_ stored: String, userID: UUID) -> Opened {
        guard stored.hasPrefix(Self.prefix) else { return .legacyPlain(stored) }
        guard let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
              let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: sealKey, authenticating: associatedData(userID)),
              let secret = String(data: plain, encoding: .utf8) else { return .unreadable }
        return .sealed(secret)
    }

    /// The key offered on the set-up page: 160 bits (RFC 4226's recommended length) from an HMAC of the user,
    /// the session and the account version, so it changes once a key is confirmed and differs per session.
    func setupSecret(userID: UUID, sessionID: UUID, version: Int) -> String {
        let message = Data("\(userID.uuidString.lowercased())|\(sessionID.uuidString.lowercased())|\(version)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: pendingKey)
        return Array(Array(mac).prefix(20)).base32String()
    }

    /// The user's confirmed secret, sealing a legacy plaintext one on the way (only if nobody changed it meanwhile).
    func secret(of user: User, on db: any Database) async throws -> String? {
        guard let stored = user.totpSecret else { return nil }
        let userID = try user.requireID()
        switch open(stored, userID: userID) {
        case .sealed(let secret): return secret
        case .unreadable:
            db.logger.error("A TOTP secret could not be decrypted: TOTP_KEY (or \(Self.fileName) in the data folder) is not the key it was sealed with")
            return nil
        case .legacyPlain(let secret):
            if let sql = db as? any SQLDatabase {
                let sealed = try seal(secret, userID: userID)
                try await sql.update(User.schema).set("totp_secret", to: sealed)
                    .where("id", .equal, userID).where("totp_secret", .equal, stored).run()
                user.totpSecret = sealed
            }
            return secret
        }
    }

    /// Seals every secret an earlier version stored in plain; run by `serve` after migrating.
    func sealLegacySecrets(on db: any Database) async throws -> Int {
        var sealed = 0
        for user in try await User.query(on: db).filter(\.$totpSecret != nil).all() where !(user.totpSecret ?? "").hasPrefix(Self.prefix) {
            _ = try await secret(of: user, on: db)
            sealed += 1
        }
        return sealed
    }
}

private struct TOTPSecretBoxKey: StorageKey { typealias Value = TOTPSecretBox }

extension Application {
    var totpSecretBox: TOTPSecretBox {
        get { storage[TOTPSecretBoxKey.self]! }
        set { storage[TOTPSecretBoxKey.self] = newValue }
    }
}
