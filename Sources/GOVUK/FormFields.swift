/// Form controls in the GOV.UK patterns. Each control has a visible label tied by `for`,
/// an optional hint and error wired through `aria-describedby`, and keeps the submitted value.
public struct Field: Sendable {
    public var name: String
    public var label: String
    public var value: String
    public var hint: String?
    public var error: String?
    public var type: String
    public var autocomplete: String?
    public var widthClass: String?
    public var labelIsPageHeading: Bool
    public var inputMode: String?
    public var spellcheck: Bool?
    /// The element id, when several forms on one page share field names; defaults to the name.
    public var id: String?

    public init(name: String, label: String, value: String = "", hint: String? = nil, error: String? = nil,
                type: String = "text", autocomplete: String? = nil, widthClass: String? = nil,
                labelIsPageHeading: Bool = false, inputMode: String? = nil, spellcheck: Bool? = nil, id: String? = nil) {
        self.name = name; self.label = label; self.value = value; self.hint = hint; self.error = error
        self.type = type; self.autocomplete = autocomplete; self.widthClass = widthClass
        self.labelIsPageHeading = labelIsPageHeading; self.inputMode = inputMode; self.spellcheck = spellcheck
        self.id = id
    }

    var fieldID: String { id ?? name }

    var hintID: String { "\(fieldID)-hint" }
    var errorID: String { "\(fieldID)-error" }
    var describedBy: String? {
        let ids = [hint == nil ? nil : hintID, error == nil ? nil : errorID].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

private func formGroup(_ field: Field, _ control: HTMLNode) -> HTMLNode {
    let labelNode = el("label", [.cls("govuk-label" + (field.labelIsPageHeading ? " govuk-label--l" : "")), Attr("for", field.fieldID)], text: field.label)
    return el("div", [.cls(field.error == nil ? "govuk-form-group" : "govuk-form-group govuk-form-group--error")], [
        field.labelIsPageHeading ? el("h1", [.cls("govuk-label-wrapper")], [labelNode]) : labelNode,
        fieldHint(field),
        fieldError(field),
        control,
    ])
}

private func fieldHint(_ field: Field) -> HTMLNode {
    guard let hint = field.hint else { return .empty }
    return el("div", [.cls("govuk-hint"), .id(field.hintID)], text: hint)
}

private func fieldError(_ field: Field) -> HTMLNode {
    guard let error = field.error else { return .empty }
    return el("p", [.cls("govuk-error-message"), .id(field.errorID)], [
        el("span", [.cls("govuk-visually-hidden")], text: "Error:"), txt(" " + error),
    ])
}

public func textInput(_ field: Field) -> HTMLNode {
    var classes = "govuk-input"
    if let width = field.widthClass { classes += " " + width }
    if field.error != nil { classes += " govuk-input--error" }
    let control = void("input", [
        .cls(classes), .id(field.fieldID), Attr("name", field.name), Attr("type", field.type), Attr("value", field.value),
        Attr("autocomplete", field.autocomplete), Attr("aria-describedby", field.describedBy),
        Attr("inputmode", field.inputMode), Attr("spellcheck", field.spellcheck.map { $0 ? "true" : "false" }),
    ])
    return formGroup(field, control)
}

public func textarea(_ field: Field, rows: Int = 5) -> HTMLNode {
    let classes = field.error == nil ? "govuk-textarea" : "govuk-textarea govuk-textarea--error"
    let control = el("textarea", [.cls(classes), .id(field.fieldID), Attr("name", field.name), Attr("rows", String(rows)), Attr("aria-describedby", field.describedBy)], text: field.value)
    return formGroup(field, control)
}

public struct Option: Sendable {
    public let value: String
    public let label: String
    public let hint: String?
    public init(_ value: String, _ label: String, hint: String? = nil) { self.value = value; self.label = label; self.hint = hint }
}

public func select(_ field: Field, options: [Option]) -> HTMLNode {
    let classes = field.error == nil ? "govuk-select" : "govuk-select govuk-select--error"
    let control = el("select", [.cls(classes), .id(field.fieldID), Attr("name", field.name), Attr("aria-describedby", field.describedBy)],
                     options.map { option in
                         el("option", [Attr("value", option.value), .flag("selected", option.value == field.value)], text: option.label)
                     })
    return formGroup(field, control)
}

/// Radios in a fieldset; the first radio carries the field's id so the error summary link lands on it.
public func radios(_ field: Field, options: [Option], inline: Bool = false, multiple: Bool = false, selected: Set<String> = []) -> HTMLNode {
    let chosen = multiple ? selected : [field.value]
    let kind = multiple ? "checkboxes" : "radios"
    let items = options.enumerated().map { index, option -> HTMLNode in
        let id = index == 0 ? field.fieldID : "\(field.fieldID)-\(index + 1)"
        let hintID = "\(id)-item-hint"
        return el("div", [.cls("govuk-\(kind)__item")], [
            void("input", [.cls("govuk-\(kind)__input"), .id(id), Attr("name", field.name), Attr("type", multiple ? "checkbox" : "radio"),
                           Attr("value", option.value), .flag("checked", chosen.contains(option.value)),
                           Attr("aria-describedby", option.hint == nil ? nil : hintID)]),
            el("label", [.cls("govuk-label govuk-\(kind)__label"), Attr("for", id)], text: option.label),
            option.hint.map { el("div", [.cls("govuk-hint govuk-\(kind)__hint"), .id(hintID)], text: $0) } ?? .empty,
        ])
    }
    return fieldset(field, [el("div", [.cls("govuk-\(kind)" + (inline ? " govuk-\(kind)--inline" : ""))], items)])
}

public func checkboxes(_ field: Field, options: [Option], selected: Set<String>) -> HTMLNode {
    radios(field, options: options, multiple: true, selected: selected)
}

private func fieldset(_ field: Field, _ content: [HTMLNode]) -> HTMLNode {
    el("div", [.cls(field.error == nil ? "govuk-form-group" : "govuk-form-group govuk-form-group--error")], [
        el("fieldset", [.cls("govuk-fieldset"), Attr("aria-describedby", field.describedBy)], [
            el("legend", [.cls("govuk-fieldset__legend govuk-fieldset__legend--s")], text: field.label),
            fieldHint(field),
            fieldError(field),
        ] + content),
    ])
}

/// GOV.UK date input: day, month and year boxes named `<name>-day` etc.; the day box carries the
/// field id so error links land on it.
public func dateInput(_ field: Field, day: String, month: String, year: String) -> HTMLNode {
    func part(_ suffix: String, _ label: String, _ value: String, width: String, first: Bool) -> HTMLNode {
        let id = first ? field.fieldID : "\(field.fieldID)-\(suffix)"
        let error = field.error == nil ? "" : " govuk-input--error"
        return el("div", [.cls("govuk-date-input__item")], [
            el("div", [.cls("govuk-form-group")], [
                el("label", [.cls("govuk-label govuk-date-input__label"), Attr("for", id)], text: label),
                void("input", [.cls("govuk-input govuk-date-input__input \(width)\(error)"), .id(id), Attr("name", "\(field.name)-\(suffix)"),
                               Attr("type", "text"), Attr("inputmode", "numeric"), Attr("value", value)]),
            ]),
        ])
    }
    return fieldset(field, [el("div", [.cls("govuk-date-input")], [
        part("day", "Day", day, width: "govuk-input--width-2", first: true),
        part("month", "Month", month, width: "govuk-input--width-2", first: false),
        part("year", "Year", year, width: "govuk-input--width-4", first: false),
    ])])
}

/// The GOV.UK date input for a value as typed (the boxes come back joined as "D/M/YYYY", so a person's
/// typing is shown again exactly) or as stored ("YYYY-MM-DD", shown without leading zeros).
public func dateInput(_ field: Field) -> HTMLNode {
    let boxes = dateBoxes(field.value)
    return dateInput(field, day: boxes.day, month: boxes.month, year: boxes.year)
}

/// Splits a date value into the three boxes' text.
public func dateBoxes(_ value: String) -> (day: String, month: String, year: String) {
    let text = value.trimmingCharacters(in: .whitespaces)
    let iso = text.split(separator: "-", omittingEmptySubsequences: false)
    if text.count == 10, iso.count == 3, iso.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }), let m = Int(iso[1]), let d = Int(iso[2]) {
        return (String(d), String(m), String(iso[0]))
    }
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 3 { return (parts[0], parts[1], parts[2]) }
    // Anything else (an older client's free text): keep it where the person can see and correct it.
    return (text, "", "")
}

public func hiddenInput(name: String, value: String) -> HTMLNode {
    void("input", [Attr("type", "hidden"), Attr("name", name), Attr("value", value)])
}

public func button(_ label: String, secondary: Bool = false, warning: Bool = false, name: String? = nil, value: String? = nil) -> HTMLNode {
    var classes = "govuk-button"
    if secondary { classes += " govuk-button--secondary" }
    if warning { classes += " govuk-button--warning" }
    return el("button", [.cls(classes), Attr("type", "submit"), Attr("data-module", "govuk-button"), Attr("name", name), Attr("value", value)], text: label)
}

/// A POST form carrying the CSRF token; every state-changing form goes through here.
public func postForm(action: String, csrfToken: String, enctype: String? = nil, _ content: [HTMLNode]) -> HTMLNode {
    el("form", [Attr("method", "post"), Attr("action", action), Attr("novalidate", ""), Attr("enctype", enctype)],
       [hiddenInput(name: "_csrf", value: csrfToken)] + content)
}

public func getForm(action: String, _ content: [HTMLNode]) -> HTMLNode {
    el("form", [Attr("method", "get"), Attr("action", action)], content)
}
