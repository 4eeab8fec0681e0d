import XCTest
import ContinuumDomain

/// Issue 15 item 6: the risk register (SV-7), conditions' RAG (SV-8) and the return's frozen copy (SV-5).
final class SafetyValveRiskTests: XCTestCase {
    func testTheScoreIsLikelihoodTimesImpactFromOneToFive() throws {
        let score = try XCTUnwrap(RiskScore(likelihood: 4, impact: 5))
        XCTAssertEqual(score.score, 20)
        XCTAssertEqual(score.band, "High")
        XCTAssertEqual(RiskScore(likelihood: 2, impact: 4)?.band, "Medium")
        XCTAssertEqual(RiskScore(likelihood: 1, impact: 1)?.score, 1)
        XCTAssertEqual(RiskScore(likelihood: 5, impact: 5)?.score, 25)
        XCTAssertEqual(RiskScore(likelihood: 3, impact: 2)?.band, "Low")
        for (l, i) in [(0, 3), (6, 1), (3, 0), (3, 6), (-1, -1)] {
            XCTAssertNil(RiskScore(likelihood: l, impact: i), "\(l) × \(i) is refused")
        }
        XCTAssertEqual(score.text, "20 (likelihood 4 × impact 5, high)")
    }

    func testFreezingTheRegisterIsACopy() throws {
        var register = [
            SafetyValveRisk(title: "Demand", owner: "AD SEND", controls: "Tracking", inherent: RiskScore(likelihood: 5, impact: 4)!, residual: RiskScore(likelihood: 4, impact: 4)!,
                            condition: "Condition 1: Sufficiency", workstream: "Sufficiency"),
            SafetyValveRisk(title: "Inflation", owner: "Commissioning", controls: "Framework", inherent: RiskScore(likelihood: 4, impact: 3)!, residual: RiskScore(likelihood: 3, impact: 3)!),
        ]
        let frozen = FrozenRiskRegister.freeze(register)
        register[0].residual = RiskScore(likelihood: 1, impact: 1)!
        register[1].title = "Renamed"
        register.append(register[0])
        XCTAssertEqual(frozen.count, 2)
        XCTAssertEqual(frozen.risks[0].residual.score, 16, "an edit to the register after the return leaves the frozen copy as it was")
        XCTAssertEqual(frozen.risks[1].title, "Inflation")
        XCTAssertEqual(frozen.highestResidual, 16)
        XCTAssertNil(FrozenRiskRegister.freeze([]).highestResidual)
    }

    func testConditionStatusesGiveTheirRAGAndAMissedConditionMakesTheReturnRed() {
        XCTAssertEqual(SafetyValveConditionStatus.onTrack.rag, .green)
        XCTAssertEqual(SafetyValveConditionStatus.met.rag, .green)
        XCTAssertEqual(SafetyValveConditionStatus.late.rag, .amber)
        XCTAssertEqual(SafetyValveConditionStatus.missed.rag, .red)
        let ahead = SafetyValveRAG.rate(targetInYear: Money(pence: 150_000_000), forecastInYear: Money(pence: 160_000_000), conditionMissed: true)
        XCTAssertEqual(ahead.rag, .red, "SV-8: red when a condition is missed, whatever the figures")
    }

    func testADecisionSetsTheInstalmentsStatus() {
        XCTAssertEqual(SafetyValveDecision.released.instalmentStatus, .released)
        XCTAssertEqual(SafetyValveDecision.withheld.instalmentStatus, .withheld)
        XCTAssertEqual(SafetyValveDecision.suspended.instalmentStatus, .suspended)
        XCTAssertEqual(SafetyValveDecision.backdated.instalmentStatus, .backdatedPaid)
    }
}
