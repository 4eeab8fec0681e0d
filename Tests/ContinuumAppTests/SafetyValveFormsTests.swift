import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 15 item 6: the Safety Valve forms: monitoring returns rated by SV-8 (WX-1) that freeze the risk register and
/// the conditions, DfE's decision setting an instalment's status, conditions and risks, and schedule versions (SV-4).
final class SafetyValveFormsTests: XCTestCase {
    func makeWorld() async throws -> (Application, TestClient, SafetyValveAgreement) {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        try await DemoFinance.seedSafetyValve(authorityID: authorityID, on: app.db)
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)
        let agreement = try await SafetyValveAgreement.query(on: app.db).filter(\.$authority.$id == authorityID).first()!
        return (app, finance, agreement)
    }

    func returnForm(_ label: String, target: String, forecast: String) -> [String: String] {
        ["label": label, "financialYear": "2025-26", "dueOn-day": "30", "dueOn-month": "11", "dueOn-year": "2025",
         "target": target, "forecast": forecast, "narrative": "Independent placements rose in the autumn.", "nextStep": "Bring new places forward."]
    }

    func testAReturnMadeThroughThePageIsRatedPerWX1AndFreezesTheRegister() async throws {
        let (app, finance, agreement) = try await makeWorld()
        let page = try await finance.get("/finance/safety-valve")
        XCTAssertEqual(page.status, .ok)
        for text in ["Condition 1: Local specialist sufficiency", "Late by up to one period", "20 (likelihood 4 × impact 5, high)", "Risks frozen",
                     "Make a monitoring return", "Add a payment schedule version"] {
            XCTAssertTrue(page.body.contains(text), "the agreement page shows \(text)")
        }

        // WX-1: +£0.9m forecast against a +£1.5m target, a variance of −£0.6m: red under SV-8's defaults.
        let made = try await finance.post("/finance/safety-valve/returns", returnForm("2025-26 return 2", target: "1500000.00", forecast: "900000.00"))
        XCTAssertEqual(made.status, .seeOther, made.body)
        let red = try await SafetyValveReturn.query(on: app.db).filter(\.$label == "2025-26 return 2").first()!
        XCTAssertEqual(red.ragValue, .red)
        XCTAssertEqual(red.variancePence, -60_000_000)
        XCTAssertEqual(red.dueOn, CalendarDate(iso: "2025-11-30")!)
        XCTAssertEqual(red.tolerancePence, 50_000_000, "the tolerance is frozen with the rating")
        XCTAssertEqual(red.tolerancePercent, 10)
        let frozen = try await SafetyValveReturnRisk.query(on: app.db).filter(\.$monitoringReturn.$id == red.id!).all()
        XCTAssertEqual(frozen.count, 4, "the return freezes the whole register")
        let conditions = try await SafetyValveReturnCondition.query(on: app.db).filter(\.$monitoringReturn.$id == red.id!).all()
        XCTAssertEqual(conditions.count, 3)
        XCTAssertEqual(Set(conditions.map(\.rag)), ["green", "amber"])

        // Editing a risk afterwards changes the register, never the return's copy.
        let risk = try await SafetyValveRiskRecord.query(on: app.db).sort(\.$createdAt).first()!
        let before = frozen.first { $0.riskID == risk.id! }!
        XCTAssertEqual(before.residualScore, 16)
        risk.residualLikelihood = 1; risk.residualImpact = 1; risk.title = "Edited later"
        try await risk.save(on: app.db)
        let after = try await SafetyValveReturnRisk.find(before.id!, on: app.db)!
        XCTAssertEqual(after.residualScore, 16)
        XCTAssertEqual(after.residualLikelihood, 4)
        XCTAssertNotEqual(after.title, "Edited later")

        // Within £0.5m: amber; on or ahead: green; a deficit year's negative balances are accepted.
        assertEqual(try await finance.post("/finance/safety-valve/returns", returnForm("Amber return", target: "1500000.00", forecast: "1100000.00")).status, .seeOther)
        assertEqual(try await finance.post("/finance/safety-valve/returns", returnForm("Green return", target: "1500000.00", forecast: "1600000.00")).status, .seeOther)
        assertEqual(try await finance.post("/finance/safety-valve/returns", returnForm("Deficit return", target: "-250000.00", forecast: "-300000.00")).status, .seeOther)
        func rag(_ label: String) async throws -> RAG? { try await SafetyValveReturn.query(on: app.db).filter(\.$label == label).first()?.ragValue }
        assertEqual(try await rag("Amber return"), .amber)
        assertEqual(try await rag("Green return"), .green)
        assertEqual(try await rag("Deficit return"), .amber)
        assertEqual(try await SafetyValveReturn.query(on: app.db).filter(\.$label == "Deficit return").first()?.variancePence, -5_000_000)

        // A condition returned as missed makes the return red whatever the figures (SV-8), and sets the condition's status.
        let first = try await SafetyValveCondition.query(on: app.db).filter(\.$number == 1).first()!
        var missed = returnForm("Missed condition", target: "1500000.00", forecast: "1600000.00")
        missed["status-\(first.id!.uuidString)"] = "missed"; missed["narrative-\(first.id!.uuidString)"] = "The new school's opening slipped a year."
        try await finance.get("/finance/safety-valve")
        assertEqual(try await finance.post("/finance/safety-valve/returns", missed).status, .seeOther)
        assertEqual(try await rag("Missed condition"), .red)
        assertEqual(try await SafetyValveCondition.find(first.id!, on: app.db)?.status, "missed")

        let shown = try await finance.get("/finance/safety-valve")
        XCTAssertTrue(shown.body.contains("2025-26 return 2"))
        XCTAssertTrue(shown.body.contains("The new school&#39;s opening slipped a year.") || shown.body.contains("The new school's opening slipped a year."))
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "finance.safety_valve.return_add").count(), 5)
        _ = agreement
        try await app.asyncShutdown()
    }

    func testBadAmountsAndAMissingDateAre422AndSaveNothing() async throws {
        let (app, finance, _) = try await makeWorld()
        try await finance.get("/finance/safety-valve")
        let count = try await SafetyValveReturn.query(on: app.db).count()
        var form = returnForm("Bad", target: "1500000.00", forecast: "lots")
        form["dueOn-day"] = ""; form["dueOn-month"] = ""; form["dueOn-year"] = ""
        let bad = try await finance.post("/finance/safety-valve/returns", form)
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("There is a problem"))
        XCTAssertTrue(bad.body.contains("The in-year balance forecast must be an amount in pounds"), bad.body)
        XCTAssertTrue(bad.body.contains("Enter the date the return is due"))
        XCTAssertTrue(bad.body.contains("value=\"lots\""), "what was typed is shown again")
        let tooBig = try await finance.post("/finance/safety-valve/returns", returnForm("Bad", target: "1e9", forecast: "900000"))
        XCTAssertEqual(tooBig.status, .unprocessableEntity)
        assertEqual(try await SafetyValveReturn.query(on: app.db).count(), count, "nothing saved")
        assertEqual(try await SafetyValveReturnRisk.query(on: app.db).count(), count * 4)

        // A risk scored 6 is refused; an instalment amount that is negative or not money is refused with its line.
        let risk = try await finance.post("/finance/safety-valve/risks", ["title": "R", "owner": "O", "controls": "C", "likelihood": "6", "impact": "3",
                                                                          "residualLikelihood": "2", "residualImpact": "2"])
        XCTAssertEqual(risk.status, .unprocessableEntity)
        XCTAssertTrue(risk.body.contains("Select the likelihood before controls, from 1 to 5"))
        let lines = try await finance.post("/finance/safety-valve/schedules", ["lines": "2022-23,1,5700000.00\n2023-24,1,-5.00\n2023-24,2,abc\nnonsense"])
        XCTAssertEqual(lines.status, .unprocessableEntity)
        for text in ["The amount on line 2 must be £0 or more", "The amount on line 3 must be an amount in pounds", "Line 4 must be the financial year"] {
            XCTAssertTrue(lines.body.contains(text), text)
        }
        assertEqual(try await SafetyValveRiskRecord.query(on: app.db).count(), 4)
        try await app.asyncShutdown()
    }

    func testAScheduleVersionMustKeepTheAgreementsTotal() async throws {
        let (app, finance, agreement) = try await makeWorld()
        try await finance.get("/finance/safety-valve")
        let schedule = SafetyValveSchedule.wx1(firstYear: FinancialYear(startYear: 2022))
        func text(_ items: [SafetyValveSchedule.Instalment]) -> String { items.map { "\($0.year),\($0.number),\($0.planned.decimal)" }.joined(separator: "\n") }

        // One instalment short: refused with the difference named, and nothing saved.
        let short = try await finance.post("/finance/safety-valve/schedules", ["lines": text(Array(schedule.instalments.dropLast()))])
        XCTAssertEqual(short.status, .unprocessableEntity)
        XCTAssertTrue(short.body.contains("govuk-error-summary"))
        XCTAssertTrue(short.body.contains("The schedule totals £16,762,500.00, £737,500.00 less than the agreement&#39;s £17,500,000.00")
                      || short.body.contains("The schedule totals £16,762,500.00, £737,500.00 less than the agreement's £17,500,000.00"), short.body)
        assertEqual(try await SafetyValveInstalment.query(on: app.db).filter(\.$agreement.$id == agreement.id!).count(), 17, "nothing saved")
        assertEqual(try await SafetyValveInstalment.query(on: app.db).filter(\.$version == 2).count(), 0)

        // Re-profiled: the last year moved a year later, same total. Released instalments keep their status.
        let moved = schedule.instalments.map { $0.year.startYear == 2026 ? .init(year: FinancialYear(startYear: 2027), number: $0.number, planned: $0.planned) : $0 }
        let ok = try await finance.post("/finance/safety-valve/schedules", ["lines": text(moved)])
        XCTAssertEqual(ok.status, .seeOther, ok.body)
        let v2 = try await SafetyValveInstalment.query(on: app.db).filter(\.$version == 2).all()
        XCTAssertEqual(v2.count, 17)
        XCTAssertEqual(v2.filter { $0.status == "released" }.count, 7)
        XCTAssertEqual(v2.filter { $0.financialYear == "2027-28" }.count, 4)
        assertEqual(try await SafetyValveInstalment.query(on: app.db).filter(\.$version == 1).count(), 17, "the old version is kept")
        let page = try await finance.get("/finance/safety-valve")
        XCTAssertTrue(page.body.contains("Payment schedule (version 2, the version in force)"))
        XCTAssertTrue(page.body.contains("£10,125,000.00"), "released so far is unchanged")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "finance.safety_valve.schedule_version").count(), 1)
        try await app.asyncShutdown()
    }

    func testDFEsDecisionSetsTheInstalmentAndConditionsAndRisksAreAdded() async throws {
        let (app, finance, agreement) = try await makeWorld()
        try await finance.get("/finance/safety-valve")
        let item = try await SafetyValveReturn.query(on: app.db).filter(\.$label == "2024-25 return 2").first()!
        let instalment = try await SafetyValveInstalment.query(on: app.db).filter(\.$agreement.$id == agreement.id!)
            .filter(\.$financialYear == "2024-25").filter(\.$number == 3).first()!
        XCTAssertEqual(instalment.status, "withheld")
        let noDecision = try await finance.post("/finance/safety-valve/decisions", ["returnID": item.id!.uuidString, "instalment": instalment.id!.uuidString])
        XCTAssertEqual(noDecision.status, .unprocessableEntity)
        XCTAssertTrue(noDecision.body.contains("Select DfE&#39;s decision") || noDecision.body.contains("Select DfE's decision"))
        let decided = try await finance.post("/finance/safety-valve/decisions", ["returnID": item.id!.uuidString, "decision": "backdated", "instalment": instalment.id!.uuidString,
                                                                                 "decidedOn-day": "14", "decidedOn-month": "3", "decidedOn-year": "2025", "note": "Revised plan agreed."])
        XCTAssertEqual(decided.status, .seeOther, decided.body)
        assertEqual(try await SafetyValveInstalment.find(instalment.id!, on: app.db)?.status, "backdated_paid")
        let saved = try await SafetyValveReturn.find(item.id!, on: app.db)!
        XCTAssertEqual(saved.dfeDecision, "backdated")
        XCTAssertEqual(saved.decisionOn, CalendarDate(iso: "2025-03-14"))
        XCTAssertEqual(saved.decisionInstalment, "2024-25 instalment 3")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "finance.safety_valve.instalment_status").count(), 1)

        let condition = try await finance.post("/finance/safety-valve/conditions", ["title": "Post-16 pathways", "details": "Supported internships for 30 young people a year.", "status": "on_track"])
        XCTAssertEqual(condition.status, .seeOther, condition.body)
        let added = try await SafetyValveCondition.query(on: app.db).filter(\.$title == "Post-16 pathways").first()!
        XCTAssertEqual(added.number, 4)
        let risk = try await finance.post("/finance/safety-valve/risks", ["title": "Workforce: educational psychologists are hard to recruit", "owner": "Principal EP",
                                                                          "controls": "Agency cover; trainee posts", "likelihood": "4", "impact": "3",
                                                                          "residualLikelihood": "3", "residualImpact": "2", "conditionID": added.id!.uuidString, "workstream": "EHC timeliness"])
        XCTAssertEqual(risk.status, .seeOther, risk.body)
        let page = try await finance.get("/finance/safety-valve")
        for text in ["Condition 4: Post-16 pathways", "12 (likelihood 4 × impact 3, medium)", "6 (likelihood 3 × impact 2, low)", "Workstream: EHC timeliness",
                     "Paid back-dated after a review on 14 March 2025 (2024-25 instalment 3): Revised plan agreed."] {
            XCTAssertTrue(page.body.contains(text), "the page shows \(text)")
        }

        // The briefing note: each condition with its RAG in words and colour.
        let member = TestClient(app)
        try await member.signIn(as: .electedMember)
        let note = try await member.get("/finance/safety-valve/briefing")
        XCTAssertEqual(note.status, .ok)
        for text in ["Condition 1: Local specialist sufficiency", "Condition 2: Mainstream inclusion", "govuk-tag--orange", "govuk-tag--green",
                     "Condition 4: Post-16 pathways", "Added since 2025-26 return 1"] {
            XCTAssertTrue(note.body.contains(text), "the briefing note shows \(text)")
        }
        // Another role cannot post to the forms.
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        try await school.get("/account")
        assertEqual(try await school.post("/finance/safety-valve/conditions", ["title": "X", "details": "Y", "status": "met"]).status, .notFound)
        assertEqual(try await SafetyValveCondition.query(on: app.db).count(), 4)
        try await app.asyncShutdown()
    }

    /// Migration 046 reverts and applies again on a database holding the demo agreement.
    func testMigration046Reverts() async throws {
        let (app, _, _) = try await makeWorld()
        try await AddSafetyValveConditionsAndRisks().revert(on: app.db)
        assertEqual(try await SafetyValveAgreement.query(on: app.db).count(), 1, "the agreement from 042 stays")
        try await AddSafetyValveConditionsAndRisks().prepare(on: app.db)
        assertEqual(try await SafetyValveCondition.query(on: app.db).count(), 0)
        try await app.asyncShutdown()
    }
}
