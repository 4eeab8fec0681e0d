/// A GOV.UK table: always captioned, column headers `scope="col"`, and the first cell of each row
/// a row header (`scope="row"`) when `firstCellIsHeader` is set.
public struct TableCell {
    public let content: HTMLNode
    public let numeric: Bool
    public init(_ content: HTMLNode, numeric: Bool = false) { self.content = content; self.numeric = numeric }
    public init(text: String, numeric: Bool = false) { self.init(txt(text), numeric: numeric) }
}

public func table(caption: String, captionSize: String = "m", headers: [String], numericColumns: Set<Int> = [],
                  rows: [[TableCell]], firstCellIsHeader: Bool = true) -> HTMLNode {
    el("table", [.cls("govuk-table")], [
        el("caption", [.cls("govuk-table__caption govuk-table__caption--\(captionSize)")], text: caption),
        el("thead", [.cls("govuk-table__head")], [
            el("tr", [.cls("govuk-table__row")], headers.enumerated().map { index, header in
                el("th", [.cls("govuk-table__header" + (numericColumns.contains(index) ? " govuk-table__header--numeric" : "")), Attr("scope", "col")], text: header)
            }),
        ]),
        el("tbody", [.cls("govuk-table__body")], rows.map { row in
            el("tr", [.cls("govuk-table__row")], row.enumerated().map { index, cell in
                let numeric = cell.numeric || numericColumns.contains(index)
                if index == 0 && firstCellIsHeader {
                    return el("th", [.cls("govuk-table__header"), Attr("scope", "row")], [cell.content])
                }
                return el("td", [.cls("govuk-table__cell" + (numeric ? " govuk-table__cell--numeric" : ""))], [cell.content])
            })
        }),
    ])
}
