import GOVUK
import ContinuumDomain

/// The Section 19 service budget page: funding lines with their bases, the charging scheme and its charges,
/// and the three cost measures each with its basis (MET-FIN-1 to MET-FIN-3). Children appear by UPN only.
enum METBudgetPages {
    static let protective = "An unpaid or disputed charge never delays or stops Section 19 provision (MET-FIN-2)"

    static func page(_ loaded: METBudgetController.Loaded, rawYear: String, errors: [FormError], line: METBudgetController.LineForm,
                     scheme form: METBudgetController.SchemeForm?, csrf: String) -> [HTMLNode] {
        let year = loaded.year
        // MET-FIN-2 is LOCAL: with no scheme set, the documented default is no charge.
        let scheme = loaded.scheme ?? ChargeScheme(year: year, basis: .noCharge, rate: .zero)
        return [
            h1("Section 19 service budget \(year)", caption: "Finance"),
            p([link("High Needs Block", href: SiteURL.finance.path(["year": year.description]))]),
            getForm(action: SiteURL.financeMETBudget.path, [
                el("div", [.cls("app-search")], [
                    textInput(Field(name: "year", label: "Financial year", value: rawYear, hint: "For example, \(year)",
                                    error: errors.message(for: "year"), widthClass: "govuk-input--width-5")),
                    button("Show year", secondary: true),
                ]),
            ]),
            warningText(protective + ". The duty to arrange education is the council's and does not wait for a school to pay (rulebook HN-1)."),
            fundingTable(loaded.budget),
            h2("Charging schools"),
            summaryList([
                SummaryRow("Scheme for \(year)", text: scheme.basis.label + (loaded.scheme == nil ? " (not set: Continuum's default, which finance can change below)" : "")),
                SummaryRow("Rate", text: scheme.basis == .noCharge || scheme.basis == .negotiated ? "None" : scheme.rate.display),
                SummaryRow("How a charge is worked out", text: scheme.basis.method),
                SummaryRow("Provision counted", text: "Provision episodes and delivered sessions recorded from \(year.start.longFormat) to \(loaded.provision.through.longFormat)"),
            ]),
            chargesBySchool(loaded.provision, scheme: scheme),
            chargesByChild(loaded.provision, scheme: scheme),
            costMeasures(loaded),
            h2("Add a funding line"),
            lineForm(year, line, errors: errors, csrf: csrf),
            h2("Set the charging scheme for \(year)"),
            schemeForm(year, form, current: loaded.scheme, errors: errors, csrf: csrf),
        ]
    }

    static func fundingTable(_ budget: ServiceBudget) -> HTMLNode {
        guard !budget.lines.isEmpty else { return p("No funding lines are recorded for \(budget.year). Add them below.") }
        var rows = budget.lines.map { line in
            [TableCell(text: line.source.label), TableCell(text: line.amount.display, numeric: true),
             TableCell(text: line.s251Line ?? "Not mapped yet"), TableCell(text: line.basisNote)]
        }
        rows.append([TableCell(el("strong", [], text: "Total")), TableCell(el("strong", [], text: budget.total.display), numeric: true), TableCell(text: ""), TableCell(text: "")])
        return table(caption: "Funding, \(budget.year) (MET-FIN-1)", headers: ["Source", "Amount", "s251 line (S251-4)", "Basis of the figure"], numericColumns: [1], rows: rows)
    }

    static func chargesBySchool(_ provision: METProvision, scheme: ChargeScheme) -> HTMLNode {
        let schools = ServiceCharging.bySchool(provision.provision, under: scheme, in: provision.year)
        guard !schools.isEmpty else { return p("No Section 19 provision is recorded in \(provision.year), so there are no charges.") }
        var rows = schools.map { [TableCell(text: $0.school), TableCell(text: String($0.children), numeric: true), TableCell(text: $0.amount.display, numeric: true)] }
        rows.append([TableCell(el("strong", [], text: "Total")), TableCell(text: String(Set(provision.provision.map(\.child)).count), numeric: true),
                     TableCell(el("strong", [], text: Money.sum(schools.map(\.amount)).display), numeric: true)])
        return table(caption: "Charges by home school, \(provision.year)", headers: ["Home school", "Children", "Charge"], numericColumns: [1, 2], rows: rows)
    }

