import Foundation
import GOVUK
import ContinuumDomain

enum ChildEditPages {
    enum Mode: Sendable {
        case add
        case edit(UUID, name: String)
    }

    static func form(chrome: Chrome, csrf: String, mode: Mode, form: ChildForm, errors: [FormError] = []) -> HTMLPage {
        let title: String, action: SiteURL, back: SiteURL, caption: String, submit: String
        switch mode {
        case .add:
            title = "Add a child"; action = .childrenNew; back = .children; caption = "Children"; submit = "Add the child"
        case .edit(let id, let name):
            title = "Change a child's details"; action = .childPart(.value(ChildID(id)), .edit); back = .child(.value(ChildID(id)))
            caption = name; submit = "Save the changes"
        }
        func v(_ text: String?) -> String { text ?? "" }
        let needOptions = [Option("", "None recorded")] + SENNeed.allCases.map { Option($0.rawValue, "\($0.displayName) (\($0.rawValue))") }
        var fields: [HTMLNode] = [
            textInput(Field(name: "legalForename", label: "Legal first name", value: v(form.legalForename), error: errors.message(for: "legalForename"),
                            autocomplete: "off", spellcheck: false)),
            textInput(Field(name: "legalSurname", label: "Legal last name", value: v(form.legalSurname), error: errors.message(for: "legalSurname"),
                            autocomplete: "off", spellcheck: false)),
            textInput(Field(name: "preferredName", label: "Preferred name (optional)", value: v(form.preferredName),
                            hint: "The name the child is known by, if it is not their legal name", error: errors.message(for: "preferredName"),
                            autocomplete: "off", spellcheck: false)),
            dateInput(Field(name: "dateOfBirth", label: "Date of birth", value: v(form.dateOfBirth), hint: "For example, 27 3 2015",
                            error: errors.message(for: "dateOfBirth"), widthClass: "govuk-input--width-10", spellcheck: false)),
            radios(Field(name: "sex", label: "Sex", value: v(form.sex), error: errors.message(for: "sex")),
                   options: [Option("F", "Female"), Option("M", "Male"), Option("U", "Not known")], inline: true),
            textInput(Field(name: "upn", label: "Unique pupil number (UPN) (optional)", value: v(form.upn),
                            hint: "13 characters, for example H801200001001", error: errors.message(for: "upn"),
                            widthClass: "govuk-input--width-20", spellcheck: false)),
            textInput(Field(name: "homePostcode", label: "Home postcode (optional)", value: v(form.homePostcode), error: errors.message(for: "homePostcode"),
                            autocomplete: "off", widthClass: "govuk-input--width-10")),
            checkboxes(Field(name: "confidentialAddress", label: "Confidential address"),
                       options: [Option("true", "The child's address must be kept confidential", hint: "Only officers who act on it will see the postcode")],
                       selected: form.confidentialAddress == "true" ? ["true"] : []),
            textInput(Field(name: "homeSchoolURN", label: "Home school URN (optional)", value: v(form.homeSchoolURN),
                            hint: "The school's unique reference number from Get Information about Schools", error: errors.message(for: "homeSchoolURN"),
                            widthClass: "govuk-input--width-10", inputMode: "numeric")),
            radios(Field(name: "senProvision", label: "SEN provision", value: v(form.senProvision), error: errors.message(for: "senProvision")),
                   options: SENProvision.allCases.map { Option($0.rawValue, $0.displayName) }),
            select(Field(name: "primaryNeed", label: "Primary type of need", value: v(form.primaryNeed), error: errors.message(for: "primaryNeed")),
                   options: needOptions),
            select(Field(name: "secondaryNeed", label: "Secondary type of need (optional)", value: v(form.secondaryNeed), error: errors.message(for: "secondaryNeed")),
                   options: needOptions),
        ]
        if case .edit = mode { fields.append(hiddenInput(name: "version", value: v(form.version))) }
        fields.append(button(submit))
        return HTMLPage(title: title, chrome: chrome, errors: errors, backLink: back.path, content: [
            h1(title, caption: caption),
            postForm(action: action.path, csrfToken: csrf, fields),
        ])
    }
}
