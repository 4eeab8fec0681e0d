import ContinuumDomain

/// Year 11 results recorded at closure (issue 3, item 6). Each grade is 1–9, or nil when the
/// child did not sit that subject, because the service reports what was achieved, not a full set.
public struct GCSEGrades: Sendable, Equatable {
    public let english: Int?
    public let maths: Int?
    public let science: Int?

    public init(english: Int?, maths: Int?, science: Int?) {
        self.english = english
        self.maths = maths
        self.science = science
    }
}
