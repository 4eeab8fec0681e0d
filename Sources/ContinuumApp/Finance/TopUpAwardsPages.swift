import Foundation
import GOVUK
import ContinuumDomain

/// The top-up awards page: what was just recorded (with the advisory EHC prompt), the SEN K review tasks,
/// the framework in force, the awards, and the form.
enum TopUpAwardsPages {
    static func page(awards: [TopUpAward], recorded: TopUpAward?, framework: BandFramework?, policy: TopUpAwardPolicy,
                     form: TopUpAwardsController.AwardForm, errors: [FormError], csrf: String, today: CalendarDate) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if let recorded {
            content.append(notificationBanner(heading: "Award recorded for UPN \(recorded.child.upn ?? "unknown")"
                                              + (recorded.endsOn.map { ", \(recorded.startsOn.longFormat) to \($0.longFormat)" } ?? "")))
            if let prompt = prompt(recorded, policy: policy) { content.append(insetText(prompt)) }
        }
        content += [
            h1("Top-up awards", caption: "Finance"),
            p("Top-up does not need an EHC plan (HNF-1). An SEN support (K) award is time-limited: with no end date it runs for "
              + "\(policy.senKMonths) months (this council's setting; the default is 6, TOPUP-3), and a review task falls due 4 weeks before it ends. "
              + "When the costed provision map is above \(policy.threshold.display) a year, the page suggests considering an EHC needs assessment; "
              + "that is advice only and never stops an award or anyone's request. A student aged 19 or over needs an EHC plan in force (TOPUP-6)."),
        ]
        content += reviewTasks(awards, today: today)
        content += frameworkSection(framework)
        content += awardsTable(awards, policy: policy)
        content += formSection(framework: framework, form: form, errors: errors, csrf: csrf)
        return content
    }

    // TOPUP-3: the prompt to consider an EHC needs assessment, advisory only (EHC-1).
    static func prompt(_ award: TopUpAward, policy: TopUpAwardPolicy) -> String? {
        guard award.basis != .ehcp, let cost = award.provisionMapPence.map(Money.init(pence:)),
              TopUpRequired.promptsEHCAssessment(projectedAnnualCost: cost, threshold: policy.threshold) else { return nil }
        return "The provision map's projected cost is \(cost.display) a year, above \(policy.threshold.display): consider an EHC needs assessment. "
            + "This is advice only: the award stands, and no request by the family or the school is held up (TOPUP-3)."
    }

    private static func reviewTasks(_ awards: [TopUpAward], today: CalendarDate) -> [HTMLNode] {
        let due = awards.filter { $0.basis == .senKTimeLimited && $0.status == "active" && $0.reviewDueOn != nil && ($0.endsOn ?? today) >= today }
            .sorted { $0.reviewDueOn! < $1.reviewDueOn! }
        guard !due.isEmpty else { return [h2("SEN support (K) review tasks"), p("No SEN support (K) award has a review to come.")] }
        return [table(caption: "SEN support (K) review tasks", headers: ["UPN", "Award ends", "Review due", "State"],
                      rows: due.map { a in
                          let review = a.reviewDueOn!
                          let state = review < today ? tag("Overdue by \(review.days(to: today)) days", .red)
                              : review.days(to: today) > -28 ? tag("Due \(review.longFormat)", .yellow) : tag("Not due yet", .blue)
                          return [TableCell(text: a.child.upn ?? ""), TableCell(text: a.endsOn?.longFormat ?? ""), TableCell(text: review.longFormat), TableCell(state)]
                      })]
    }

    private static func frameworkSection(_ framework: BandFramework?) -> [HTMLNode] {
        guard let framework else {
            return [h2("Band framework"), p("No band framework is in force. Load one with continuum finance bands import FILE.csv; until then awards use the provision map's cost above the school's £6,000.")]
        }
        return [table(caption: "Bands of \(framework.label), in force from \(framework.effectiveFrom.longFormat)",
                      headers: ["Band", "Descriptor", "Annual top-up", "Settings"], numericColumns: [2],
                      rows: framework.bands.map { b in
                          [TableCell(text: b.code), TableCell(text: b.descriptor), TableCell(text: b.annual.display, numeric: true),
                           TableCell(text: b.settingTypes.isEmpty ? "Any" : b.settingTypes.map(\.label).sorted().joined(separator: ", "))]
                      })]
    }

    private static func awardsTable(_ awards: [TopUpAward], policy: TopUpAwardPolicy) -> [HTMLNode] {
        guard !awards.isEmpty else { return [h2("Awards"), p("No top-up awards are recorded yet.")] }
        return [table(caption: "Awards", headers: ["UPN", "Basis", "Band", "Annual top-up", "Period", "Cost of the period", "EHC needs assessment"], numericColumns: [3, 5],
                      rows: awards.map { a in
                          let band = [a.awardedBand.map { "Awarded \($0)" }, a.requestedBand.flatMap { $0 == a.awardedBand ? nil : "requested \($0)" }]
                              .compactMap { $0 }.joined(separator: ", ")
                          let period = TopUpAwardRules.periodCost(annual: a.annual, start: a.startsOn, end: a.endsOn)
                          return [TableCell(text: a.child.upn ?? ""), TableCell(text: a.basis.label),
                                  TableCell(text: (band.isEmpty ? "None" : band) + (a.frameworkVersion.map { " (\(a.frameworkName ?? "framework") version \($0))" } ?? "")),
                                  TableCell(text: a.annual.display, numeric: true),
                                  TableCell(text: "\(a.startsOn.longFormat) to \(a.endsOn?.longFormat ?? "open")"),
                                  TableCell(text: period.map { "\($0.amount.display) (\($0.days) days)" } ?? "Open", numeric: true),
                                  TableCell(prompt(a, policy: policy) == nil ? txt("") : tag("Consider", .yellow))]
                      })]
    }

    private static func formSection(framework: BandFramework?, form: TopUpAwardsController.AwardForm, errors: [FormError], csrf: String) -> [HTMLNode] {
        let bandOptions = [Option("", "No band")] + (framework?.bands.map { Option($0.code, "\($0.code): \($0.descriptor) (\($0.annual.display))") } ?? [])
        func bandSelect(_ name: String, _ label: String, _ value: String?) -> HTMLNode {
            select(Field(name: name, label: label, value: value ?? "", hint: framework.map { "From \($0.label)" }, error: errors.message(for: name)), options: bandOptions)
        }
        return [
            h2("Record an award"),
            postForm(action: SiteURL.financeTopUpAwards.path, csrfToken: csrf, [
                textInput(Field(name: "upn", label: "Child's UPN", value: form.upn ?? "", hint: "13 characters, for example H801200001001", error: errors.message(for: "upn"), widthClass: "govuk-input--width-20")),
                radios(Field(name: "basis", label: "Basis of the award", value: form.basis ?? "", error: errors.message(for: "basis")),
                       options: TopUpBasis.allCases.map { Option($0.rawValue, $0.label) }),
                dateInput(Field(name: "start", label: "Award starts", value: form.start ?? "", hint: "For example, 1 9 2026", error: errors.message(for: "start"))),
                dateInput(Field(name: "end", label: "Award ends (optional)", value: form.end ?? "", hint: "Leave empty for an SEN support (K) award to take the council's default length", error: errors.message(for: "end"))),
                textInput(Field(name: "provision-map-cost", label: "Annual cost of the costed provision map, in pounds", value: form.provisionMapCost ?? "",
                                hint: "For example, 9600.00. With no band awarded, the top-up is this cost above the school's £6,000", error: errors.message(for: "provision-map-cost"),
                                widthClass: "govuk-input--width-10", inputMode: "decimal")),
                bandSelect("requested-band", "Band requested", form.requestedBand),
                bandSelect("awarded-band", "Band awarded by the panel", form.awardedBand),
                textarea(Field(name: "reason", label: "Panel's reason", value: form.reason ?? "", hint: "Needed when the band awarded differs from the band requested", error: errors.message(for: "reason"))),
                button("Record the award"),
            ]),
        ]
    }
}
