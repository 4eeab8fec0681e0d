import Foundation
import Vapor

/// The GOV.UK date input posts one date as three boxes, `NAME-day`, `NAME-month` and `NAME-year`
/// (issue 14 item 3). Every form type keeps one `String?` per date, so these decoders join the boxes
/// into `NAME=D/M/YYYY`, exactly as typed, before Vapor's own decoder runs; `DateEntry` then reads it
/// like any other date (and names the empty boxes). One adapter for every form and every GET filter.
enum DateBoxes {
    static let parts = ["day", "month", "year"]

    /// The urlencoded text with each date's boxes joined; nil when it holds no date boxes (the common
    /// case, decoded untouched). Where the boxes and a plain NAME both arrive, the boxes win.
    static func join(_ encoded: String) -> String? {
        guard parts.contains(where: { encoded.contains("-\($0)=") }) else { return nil }
        var kept: [Substring] = []
        var boxes: [String: [String: String]] = [:]
        var order: [String] = []
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(halves[0])
            guard let part = parts.first(where: { key.hasSuffix("-\($0)") }) else { kept.append(pair); continue }
            let name = String(key.dropLast(part.count + 1))
            guard !name.isEmpty else { kept.append(pair); continue }
            if boxes[name] == nil { order.append(name) }
            boxes[name, default: [:]][part] = halves.count > 1 ? decode(halves[1]) : ""
        }
        let joinedNames = Set(order)
        kept.removeAll { joinedNames.contains(decode($0.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])) }
        let joined = order.map { name -> String in
            let typed = parts.map { (boxes[name]?[$0] ?? "").trimmingCharacters(in: .whitespaces) }
            // All three empty is a blank date, not "//".
            let value = typed.allSatisfy(\.isEmpty) ? "" : typed.joined(separator: "/")
            return encode(name) + "=" + encode(value)
        }
        return (kept.map(String.init) + joined).joined(separator: "&")
    }

    private static func decode(_ text: Substring) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}

/// Posted forms (application/x-www-form-urlencoded).
struct DateBoxesFormDecoder: ContentDecoder {
    private let inner = URLEncodedFormDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: Sendable]) throws -> D {
        guard let text = body.getString(at: body.readerIndex, length: body.readableBytes), let joined = DateBoxes.join(text) else {
            return try inner.decode(D.self, from: body, headers: headers, userInfo: userInfo)
        }
        return try inner.decode(D.self, from: ByteBuffer(string: joined), headers: headers, userInfo: userInfo)
    }
}

/// GET forms' query strings (the census date, the audit trail's dates).
struct DateBoxesQueryDecoder: URLQueryDecoder {
    private let inner = URLEncodedFormDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from url: URI) throws -> D {
        try decode(D.self, from: url, userInfo: [:])
    }

    func decode<D: Decodable>(_ decodable: D.Type, from url: URI, userInfo: [CodingUserInfoKey: Sendable]) throws -> D {
        guard let query = url.query, let joined = DateBoxes.join(query) else { return try inner.decode(D.self, from: url, userInfo: userInfo) }
        var rewritten = url
        rewritten.query = joined
        return try inner.decode(D.self, from: rewritten, userInfo: userInfo)
    }
}

extension ContentConfiguration {
    /// Installs the joining decoders for forms and query strings (configure.swift).
    static func installDateBoxes() {
        ContentConfiguration.global.use(decoder: DateBoxesFormDecoder(), for: .urlEncodedForm)
        ContentConfiguration.global.use(urlDecoder: DateBoxesQueryDecoder())
    }
}
