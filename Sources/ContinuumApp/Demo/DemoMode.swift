import Vapor

/// Whether this process shows the demo banner, and the rule for serving demo accounts at all.
enum DemoMode {
    /// Addresses only this machine can reach: the demo's published password is harmless there.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "[::1]" { return true }
        // 127.0.0.0/8 as a dotted address, not any name that happens to start "127."
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { part in UInt8(part) != nil }
    }

    /// Issue 12: `serve` refuses demo accounts on a reachable address unless `CONTINUUM_ALLOW_DEMO=true`.
    static func refusal(host: String, allowDemo: Bool, hasDemoAccounts: Bool) -> String? {
        guard hasDemoAccounts, !isLoopback(host), !allowDemo else { return nil }
        return """
        This database holds the demo accounts, whose password is published, and HOST=\(host) is reachable from other machines.
        Serve it on 127.0.0.1, or set CONTINUUM_ALLOW_DEMO=true to show the demo to others (every page then says it is demo data).
        A real council starts from an empty database: see "Setting up for a real council" in README.md.
        """
    }
}

private struct DemoBannerKey: StorageKey { typealias Value = Bool }

extension Application {
    /// Set at start-up while demo accounts exist; every page's chrome then carries the demo banner.
    var showsDemoBanner: Bool {
        get { storage[DemoBannerKey.self] ?? false }
        set { storage[DemoBannerKey.self] = newValue }
    }
}
