import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

struct ChildrenController {
    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .children, roles: Roles.childReaders, use: list)
        routes.secure(.GET, .child(.key), roles: Roles.childReaders, use: show)
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let criteria = ChildSearch.Criteria(text: (try? req.query.get(String.self, at: "q")) ?? "",
                                            school: (try? req.query.get(String.self, at: "school")) ?? "",
                                            page: (try? req.query.get(Int.self, at: "page")) ?? 1)
        let result = try await ChildSearch(repository: ChildRepository(principal: principal, db: req.db)).run(criteria)
        // Reading a list of names is reading children's records: one audit row for the list.
        try await AuditLog.record(ListAudit.entry("children.list", entityType: "child", children: result.rows.map(\.id),
                                                  detail: "q=\(criteria.text.prefix(60)) school=\(criteria.school.prefix(60)) page=\(result.page) of \(result.total)"),
                                  by: principal.auditActor, on: req.db)
        let today = CalendarDate.today()
        let heading = principal.role == .parentCarer ? "Your children" : principal.role == .schoolUser ? "Pupils at your school" : "Children"
        return .html(ChildrenPages.list(chrome: try await req.chrome(for: principal, current: .children), criteria: criteria,
                                        rows: result.rows.map { ChildPresentation.row($0, today: today) },
                                        total: result.total, page: result.page, pageCount: result.pageCount, heading: heading,
                                        canManage: ChildEditController.editors.contains(principal.role)))
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        let id = try child.requireID()
        let school = try await child.$homeSchool.get(on: req.db)
        let seesPeople = principal.role.seesAuthorityChildren || principal.role == .schoolUser
        let relationships = seesPeople ? try await ChildRelationship.query(on: req.db).filter(\.$child.$id == id).with(\.$person).all() : []
        let viewers = principal.role.seesAuthorityChildren
            ? try await AuditEvent.query(on: req.db).filter(\.$childID == id).filter(\.$action == "child.view").sort(\.$seq, .descending).limit(20).all()
            : []
        try await AuditLog.record(AuditEntry(action: "child.view", entityType: "child", entityID: id.uuidString, childID: id), by: principal.auditActor, on: req.db)

        let referrals = try await ReferralRepository(principal: principal, db: req.db).scoped()?.filter(\.$child.$id == id).sort(\.$receivedOn, .descending).all() ?? []
        var view = ChildRecordPresenter.present(child, school: school, relationships: seesPeople ? relationships : nil,
                                                viewers: principal.role.seesAuthorityChildren ? viewers : nil,
                                                role: principal.role, today: CalendarDate.today())
        view.referrals = referrals.map { ($0.referralID, $0.receivedOn.longFormat, $0.statusValue.label) }
        view.canRefer = ReferralController.referrers.contains(principal.role)
        let ehcCases = try await EHCCaseRepository(principal: principal, db: req.db).scoped()?.filter(\.$child.$id == id).sort(\.$requestedOn, .descending).all() ?? []
        view.ehcCases = ehcCases.map { ($0.caseID, $0.requestedOn.longFormat, $0.stage.description) }
        view.canRequestEHC = EHCController.requesters.contains(principal.role)
        view.canRaiseConcern = SafeguardingController.raisers.contains(principal.role)
        view.canSeeAgencies = AgencyController.readers.contains(principal.role)
        if AttendanceUploadController.viewers.contains(principal.role), let upn = child.upn {
            // Every school's marks for the child's latest year, merged: the same view the measures use.
            var shownYear: Int?
            if let packed = PackedUPN(upn), let sql = req.db as? any SQLDatabase,
               let year = try await AttendanceCodesReader(sql: sql).latestYear(upn: packed) {
                view.attendanceStrip = AttendanceStrip(year)
                shownYear = year.academicYear
            }
            view.attendanceVisible = true
            try await AuditLog.record(AuditEntry(action: "child.attendance.view", entityType: "child", entityID: id.uuidString, childID: id,
                                                 detail: "year=\(shownYear.map(String.init) ?? "none")"), by: principal.auditActor, on: req.db)
        }
        if SafeguardingController.readers.contains(principal.role) {
            view.concerns = try await SafeguardingConcern.query(on: req.db).filter(\.$child.$id == id).sort(\.$raisedOn, .descending).all().map {
                ($0.raisedOn.longFormat, $0.raisedByName, $0.concern, $0.immediateRisk)
            }
        }
        view.canNotifySickness = SicknessNotificationController.notifiers.contains(principal.role)
        view.canEdit = ChildEditController.editors.contains(principal.role)
        let notice = (try? req.query.get(String.self, at: "concern")) != nil
            ? SafeguardingController.notice(schoolLeads: max(0, min(50, (try? req.query.get(Int.self, at: "school")) ?? 0)),
                                            council: (try? req.query.get(Int.self, at: "council")) == 1, notifyConfigured: req.application.notifyConfigured)
            : nil
        return .html(ChildrenPages.record(chrome: try await req.chrome(for: principal, current: .children), child: view, notice: notice))
    }
}

enum ChildRecordPresenter {
    static func present(_ child: Child, school: Establishment?, relationships: [ChildRelationship]?, viewers: [AuditEvent]?,
                        role: Role, today: CalendarDate) -> ChildRecordView {
        let dob = child.dateOfBirth
        let year = AgeAndStage.yearGroup(dateOfBirth: dob, on: today)
        let keyStage = AgeAndStage.keyStage(yearGroup: year)
        let needs = [child.primaryNeed, child.secondaryNeed].compactMap { $0 }.compactMap { SENNeed(rawValue: $0) }
        // Field-level access: a confidential address is shown only to roles that act on it.
        let postcode: String
        if child.confidentialAddress && !role.seesConfidentialDetail {
            postcode = "Confidential: not shown"
        } else {
            postcode = (child.homePostcode ?? "Not known") + (child.confidentialAddress ? " (confidential address)" : "")
        }
        return ChildRecordView(
            id: child.childID, name: child.fullName, preferredName: child.preferredName, upn: child.upn ?? "Not known",
            dateOfBirth: dob.longFormat,
            age: "\(ChildPresentation.ageInYears(dob, on: today)) years",
            yearGroup: ChildPresentation.yearGroupLabel(year),
            keyStage: keyStage?.displayName ?? "Not in key stages 1 to 4",
            compulsorySchoolAge: AgeAndStage.isCompulsorySchoolAge(dateOfBirth: dob, on: today) ? "Yes" : "No",
            sex: ["M": "Male", "F": "Female"][child.sex] ?? "Not known",
            homePostcode: postcode,
            homeSchool: school?.name ?? "None recorded", homeSchoolURN: Roles.establishmentReaders.contains(role) ? school?.urn : nil,
            senProvision: SENProvision(rawValue: child.senProvision)?.displayName ?? child.senProvision,
            needs: needs.isEmpty ? "None recorded" : needs.enumerated().map { ($0.offset == 0 ? "Primary: " : "Secondary: ") + $0.element.displayName }.joined(separator: "; "),
            people: relationships?.map { rel in
                ChildRecordView.PersonView(name: rel.person.name, relationship: rel.description,
                                           organisation: rel.person.organisation ?? "—", consent: rel.consentToShare ? "Yes" : "No")
            },
            viewers: viewers?.map { ChildRecordView.ViewerView(when: String($0.occurredAt.prefix(16)).replacingOccurrences(of: "T", with: " "), who: $0.actor, role: Role(rawValue: $0.role)?.displayName ?? $0.role) })
    }
}
