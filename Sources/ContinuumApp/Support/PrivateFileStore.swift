import Foundation
import Vapor

/// Uploaded documents (medical evidence, advisers' advice) kept outside the web root under the data
/// directory, readable only by the service's user, named by a random id so no name leaks a child's.
/// They are served only through a route that has already passed the record's access check.
struct PrivateFileStore {
    let dataDirectory: String

    var directory: String { dataDirectory + "/uploads" }

    /// Writes `bytes` and returns the stored name and full path; the caller deletes the file if its
    /// database transaction fails, so no orphan outlives a refused save.
    func save(_ bytes: [UInt8], type: String) throws -> (name: String, path: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = UUID().uuidString + "." + FileSniffer.fileExtension(for: type)
        let path = directory + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.serviceUnavailable, reason: "The file could not be stored; nothing was saved.")
        }
        return (name, path)
    }

    /// Nil for a name that isn't a stored file's (never a path: stored names are generated here).
    func read(_ name: String) -> Data? {
        guard !name.contains("/"), !name.hasPrefix(".") else { return nil }
        return FileManager.default.contents(atPath: directory + "/" + name)
    }
}