    static func chargesByChild(_ provision: METProvision, scheme: ChargeScheme) -> HTMLNode {
        guard !provision.provision.isEmpty else { return .empty }
        return details(summary: "Charges by child (\(provision.provision.count))", [
            table(caption: "Charges by child, by UPN", captionSize: "s", headers: ["Child (UPN)", "Home school", "Days on roll", "Hours taught", "Charge"], numericColumns: [2, 3, 4],
                  rows: provision.provision.map { item in
                      [TableCell(text: item.child), TableCell(text: item.school), TableCell(text: String(item.daysOnRoll), numeric: true),
                       TableCell(text: hours(item.deliveredMinutes), numeric: true),
                       TableCell(text: ServiceCharging.charge(item, under: scheme, in: provision.year).display, numeric: true)]
                  }),
        ])
    }

    static func costMeasures(_ loaded: METBudgetController.Loaded) -> HTMLNode {
        let cost = loaded.budget.cost
        let measures = [
            ServiceCostMeasures.perChildServed(cost, children: loaded.provision.childrenServed),
            ServiceCostMeasures.perAverageRoll(cost, monthEndRolls: loaded.provision.monthEndRolls),
            ServiceCostMeasures.perTaughtHour(cost, deliveredMinutes: loaded.provision.deliveredMinutes),
        ]
        return group([
            table(caption: "Cost measures, \(loaded.year) (MET-FIN-3)", headers: ["Measure", "Figure", "Basis"], numericColumns: [1],
                  rows: measures.map { [TableCell(text: $0.name), TableCell(text: $0.amount?.display ?? "No figure", numeric: true), TableCell(text: $0.basis)] }),
            p("Each figure divides the year's cost by a count from the same year, from the provision Continuum holds. A count from another year "
              + "or a one-day snapshot gives a very different figure (WX-2: £775,000 ÷ 84 on roll is about £9,226, ÷ 48 about £16,146), so the basis is always stated."),
        ])
    }

    private static func hours(_ minutes: Int) -> String {
        minutes % 60 == 0 ? String(minutes / 60) : "\(minutes / 60)h \(minutes % 60)m"
    }

    static func lineForm(_ year: FinancialYear, _ form: METBudgetController.LineForm, errors: [FormError], csrf: String) -> HTMLNode {
        let lines = S251LineList.forYear(year)?.lines ?? []
        return postForm(action: SiteURL.financeMETBudgetLines.path, csrfToken: csrf, [
            hiddenInput(name: "year", value: year.description),
            select(Field(name: "source", label: "Source", value: form.source ?? "", error: errors.message(for: "source")),
                   options: [Option("", "Select a source")] + FundingSource.allCases.map { Option($0.rawValue, $0.label) }),
            textInput(Field(name: "amount", label: "Amount in pounds", value: form.amount ?? "", hint: "For example, 598000.00",
                            error: errors.message(for: "amount"), widthClass: "govuk-input--width-10", inputMode: "decimal")),
            select(Field(name: "s251Line", label: "s251 line", value: form.s251Line ?? "",
                         hint: "S251-4: hospital education is usually 1.2.6, other tuition for children too ill to attend school 1.2.7. Map it as your council reports it.",
                         error: errors.message(for: "s251Line")),
                   options: [Option("", "Not mapped yet")] + lines.map { Option($0.code, "\($0.code) \($0.title)") }),
            textarea(Field(name: "basisNote", label: "Basis of the figure", value: form.basisNote ?? "",
                           hint: "Where it comes from and how firm it is, for example \"historical information\"", error: errors.message(for: "basisNote")), rows: 3),
            button("Add the funding line"),
        ])
    }

    static func schemeForm(_ year: FinancialYear, _ form: METBudgetController.SchemeForm?, current: ChargeScheme?, errors: [FormError], csrf: String) -> HTMLNode {
        postForm(action: SiteURL.financeMETChargeScheme.path, csrfToken: csrf, [
            hiddenInput(name: "year", value: year.description),
            radios(Field(name: "basis", label: "How schools are charged", value: form?.basis ?? current?.basis.rawValue ?? "", error: errors.message(for: "basis")),
                   options: ChargeBasis.allCases.map { Option($0.rawValue, $0.label, hint: $0.method) }),
            textInput(Field(name: "rate", label: "Rate in pounds", value: form?.rate ?? current.map { $0.rate.decimal } ?? "",
                            hint: "Per day, week, term, pupil or hour as the basis says; leave blank for no charge or negotiated",
                            error: errors.message(for: "rate"), widthClass: "govuk-input--width-10", inputMode: "decimal")),
            button("Set the charging scheme"),
            p(protective + "."),
        ])
    }
}
