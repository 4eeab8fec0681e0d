import Foundation

/// Which sites may, must or must not be opened: the constraints shared by p-median and coverage.
public struct SiteChoice: Sendable, Equatable {
    /// How many sites to open in total, fixed ones included.
    public let p: Int
    /// Sites that must be open (today's bases the council keeps), by column index.
    public let fixed: Set<Int>
    /// Sites that may not be opened (a base being closed), by column index.
    public let closed: Set<Int>

    /// Checks p and the fixed and closed sets against `candidateCount` candidate sites.
    public init(p: Int, fixed: Set<Int> = [], closed: Set<Int> = [], candidateCount: Int) throws(PlanningError) {
        guard p >= 1 else { throw .invalidParameter("p must be at least 1 (the number of sites to choose), got \(p)") }
        guard p <= candidateCount else {
            throw .invalidParameter("p is \(p) but there are only \(candidateCount) candidate sites")
        }
        for site in fixed.union(closed) where site < 0 || site >= candidateCount {
            throw .invalidParameter("Site index \(site) is not one of the \(candidateCount) candidate sites")
        }
        let both = fixed.intersection(closed)
        guard both.isEmpty else {
            throw .invalidParameter("Site \(both.sorted()[0]) cannot be both kept open and closed")
        }
        guard fixed.count <= p else {
            throw .invalidParameter("\(fixed.count) sites are kept open but p is only \(p)")
        }
        guard p <= candidateCount - closed.count else {
            throw .invalidParameter("p is \(p) but only \(candidateCount - closed.count) candidate sites may be opened")
        }
        self.p = p
        self.fixed = fixed
        self.closed = closed
    }
}

/// Settings for the exact branch-and-bound search.
public struct ExactSearchOptions: Sendable, Equatable {
    /// A solution is proved optimal when lower bound ≥ objective × (1 − this); 1e-6 as the issue asks.
    public var relativeTolerance: Double
    /// Gives up (returning `isOptimal == false` with the bound reached) after this many nodes.
    public var nodeLimit: Int
    /// A subproblem whose children × combinations-left is at most this is solved by trying every
    /// combination, which is exact and, that small, quicker than bounding (0 turns it off).
    public var enumerationLimit: Double
    /// Gives up (as for the node limit) once the tree search has run this long, so a request can't hang.
    public var timeLimitSeconds: Double

    public init(relativeTolerance: Double = 1e-6, nodeLimit: Int = 200_000, enumerationLimit: Double = 3_000_000,
                timeLimitSeconds: Double = 300) {
        self.relativeTolerance = relativeTolerance
        self.nodeLimit = nodeLimit
        self.enumerationLimit = enumerationLimit
        self.timeLimitSeconds = timeLimitSeconds
    }
}
