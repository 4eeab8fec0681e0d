import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 256-bit key from the environment, or (the zero-configuration default) from a file under the data
/// folder made on first use with mode 0600. The file is kept out of the database on purpose: a copy of the
/// database alone, or a backup of it, does not carry the key. With several app servers, set the variable.
enum SecretKeyFile {
    static let byteCount = 32

    /// `openssl rand -base64 32` (standard or URL-safe base64), or 64 hex digits.
    static func parse(_ text: String) -> [UInt8]? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count == byteCount * 2, trimmed.allSatisfy(\.isHexDigit) {
            var bytes: [UInt8] = []
            var index = trimmed.startIndex
            while index < trimmed.endIndex {
                let next = trimmed.index(index, offsetBy: 2)
                bytes.append(UInt8(trimmed[index..<next], radix: 16)!)
                index = next
            }
            return bytes
        }
        var base64 = trimmed.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), data.count == byteCount else { return nil }
        return [UInt8](data)
    }

    enum Failure: Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        var description: String {
            switch self {
            case .unreadable(let path, let reason): return "the key file \(path) could not be used: \(reason)"
            }
        }
    }

    /// The key in `environmentValue` if given (already validated by AppConfiguration), else the file
    /// `fileName` in `dataDirectory`, created with fresh random bytes if missing. Creation is exclusive
    /// (O_EXCL), so two processes starting at once agree on one key.
    static func load(environmentValue: String?, dataDirectory: String, fileName: String) throws -> [UInt8] {
        if let environmentValue, !environmentValue.isEmpty, let key = parse(environmentValue) { return key }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        var generator = SystemRandomNumberGenerator()
        let fresh = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd >= 0 {
            let text = Array((Data(fresh).base64EncodedString() + "\n").utf8)
            let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            let synced = fsync(fd)
            close(fd)
            guard written == text.count, synced == 0 else { throw Failure.unreadable(path: path, reason: "writing it failed") }
            return fresh
        }
        guard errno == EEXIST else { throw Failure.unreadable(path: path, reason: String(cString: strerror(errno))) }
        // Another process may be writing it this instant: a short wait for the content.
        for _ in 0..<50 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty {
                guard let key = parse(text) else { throw Failure.unreadable(path: path, reason: "it does not hold a base64 key of \(byteCount) bytes") }
                // Keep it private even if someone loosened the mode.
                _ = chmod(path, 0o600)
                return key
            }
            usleep(20_000)
        }
        throw Failure.unreadable(path: path, reason: "it is empty")
    }
}
