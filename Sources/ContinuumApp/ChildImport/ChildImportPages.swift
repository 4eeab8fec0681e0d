import GOVUK
import ContinuumDomain

enum ChildImportPages {
    static let title = "Import pupils"

    static func page(chrome: Chrome, csrf: String, errors: [FormError] = []) -> HTMLPage {
        HTMLPage(title: title, chrome: chrome, errors: errors, backLink: SiteURL.children.path, content: [
            h1(title, caption: "Children"),
            p("Bring a school's pupils into Continuum. A pupil already here with the same UPN is updated; anyone else is added. A file with any problem is refused whole and nothing from it is saved, so you can fix it and upload it again."),
            p("The pupils' school must be in Continuum's establishments first (the GIAS import)."),
            h2("Common Transfer File"),
            p("The CTF XML file a school's information system or the DfE's services produce. The pupils' school is the file's source school, found by its URN or else by its LA and establishment numbers."),
            postForm(action: SiteURL.childrenImportFile(.ctf).path, csrfToken: csrf, enctype: "multipart/form-data", [
                textInput(Field(name: "file", label: "CTF XML file", hint: "Up to 100 MB", error: errors.message(for: "ctf-file"), type: "file", id: "ctf-file")),
                button("Import the CTF"),
            ]),
            h2("Pupils CSV"),
            p("A school-census extract with the header \(PupilCSVReader.header.joined(separator: ",")): date of birth as YYYY-MM-DD, sex M, F or U, SEN provision N, K or E, and the census code for the primary need."),
            postForm(action: SiteURL.childrenImportFile(.pupils).path, csrfToken: csrf, enctype: "multipart/form-data", [
                textInput(Field(name: "file", label: "Pupils CSV file", hint: "Up to 100 MB", error: errors.message(for: "pupils-file"), type: "file", id: "pupils-file")),
                button("Import the pupils CSV"),
            ]),
        ])
    }

    static func done(chrome: Chrome, summary: ChildImporter.Summary, what: String) -> HTMLPage {
        HTMLPage(title: "Pupils imported", chrome: chrome, content: [
            panel(title: "Pupils imported", body: "From the \(what)"),
            summaryList([
                SummaryRow("Added", text: String(summary.added)),
                SummaryRow("Updated", text: String(summary.updated)),
                SummaryRow("Unchanged", text: String(summary.unchanged)),
            ]),
            p([link("Go to the children list", href: SiteURL.children.path)]),
            p([link("Import another file", href: SiteURL.childrenImport.path)]),
        ])
    }
}
