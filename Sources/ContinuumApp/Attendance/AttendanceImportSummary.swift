import ContinuumDomain

/// The counts behind the import's one-line summary, added up over the files imported.
struct AttendanceImportSummary: Sendable, Equatable {
    var marks = AttendanceApplySummary()
    /// Distinct UPNs with no child record in the authority. Their marks are kept all the same.
    var unmatchedUPNs: Set<PackedUPN> = []
    var identificationsCreated = 0
    /// Rows of a school's upload held for an officer (pupils not on the school's roll).
    var heldRows = 0

    mutating func add(_ other: AttendanceImportSummary) {
        marks += other.marks
        // The first file's set is taken as it is: a county feed's 100,000 UPNs re-inserted one by one was measurable.
        if unmatchedUPNs.isEmpty { unmatchedUPNs = other.unmatchedUPNs } else { unmatchedUPNs.formUnion(other.unmatchedUPNs) }
        identificationsCreated += other.identificationsCreated
        heldRows += other.heldRows
    }

    // Issue 4 item 1: "ends with a one-line summary (rows read, added, corrected, unchanged, unmatched UPNs)".
    /// For officers and the CLI, who may know which UPNs have no record.
    var line: String {
        "read \(marks.rows), added \(marks.added), corrected \(marks.corrected), unchanged \(marks.unchanged), unmatched UPNs \(unmatchedUPNs.count)"
    }

    /// For a school: what was applied to its own pupils, and how many rows wait for the council,
    /// never why (issue 13 item 5). Whether a row is held depends only on the school's roll, which
    /// the school knows, so neither count says anything about another school's pupils or whether a
    /// UPN exists. Rows read is the whole file's, which the school sent.
    var schoolLine: String {
        var text = "read \(marks.rows + heldRows), added \(marks.added), corrected \(marks.corrected), unchanged \(marks.unchanged)"
        if heldRows > 0 {
            text += "; \(heldRows) row\(heldRows == 1 ? "" : "s") held for the council to check (for pupils not on your school's roll)"
        }
        return text
    }
}
