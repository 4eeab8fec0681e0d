import Foundation

/// The CSV of `continuum report illness-absence --format csv`.
// Issue 4 item 2: header, "one row per UPN with illness_days > 0, sorted by UPN, illness_days with one decimal place".
public enum IllnessAbsenceReport {
    public static let header = "upn,academic_year,illness_days,longest_consecutive_days,reached_15_on"

    /// The header and one LF-terminated line per row with illness, sorted by
    /// UPN (then year, if rows span years); `reached_15_on` is empty when the
    /// threshold was not reached.
    public static func csv(_ rows: [IllnessAbsenceRow]) -> String {
        let kept = rows.filter { $0.measures.illnessSessions > 0 }
            .sorted { ($0.upn, $0.academicYear) < ($1.upn, $1.academicYear) }
        var text = header + "\n"
        text.reserveCapacity(text.utf8.count + kept.count * 48)
        for row in kept {
            text += "\(row.upn),\(row.academicYear),\(days(sessions: row.measures.illnessSessions)),"
            text += "\(row.measures.longestConsecutiveDays),\(row.measures.reached15On?.description ?? "")\n"
        }
        return text
    }

    /// Sessions as days with exactly one decimal place ("12.5", "3.0"),
    /// worked in integers because a session count halves exactly.
    public static func days(sessions: Int) -> String {
        "\(sessions / 2).\(sessions % 2 == 0 ? "0" : "5")"
    }
}
