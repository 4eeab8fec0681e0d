import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The chain's head as last recorded outside the database: the newest committed row's sequence number
/// and MAC, itself MAC'd so it can't be forged without the key. Rows deleted from the end of the table
/// (even all of them) leave the head pointing past the chain, which `verify` reports as truncation.
struct AuditHead: Sendable, Equatable {
    let seq: Int
    /// The `hash` column of row `seq` (for seq 0, the genesis hash: the empty chain).
    let mac: String

    static let genesis = AuditHead(seq: 0, mac: AuditLog.genesisHash)
    static let firstLine = "continuum-audit-head 1"

    func tag(_ key: AuditKey) -> String { key.mac(Data("continuum-audit-head-v1\u{1F}\(seq)\u{1F}\(mac)".utf8)) }

    func encoded(_ key: AuditKey) -> String {
        "\(Self.firstLine)\nseq \(seq)\nmac \(mac)\nwritten \(AuditLog.timestamp(Date()))\ntag \(tag(key))\n"
    }

    enum State: Sendable, Equatable {
        case missing
        case invalid(String)
        case valid(AuditHead)
    }

    static func parse(_ text: String, key: AuditKey) -> State {
        var fields: [String: String] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first.map(String.init) == firstLine else { return .invalid("it is not a Continuum audit head file") }
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let seq = fields["seq"].flatMap({ Int($0) }), seq >= 0, let mac = fields["mac"], let tag = fields["tag"] else {
            return .invalid("a field is missing or damaged")
        }
        let head = AuditHead(seq: seq, mac: mac)
        guard head.tag(key) == tag else {
            return .invalid("its MAC does not match: it was forged, or this is not the audit key the chain was written with")
        }
        return .valid(head)
    }
}

/// The head file under the data folder (`audit-head`). Written by temp file + fsync + rename, so a
/// reader or a kill -9 sees the old head or the new one, never half of one; every write happens under
/// an `flock` on `audit-head.lock`, so the server and commands using the same data folder serialise
/// and the head only ever moves forward.
struct AuditHeadFile: Sendable {
    static let fileName = "audit-head"
    let path: String
    let key: AuditKey

    var lockPath: String { path + ".lock" }

    func read() -> AuditHead.State {
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        guard let data = FileManager.default.contents(atPath: path) else { return .invalid("it cannot be read") }
        return AuditHead.parse(String(decoding: data, as: UTF8.self), key: key)
    }

    enum Mode: Sendable {
        /// After a commit: only over a valid head with a lower sequence number. Never creates the file,
        /// so a deleted head is not silently re-made over a truncated chain.
        case advance
        /// The first head of an empty or upgraded chain: only when there is no file.
        case create
        /// `continuum audit reset-head` and `restore`: an operator re-anchors the head on purpose.
        case replace
    }

    /// Writes `head` if `mode` allows it; returns what the file held before, and whether it was written.
    @discardableResult
    func write(_ head: AuditHead, mode: Mode) throws -> (before: AuditHead.State, written: Bool) {
        try AuditFiles.withLock(lockPath) {
            let before = read()
            switch (mode, before) {
            case (.advance, .valid(let current)) where current.seq < head.seq: break
            case (.create, .missing), (.replace, _): break
            default: return (before, false)
            }
            let temp = path + ".\(UUID().uuidString).tmp"
            do {
                try AuditFiles.writeNew(temp, contents: Data(head.encoded(key).utf8))
                guard rename(temp, path) == 0 else { throw AuditFiles.Failure("cannot replace \(path): \(String(cString: strerror(errno)))") }
            } catch {
                unlink(temp)
                throw error
            }
            return (before, true)
        }
    }
}
