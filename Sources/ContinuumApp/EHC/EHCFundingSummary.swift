import Fluent
import Foundation
import GOVUK
import ContinuumDomain

/// "Placement and top-up" on the EHC case page (issue 15 item 8: caseworkers see a plan's placement and
/// top-up): the child's placements and top-up awards, for the council's readers only.
struct EHCFundingSummary {
    struct PlacementRow { let setting: String; let type: String; let band: String; let annual: String; let dates: String }
    struct AwardRow { let basis: String; let band: String; let annual: String; let dates: String; let review: String }
    var placements: [PlacementRow] = []
    var awards: [AwardRow] = []

    /// Two queries; reading the child's awards writes its own audit row.
    static func load(childID: UUID, authorityID: UUID, actor: AuditActor, on db: any Database) async throws -> EHCFundingSummary {
        let placements = try await Placement.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$child.$id == childID).sort(\.$startsOn, .descending).all()
        let awards = try await TopUpAward.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$child.$id == childID).sort(\.$startsOn, .descending).all()
        if !awards.isEmpty || !placements.isEmpty {
            try await AuditLog.record(AuditEntry(action: "finance.top_up_award.view", entityType: "child", entityID: childID.uuidString, childID: childID,
                                                 detail: "EHC case page: \(placements.count) placement(s), \(awards.count) award(s)"), by: actor, on: db)
        }
        func dates(_ start: CalendarDate, _ end: CalendarDate?) -> String { "\(start.longFormat) to \(end?.longFormat ?? "open")" }
        return EHCFundingSummary(
            placements: placements.map { p in
                PlacementRow(setting: p.setting, type: p.settingType?.label ?? p.settingTypeRaw,
                             band: p.band.map { b in b + (p.bandFrameworkVersion.map { " (version \($0))" } ?? "") } ?? "None",
                             annual: p.annual.display, dates: dates(p.startsOn, p.endsOn))
            },
            awards: awards.map { a in
                AwardRow(basis: a.basis.label, band: a.awardedBand ?? "None", annual: a.annual.display, dates: dates(a.startsOn, a.endsOn),
                         review: a.reviewDueOn?.longFormat ?? "None")
            })
    }

    var nodes: [HTMLNode] {
        var content: [HTMLNode] = [h2("Placement and top-up")]
        if placements.isEmpty && awards.isEmpty {
            content.append(p("No funded placement or top-up award is recorded for this child."))
        }
        if !placements.isEmpty {
            content.append(table(caption: "Placements", captionSize: "s", headers: ["Setting (URN or UKPRN)", "Type", "Band", "Annual top-up", "Dates"], numericColumns: [3],
                                 rows: placements.map { [TableCell(text: $0.setting), TableCell(text: $0.type), TableCell(text: $0.band),
                                                         TableCell(text: $0.annual, numeric: true), TableCell(text: $0.dates)] }))
        }
        if !awards.isEmpty {
            content.append(table(caption: "Top-up awards", captionSize: "s", headers: ["Basis", "Band", "Annual top-up", "Dates", "Review due"], numericColumns: [2],
                                 rows: awards.map { [TableCell(text: $0.basis), TableCell(text: $0.band), TableCell(text: $0.annual, numeric: true),
                                                     TableCell(text: $0.dates), TableCell(text: $0.review)] }))
        }
        content.append(p([link("Record a top-up award", href: SiteURL.financeTopUpAwards.path)]))
        return content
    }
}
