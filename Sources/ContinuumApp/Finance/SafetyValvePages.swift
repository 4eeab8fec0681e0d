import Foundation
import GOVUK
import ContinuumDomain

/// The Safety Valve pages (issue 15 item 6): the agreement with its schedule, conditions, risk register and
/// returns, the forms finance uses to keep them, and the members' briefing note.
enum SafetyValvePages {
    /// The RAG in words and colour: colour is never the only cue.
    static func ragTag(_ rag: RAG) -> HTMLNode {
        switch rag {
        case .red: tag(rag.label, .red)
        case .amber: tag(rag.label, .orange)
        case .green: tag(rag.label, .green)
        }
    }

    static func toleranceText(_ r: SafetyValveReturn) -> String {
        "within \(Money(pence: r.tolerancePence).display) or \(r.tolerancePercent)% of the target"
    }

    static func statusText(_ status: String) -> String {
        SafetyValveSchedule.Status(rawValue: status) == .backdatedPaid ? "Paid back-dated" : status.replacingOccurrences(of: "_", with: " ").capitalized
    }

    static let scoreBasis = "Scores are likelihood × impact, each from 1 to 5 (SV-7, a local register): 15 and over is high, 8 to 14 medium, under 8 low. "
        + "Inherent is before the controls, residual after them."

    static func agreement(_ loaded: SafetyValveController.Loaded?, errors: [FormError] = [], forms: SafetyValveController.Forms = .init(), csrf: String = "") -> [HTMLNode] {
        guard let loaded else {
            return [h1("Safety Valve agreement", caption: "Finance"), p("No Safety Valve agreement is recorded for this council.")]
        }
        let a = loaded.agreement
        let paid = Money.sum(loaded.schedule.filter { $0.status == "released" || $0.status == "backdated_paid" }.map { Money(pence: $0.plannedPence) })
        return [
            h1(a.name, caption: "Safety Valve agreement"),
            summaryList([
                SummaryRow("Agreement total", text: a.total.display),
                SummaryRow("Released so far", text: paid.display),
                SummaryRow("Monitoring returns", text: "\(a.returnsPerYear) a year (SV-5: tri-annual by default, set per agreement)"),
                SummaryRow("RAG tolerance", text: "Amber within \(a.tolerance.amount.display) or \(a.tolerance.percent)% of the target (SV-8's default, set per agreement); each return keeps the tolerance it was rated under"),
            ]),
            p([link("Members' briefing note", href: SiteURL.financeSafetyValveBriefing.path)]),
            table(caption: "Payment schedule (version \(loaded.scheduleVersion), the version in force)", headers: ["Financial year", "Instalment", "Planned", "Status"], numericColumns: [1, 2],
                  rows: loaded.schedule.map { [TableCell(text: $0.financialYear), TableCell(text: String($0.number), numeric: true),
                                               TableCell(text: Money(pence: $0.plannedPence).display, numeric: true),
                                               TableCell(tag(statusText($0.status), $0.status == "released" || $0.status == "backdated_paid" ? .green : .grey))] }),
            conditionsTable(loaded),
            risksTable(loaded),
            returnsTable(loaded.returns, frozenRisks: loaded.frozenRisks),
            frozenDetails(loaded),
            h2("Make a monitoring return"),
            returnForm(loaded, forms, errors: errors, csrf: csrf),
            h2("Record DfE's decision on a return"),
            decisionForm(loaded, forms.decision, errors: errors, csrf: csrf),
            h2("Add a condition"),
            conditionForm(forms.condition, errors: errors, csrf: csrf),
            h2("Add a risk"),
            riskForm(loaded, forms.risk, errors: errors, csrf: csrf),
            h2("Add a payment schedule version"),
            scheduleForm(loaded, forms.schedule, errors: errors, csrf: csrf),
        ]
    }

