import Foundation
import ContinuumDomain

/// A form's date, however it arrived (the GOV.UK day/month/year boxes, YYYY-MM-DD or D/M/YYYY): the one
/// reading every form shares, `DateEntry`. Nil when blank, incomplete or not a real date; forms that
/// word their own problems use `FieldChecks.dateProblem` for the message.
enum DateInput {
    static func parse(_ raw: String?) -> CalendarDate? { DateEntry(raw).date }
}
