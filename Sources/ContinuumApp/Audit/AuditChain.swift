import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The key and head file this process chains audit rows with. Installed by `configure` (and by
/// `restore`, which runs without it) for the whole process: `AuditLog.transaction` is called with a
/// database only, so it finds them here. One process serves one data folder.
final class AuditChain: Sendable {
    let key: AuditKey
    let headFile: AuditHeadFile
    private let logger = Logger(label: "continuum.audit")

    private struct State {
        /// The newest head any commit in this process has asked for, and the newest written.
        var pending: AuditHead?
        var writtenSeq = -1
        var checkedHead = false
        var warnedMissing = false
    }
    private let state = NIOLockedValueBox(State())
    /// One head writer at a time in this process: commits that arrive while a write is under way are
    /// folded into the next write (group commit), so a burst costs one fsync, not one each.
    private let writer = AsyncMutex()

    init(key: AuditKey, dataDirectory: String) {
        self.key = key
        headFile = AuditHeadFile(path: dataDirectory + "/" + AuditHeadFile.fileName, key: key)
    }

    private static let installed = NIOLockedValueBox<AuditChain?>(nil)

    static func install(_ config: AppConfiguration) throws {
        let key = try AuditKey.load(configured: config.auditKey, dataDirectory: config.dataDirectory)
        installed.withLockedValue { $0 = AuditChain(key: key, dataDirectory: config.dataDirectory) }
    }

    static func current() throws -> AuditChain {
        guard let chain = installed.withLockedValue({ $0 }) else {
            throw AuditFiles.Failure("the audit chain has no key: configure(_:config:) or AuditChain.install must run first")
        }
        return chain
    }

    /// Under the chain lock, before this process's first append: a chain with no head file gets one only
    /// when it is empty (a new database) or holds nothing but pre-key rows (an upgraded one). A keyed
    /// chain without a head is an incident for an operator (`continuum audit verify`, then `reset-head`):
    /// making a head here would bless whatever truncation removed it.
    var needsHeadCheck: Bool { !state.withLockedValue(\.checkedHead) }

    func prepare(tail: AuditEvent?) {
        guard state.withLockedValue({ s in defer { s.checkedHead = true }; return !s.checkedHead }) else { return }
        do {
            switch headFile.read() {
            case .valid: return
            case .invalid(let reason):
                logger.error("audit head file \(headFile.path) is not valid (\(reason)): run continuum audit verify")
            case .missing:
                if let tail, tail.macScheme != nil {
                    logger.error("audit head file \(headFile.path) is missing for a chain of \(tail.seq) rows: run continuum audit verify")
                } else {
                    try headFile.write(tail.map { AuditHead(seq: $0.seq, mac: $0.hash) } ?? .genesis, mode: .create)
                }
            }
        } catch {
            logger.error("cannot write the audit head file \(headFile.path): \(error)")
        }
    }

    /// After a commit that added rows up to `head`. A failure is logged, not thrown: the change is already
    /// committed, and a head that lags only shows as "rows after the recorded head" in verify.
    func advance(to head: AuditHead) async {
        state.withLockedValue { if head.seq > ($0.pending?.seq ?? -1) { $0.pending = head } }
        do {
            try await writer.withLock { [self] in
                let target: AuditHead? = state.withLockedValue { s in
                    guard let pending = s.pending, pending.seq > s.writtenSeq else { return nil }
                    return pending
                }
                guard let target else { return }
                let headFile = self.headFile
                let result = try await NIOThreadPool.singleton.runIfActive { try headFile.write(target, mode: .advance) }
                state.withLockedValue { s in
                    s.writtenSeq = max(s.writtenSeq, target.seq)
                    if !result.written, result.before == .missing, !s.warnedMissing {
                        s.warnedMissing = true
                        logger.error("audit head file \(headFile.path) is missing: it is not re-made over a chain that may have been cut; run continuum audit verify")
                    }
                }
            }
        } catch {
            logger.error("cannot write the audit head file \(headFile.path): \(error)")
        }
    }
}