    static func conditionsTable(_ loaded: SafetyValveController.Loaded) -> HTMLNode {
        guard !loaded.conditions.isEmpty else { return p("No conditions are recorded for this agreement yet. Add them below (SV-3).") }
        return table(caption: "Conditions (SV-3)", headers: ["Condition", "What it asks", "Status", "RAG"], numericColumns: [],
                     rows: loaded.conditions.map { c in
                         [TableCell(text: c.reference), TableCell(text: c.details), TableCell(text: c.statusValue.label), TableCell(ragTag(c.statusValue.rag))]
                     })
    }

    static func risksTable(_ loaded: SafetyValveController.Loaded) -> HTMLNode {
        guard !loaded.risks.isEmpty else { return p("The risk register is empty. Add risks below (SV-7).") }
        return group([
            table(caption: "Risk register (SV-7)", headers: ["Risk", "Owner", "Inherent score", "Residual score", "Controls", "Linked to"], numericColumns: [2, 3],
                  rows: loaded.register.map { r in
                      [TableCell(text: r.title), TableCell(text: r.owner), TableCell(text: r.inherent.text, numeric: true), TableCell(text: r.residual.text, numeric: true),
                       TableCell(text: r.controls), TableCell(text: links(r))]
                  }),
            p(scoreBasis),
        ])
    }

    static func links(_ r: SafetyValveRisk) -> String {
        let parts = [r.condition, r.workstream.map { "Workstream: \($0)" }].compactMap { $0 }
        return parts.isEmpty ? "None" : parts.joined(separator: "; ")
    }

