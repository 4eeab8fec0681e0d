import XCTest
@testable import ContinuumDomain

final class EHCStageTests: XCTestCase {
    /// The whole transition table, written out independently of `EHCStage.next`.
    private let allowed: [EHCStage: Set<EHCStage>] = [
        .requested: [.assessing, .refusedToAssess, .withdrawn],
        .assessing: [.draftIssued, .decisionNotToIssue, .withdrawn],
        .refusedToAssess: [.assessing],
        .withdrawn: [],
        .draftIssued: [.finalIssued],
        .decisionNotToIssue: [.draftIssued],
        .finalIssued: [.underReview, .ceased, .replaced],
        .underReview: [.finalIssued, .amendmentProposed, .ceased, .replaced],
        .amendmentProposed: [.finalIssued, .replaced],
        .ceased: [],
        .replaced: [],
    ]

    func testEveryPair() {
        XCTAssertEqual(Set(allowed.keys), Set(EHCStage.allCases))
        var checked = 0
        for from in EHCStage.allCases {
            for to in EHCStage.allCases {
                let expected = allowed[from]!.contains(to)
                XCTAssertEqual(from.canMove(to: to), expected, "\(from.rawValue) → \(to.rawValue)")
                checked += 1
            }
            XCTAssertEqual(from.next, allowed[from]!, from.rawValue)
        }
        XCTAssertEqual(checked, EHCStage.allCases.count * EHCStage.allCases.count)
    }

    func testNoStageMovesToItself() {
        for stage in EHCStage.allCases {
            XCTAssertFalse(stage.canMove(to: stage), stage.rawValue)
        }
    }

    func testTerminalStages() {
        XCTAssertEqual(Set(EHCStage.allCases.filter(\.isTerminal)), [.withdrawn, .ceased, .replaced])
    }

    func testEveryStageIsReachableFromARequest() {
        var reached: Set<EHCStage> = [.requested]
        var frontier: [EHCStage] = [.requested]
        while let stage = frontier.popLast() {
            for next in stage.next where reached.insert(next).inserted { frontier.append(next) }
        }
        XCTAssertEqual(reached, Set(EHCStage.allCases))
        XCTAssertFalse(EHCStage.allCases.contains { $0.canMove(to: .requested) })
    }

    func testRawValuesAndLabels() {
        XCTAssertEqual(EHCStage.allCases.map(\.rawValue), [
            "requested", "assessing", "refused_to_assess", "withdrawn", "draft_issued",
            "decision_not_to_issue", "final_issued", "under_review", "amendment_proposed", "ceased", "replaced",
        ])
        XCTAssertEqual(Set(EHCStage.allCases.map(\.description)).count, EHCStage.allCases.count)
        XCTAssertEqual(EHCStage(rawValue: "final_issued"), .finalIssued)
    }
}
