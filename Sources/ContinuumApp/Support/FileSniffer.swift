import Foundation

/// Recognises the three accepted file types from their first bytes, whatever the file is called.
enum FileSniffer {
    static let maximumBytes = 10 * 1024 * 1024

    static func contentType(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        return nil
    }

    static func fileExtension(for contentType: String) -> String {
        switch contentType { case "application/pdf": "pdf"; case "image/png": "png"; default: "jpg" }
    }
}