    static func decisionText(_ r: SafetyValveReturn) -> String {
        guard let raw = r.dfeDecision else { return "Awaited" }
        let word = SafetyValveDecision(rawValue: raw)?.label ?? raw.capitalized
        return [word, r.decisionOn.map { "on \($0.longFormat)" }, r.decisionInstalment.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            + ((r.decisionNote ?? "").isEmpty ? "" : ": \(r.decisionNote!)")
    }

    static func returnsTable(_ returns: [SafetyValveReturn], frozenRisks: [UUID: [SafetyValveReturnRisk]]? = nil) -> HTMLNode {
        var headers = ["Return", "Due", "In-year target", "Forecast", "Variance", "RAG", "Tolerance used"]
        if frozenRisks != nil { headers += ["Risks frozen", "DfE's decision"] }
        return table(caption: "Monitoring returns", headers: headers, numericColumns: frozenRisks == nil ? [2, 3, 4] : [2, 3, 4, 7],
              rows: returns.map { r in
                  var row = [TableCell(text: r.label), TableCell(text: r.dueOn.longFormat), TableCell(text: Money(pence: r.targetPence).display, numeric: true),
                             TableCell(text: Money(pence: r.forecastPence).display, numeric: true), TableCell(text: Money(pence: r.variancePence).display, numeric: true),
                             TableCell(ragTag(r.ragValue)), TableCell(text: toleranceText(r))]
                  if let frozenRisks {
                      row += [TableCell(text: String(frozenRisks[r.id!]?.count ?? 0), numeric: true), TableCell(text: decisionText(r))]
                  }
                  return row
              })
    }

    /// Each return's frozen copies: the conditions as returned and the register as it stood.
    static func frozenDetails(_ loaded: SafetyValveController.Loaded) -> HTMLNode {
        group(loaded.returns.compactMap { r -> HTMLNode? in
            let risks = loaded.frozenRisks[r.id!] ?? [], conditions = loaded.frozenConditions[r.id!] ?? []
            guard !risks.isEmpty || !conditions.isEmpty else { return nil }
            return details(summary: "\(r.label): as returned (\(conditions.count) conditions, \(risks.count) risks)", [
                conditions.isEmpty ? .empty : table(caption: "Conditions as returned in \(r.label)", captionSize: "s", headers: ["Condition", "Status", "RAG", "Narrative", "Evidence"],
                                                    rows: conditions.sorted { $0.title < $1.title }.map { c in
                                                        [TableCell(text: c.title), TableCell(text: c.statusValue.label), TableCell(ragTag(c.ragValue)),
                                                         TableCell(text: c.narrative.isEmpty ? "None given" : c.narrative), TableCell(text: c.evidence.isEmpty ? "None given" : c.evidence)]
                                                    }),
                risks.isEmpty ? .empty : table(caption: "Risk register as it stood for \(r.label)", captionSize: "s", headers: ["Risk", "Owner", "Inherent score", "Residual score"],
                                               numericColumns: [2, 3],
                                               rows: risks.sorted { $0.residualScore > $1.residualScore }.map { k in
                                                   [TableCell(text: k.title), TableCell(text: k.owner), TableCell(text: String(k.inherentScore), numeric: true),
                                                    TableCell(text: String(k.residualScore), numeric: true)]
                                               }),
            ])
        })
    }

    static func money(_ name: String, _ label: String, _ value: String?, hint: String, errors: [FormError]) -> HTMLNode {
        textInput(Field(name: name, label: label, value: value ?? "", hint: hint, error: errors.message(for: name), widthClass: "govuk-input--width-10", inputMode: "decimal"))
    }

    static let statusOptions = SafetyValveConditionStatus.allCases.map { Option($0.rawValue, $0.label, hint: "RAG: \($0.rag.label)") }

    static func returnForm(_ loaded: SafetyValveController.Loaded, _ forms: SafetyValveController.Forms, errors: [FormError], csrf: String) -> HTMLNode {
        let form = forms.returnForm
        let conditionFields: [HTMLNode] = loaded.conditions.map { c in
            let key = c.id!.uuidString
            return el("fieldset", [.cls("govuk-fieldset")], [
                el("legend", [.cls("govuk-fieldset__legend govuk-fieldset__legend--s")], text: c.reference),
                select(Field(name: "status-\(key)", label: "Status", value: forms.conditionFields["status-\(key)"] ?? c.status, error: errors.message(for: "status-\(key)")),
                       options: SafetyValveConditionStatus.allCases.map { Option($0.rawValue, "\($0.label) (\($0.rag.rawValue))") }),
                textarea(Field(name: "narrative-\(key)", label: "Narrative", value: forms.conditionFields["narrative-\(key)"] ?? "", error: errors.message(for: "narrative-\(key)")), rows: 2),
                textarea(Field(name: "evidence-\(key)", label: "Evidence", value: forms.conditionFields["evidence-\(key)"] ?? "", error: errors.message(for: "evidence-\(key)")), rows: 2),
            ])
        }
        return postForm(action: SiteURL.financeSafetyValveReturns.path, csrfToken: csrf, [
            p("The return is rated under the agreement's tolerance (SV-8) and keeps it; it freezes a copy of the risk register (\(loaded.risks.count) risks now) and each condition's status as returned."),
            textInput(Field(name: "label", label: "Return", value: form.label ?? "", hint: "For example, 2025-26 return 2", error: errors.message(for: "label"), widthClass: "govuk-input--width-20")),
            textInput(Field(name: "financialYear", label: "Financial year", value: form.financialYear ?? "", hint: "For example, 2025-26", error: errors.message(for: "financialYear"), widthClass: "govuk-input--width-5")),
            dateInput(Field(name: "dueOn", label: "Due date", value: form.dueOn ?? "", hint: "For example, 30 11 2025", error: errors.message(for: "dueOn"))),
            money("target", "In-year balance target in pounds", form.target, hint: "The trajectory's in-year balance; a deficit is negative, for example -250000.00", errors: errors),
            money("forecast", "In-year balance forecast in pounds", form.forecast, hint: "The forecast in-year balance; for example 900000.00", errors: errors),
            textarea(Field(name: "narrative", label: "What the figures mean", value: form.narrative ?? "", error: errors.message(for: "narrative")), rows: 3),
            textarea(Field(name: "nextStep", label: "Next step", value: form.nextStep ?? "", error: errors.message(for: "nextStep")), rows: 2),
            group(conditionFields),
            button("Make the return"),
        ])
    }

    static func decisionForm(_ loaded: SafetyValveController.Loaded, _ form: SafetyValveController.DecisionForm, errors: [FormError], csrf: String) -> HTMLNode {
        guard !loaded.returns.isEmpty else { return p("There is no return to record a decision on yet.") }
        let nextPlanned = loaded.schedule.first { $0.status == "planned" || $0.status == "withheld" || $0.status == "suspended" }
        return postForm(action: SiteURL.financeSafetyValveDecisions.path, csrfToken: csrf, [
            select(Field(name: "returnID", label: "Return", value: form.returnID ?? loaded.returns.last!.id!.uuidString, error: errors.message(for: "returnID")),
                   options: loaded.returns.map { Option($0.id!.uuidString, $0.label) }),
            radios(Field(name: "decision", label: "DfE's decision", value: form.decision ?? "", error: errors.message(for: "decision")),
                   options: SafetyValveDecision.allCases.map { Option($0.rawValue, $0.label) }),
            dateInput(Field(name: "decidedOn", label: "Date of the decision", value: form.decidedOn ?? "", hint: "For example, 15 3 2025", error: errors.message(for: "decidedOn"))),
            select(Field(name: "instalment", label: "Instalment the decision is about", value: form.instalment ?? nextPlanned?.id?.uuidString ?? "",
                         hint: "Its status in the schedule in force is set to match the decision", error: errors.message(for: "instalment")),
                   options: [Option("", "Select an instalment")] + loaded.schedule.map {
                       Option($0.id!.uuidString, "\($0.financialYear) instalment \($0.number), \(Money(pence: $0.plannedPence).display) (\(statusText($0.status).lowercased()))")
                   }),
            textarea(Field(name: "note", label: "Note (optional)", value: form.note ?? "", hint: "DfE's feedback, or the review the decision waits on", error: errors.message(for: "note")), rows: 2),
            button("Record the decision"),
        ])
    }

    static func conditionForm(_ form: SafetyValveController.ConditionForm, errors: [FormError], csrf: String) -> HTMLNode {
        postForm(action: SiteURL.financeSafetyValveConditions.path, csrfToken: csrf, [
            textInput(Field(name: "title", label: "Condition", value: form.title ?? "", hint: "For example, Local specialist sufficiency", error: errors.message(for: "conditionTitle"), id: "conditionTitle")),
            textarea(Field(name: "details", label: "What it asks of the council", value: form.details ?? "", error: errors.message(for: "conditionDetails"), id: "conditionDetails"), rows: 3),
            radios(Field(name: "status", label: "Status", value: form.status ?? "", error: errors.message(for: "conditionStatus"), id: "conditionStatus"), options: statusOptions),
            button("Add the condition"),
        ])
    }

    static func riskForm(_ loaded: SafetyValveController.Loaded, _ form: SafetyValveController.RiskForm, errors: [FormError], csrf: String) -> HTMLNode {
        let scale = [Option("", "Select")] + RiskScore.range.map { Option(String($0), String($0)) }
        func score(_ name: String, _ label: String, _ value: String?) -> HTMLNode {
            select(Field(name: name, label: label, value: value ?? "", error: errors.message(for: name)), options: scale)
        }
        return postForm(action: SiteURL.financeSafetyValveRisks.path, csrfToken: csrf, [
            textInput(Field(name: "title", label: "Risk", value: form.title ?? "", hint: "The cause and its effect, for example: independent placements rise, so spend passes the trajectory",
                            error: errors.message(for: "riskTitle"), id: "riskTitle")),
            textInput(Field(name: "owner", label: "Owner", value: form.owner ?? "", error: errors.message(for: "riskOwner"), id: "riskOwner")),
            textarea(Field(name: "controls", label: "Controls", value: form.controls ?? "", error: errors.message(for: "riskControls"), id: "riskControls"), rows: 2),
            score("likelihood", "Likelihood before controls (1 to 5)", form.likelihood),
            score("impact", "Impact before controls (1 to 5)", form.impact),
            score("residualLikelihood", "Likelihood after controls (1 to 5)", form.residualLikelihood),
            score("residualImpact", "Impact after controls (1 to 5)", form.residualImpact),
            select(Field(name: "conditionID", label: "Linked condition", value: form.conditionID ?? "", error: errors.message(for: "conditionID")),
                   options: [Option("", "None")] + loaded.conditions.map { Option($0.id!.uuidString, $0.reference) }),
            textInput(Field(name: "workstream", label: "Linked workstream (optional)", value: form.workstream ?? "", hint: "As named in the DSG management plan", error: errors.message(for: "workstream"))),
            p(scoreBasis),
            button("Add the risk"),
        ])
    }

    static func scheduleForm(_ loaded: SafetyValveController.Loaded, _ form: SafetyValveController.ScheduleForm, errors: [FormError], csrf: String) -> HTMLNode {
        let current = loaded.schedule.map { "\($0.financialYear),\($0.number),\(Money(pence: $0.plannedPence).decimal)" }.joined(separator: "\n")
        return postForm(action: SiteURL.financeSafetyValveSchedules.path, csrfToken: csrf, [
            textarea(Field(name: "lines", label: "Instalments of version \(loaded.scheduleVersion + 1)", value: form.lines ?? current,
                           hint: "One a line: the financial year, the instalment number and the amount in pounds, like 2025-26,1,737500.00. "
                               + "They must total the agreement's \(loaded.agreement.total.display) (SV-4: a re-profile keeps the total). Instalments already released keep their status.",
                           error: errors.message(for: "lines")), rows: 10),
            button("Add the schedule version"),
        ])
    }

    /// A committee-pack page: each target and condition with its RAG in words and colour, the trend and the next step.
    static func briefing(_ loaded: SafetyValveController.Loaded?) -> [HTMLNode] {
        guard let loaded, let latest = loaded.returns.last else {
            return [h1("Safety Valve briefing note"), p("There is no monitoring return to brief members on yet.")]
        }
        let previous = loaded.returns.dropLast().last
        let trend: String
        if let previous {
            let change = latest.variancePence - previous.variancePence
            trend = change > 0 ? "Improving since \(previous.label)" : change < 0 ? "Worsening since \(previous.label)" : "No change since \(previous.label)"
        } else { trend = "The first return" }
        // Each condition as the latest return reported it; one added since, as it stands now.
        let returned = Dictionary((loaded.frozenConditions[latest.id!] ?? []).map { ($0.conditionID, $0) }, uniquingKeysWith: { first, _ in first })
        let conditionRows: [[TableCell]] = loaded.conditions.map { c in
            if let r = returned[c.id!] {
                return [TableCell(text: c.reference), TableCell(text: r.statusValue.label), TableCell(ragTag(r.ragValue)), TableCell(text: r.narrative.isEmpty ? "As returned in \(latest.label)" : r.narrative)]
            }
            return [TableCell(text: c.reference), TableCell(text: c.statusValue.label), TableCell(ragTag(c.statusValue.rag)), TableCell(text: "Added since \(latest.label)")]
        }
        return [
            h1("Safety Valve briefing note", caption: loaded.agreement.name),
            p("For elected members. The figures are the council's, as returned to DfE; no child's information is included."),
            summaryList([
                SummaryRow("Latest return", text: "\(latest.label), due \(latest.dueOn.longFormat)"),
                SummaryRow("In-year balance: target", text: Money(pence: latest.targetPence).display),
                SummaryRow("In-year balance: forecast", text: Money(pence: latest.forecastPence).display),
                SummaryRow("Variance", text: Money(pence: latest.variancePence).display),
                SummaryRow("RAG", ragTag(latest.ragValue)),
                SummaryRow("Trend", text: trend),
                SummaryRow("What it means", text: latest.narrative),
                SummaryRow("Next step", text: latest.nextStep),
                SummaryRow("DfE's decision", text: decisionText(latest)),
            ]),
            p("RAG is rated under the tolerance in force when the return was made (\(toleranceText(latest))): green on or ahead of the target, amber within the tolerance, red outside it or a condition missed (SV-8, a local definition: DfE publishes none)."),
            conditionRows.isEmpty ? .empty : table(caption: "Conditions", headers: ["Condition", "Status", "RAG", "Narrative"], rows: conditionRows),
            returnsTable(loaded.returns),
            p("Print this page for a committee pack: the print layout leaves out the site's header and navigation."),
        ]
    }
}
