import Vapor

/// Control characters are refused at the door, in every route wrapper beside the CSRF check.
///
/// Why: a NUL byte in any field (`/children?q=a%00b`) was stored by SQLite in the audit row's text but
/// read back cut short at the NUL, so `audit verify` then reported the row as edited and `backup`
/// refused to run; on PostgreSQL, whose text type cannot hold NUL, the same request was a 500 and the
/// read went unaudited (found by the security campaign, SECURITY-RESULTS.md). No field a council
/// types needs C0 controls other than tab and line breaks, so they are refused with a clear 400
/// rather than silently changed.
enum InputCheck {
    static let message = "What you sent contains a control character (such as a null byte) that cannot be stored. Remove it and try again."

    static func verify(_ req: Request) throws {
        if containsControl(percentEncoded: Substring(req.url.query ?? "")) || containsControl(percentEncoded: Substring(req.url.path)) {
            throw Abort(.badRequest, reason: message)
        }
        // Form posts: the body is collected by the route wrapper before this runs. Multipart bodies carry
        // files, whose bytes may be anything; their text fields are validated against fixed choices.
        guard req.headers.contentType == .urlEncodedForm, let body = req.body.data else { return }
        let text = body.getString(at: body.readerIndex, length: body.readableBytes) ?? ""
        if containsControl(percentEncoded: Substring(text)) { throw Abort(.badRequest, reason: message) }
    }

    /// True when `text`, raw or percent-decoded, holds a C0 control other than tab, LF or CR, or DEL.
    static func containsControl(percentEncoded text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if isRefused(byte) { return true }
            if byte == UInt8(ascii: "%"), i + 2 < bytes.count, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) {
                if isRefused(high << 4 | low) { return true }
                i += 3
                continue
            }
            i += 1
        }
        return false
    }

    private static func isRefused(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
