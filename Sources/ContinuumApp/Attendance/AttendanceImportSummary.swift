import ContinuumDomain

/// The counts behind the import's one-line summary, added up over the files imported.
struct AttendanceImportSummary: Sendable, Equatable {
    var marks = AttendanceApplySummary()
    /// Distinct UPNs with no child record in the authority. Their marks are kept all the same.
    var unmatchedUPNs: Set<PackedUPN> = []
    var identificationsCreated = 0

    mutating func add(_ other: AttendanceImportSummary) {
        marks += other.marks
        // The first file's set is taken as it is: a county feed's 100,000 UPNs re-inserted one by one was measurable.
        if unmatchedUPNs.isEmpty { unmatchedUPNs = other.unmatchedUPNs } else { unmatchedUPNs.formUnion(other.unmatchedUPNs) }
        identificationsCreated += other.identificationsCreated
    }

    // Issue 4 item 1: "ends with a one-line summary (rows read, added, corrected, unchanged, unmatched UPNs)".
    var line: String {
        "read \(marks.rows), added \(marks.added), corrected \(marks.corrected), unchanged \(marks.unchanged), unmatched UPNs \(unmatchedUPNs.count)"
    }
}
