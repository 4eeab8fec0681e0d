import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The secret the audit chain is MAC'd with (issue 13 item 2). With plain SHA-256 anyone who can write
/// the table can re-hash it; with HMAC-SHA256 they also need this key, which never enters the database.
///
/// `AUDIT_KEY`: at least 32 random bytes, as 64 or more hex digits or as base64 (`openssl rand -base64 32`).
/// Unset: a key generated on first start in `<data folder>/audit.key` (mode 0600). Every server and
/// command that writes or verifies one database's chain must use the same key.
struct AuditKey: Sendable {
    static let minimumBytes = 32
    static let fileName = "audit.key"
    let key: SymmetricKey

    init(bytes: Data) { key = SymmetricKey(data: bytes) }

    /// Hex first (an all-hex string is also valid base64, and hex is the more likely intent), then base64.
    static func decode(_ text: String) -> Data? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count % 2 == 0, trimmed.count >= minimumBytes * 2, trimmed.allSatisfy(\.isHexDigit) {
            var bytes = Data(capacity: trimmed.count / 2)
            var index = trimmed.startIndex
            while index < trimmed.endIndex {
                let next = trimmed.index(index, offsetBy: 2)
                bytes.append(UInt8(trimmed[index..<next], radix: 16)!)
                index = next
            }
            return bytes
        }
        if let bytes = Data(base64Encoded: trimmed), bytes.count >= minimumBytes { return bytes }
        return nil
    }

    static let formatProblem = "AUDIT_KEY must be at least 32 random bytes written as 64 or more hex digits or as base64 (for example the output of: openssl rand -base64 32)"

    /// The configured key, or the data folder's key file, made on first use. `O_EXCL` plus `link` means two
    /// processes starting at once agree on one key: the loser of the race reads the winner's file.
    static func load(configured: Data?, dataDirectory: String) throws -> AuditKey {
        if let configured { return AuditKey(bytes: configured) }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = dataDirectory + "/" + fileName
        if let existing = try readKeyFile(path) { return existing }
        var random = SystemRandomNumberGenerator()
        let bytes = Data((0..<minimumBytes).map { _ in UInt8.random(in: .min ... .max, using: &random) })
        let temp = path + ".\(UUID().uuidString).tmp"
        try AuditFiles.writeNew(temp, contents: Data((bytes.base64EncodedString() + "\n").utf8))
        defer { unlink(temp) }
        if link(temp, path) != 0 && errno != EEXIST {
            throw AuditFiles.Failure("cannot create the audit key file \(path): \(String(cString: strerror(errno)))")
        }
        guard let made = try readKeyFile(path) else { throw AuditFiles.Failure("the audit key file \(path) is empty") }
        return made
    }

    private static func readKeyFile(_ path: String) throws -> AuditKey? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let bytes = decode(text) else {
            throw AuditFiles.Failure("the audit key file \(path) does not hold a key (\(formatProblem.dropFirst(10)))")
        }
        return AuditKey(bytes: bytes)
    }

    func mac(_ message: Data) -> String {
        HMAC<SHA256>.authenticationCode(for: message, using: key).map { String(format: "%02x", $0) }.joined()
    }
}

/// Small POSIX file helpers for the key and head files: private modes from the moment of creation,
/// and contents on disk before a rename makes them visible.
enum AuditFiles {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Creates `path` (which must not exist) with mode 0600, writes `contents` and fsyncs it.
    static func writeNew(_ path: String, contents: Data) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw Failure("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try contents.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure("cannot write \(path): \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
        guard fsync(fd) == 0 else { throw Failure("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Runs `body` holding an exclusive `flock` on `path`: every process using this data folder takes turns.
    static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw Failure("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw Failure("cannot lock \(path): \(String(cString: strerror(errno)))") }
        }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }
}
