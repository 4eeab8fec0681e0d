import XCTest
@testable import ContinuumDomain

final class SENTests: XCTestCase {
    func testCodes() {
        XCTAssertEqual(SENProvision.none.rawValue, "N")
        XCTAssertEqual(SENProvision.senSupport.rawValue, "K")
        XCTAssertEqual(SENProvision.ehcPlan.rawValue, "E")
        XCTAssertEqual(SENNeed.allCases.map(\.rawValue),
                       ["SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH", "NSA"])
        // DfE SEN2 2025 guide item 5.8a: 13 SENtype codes, DS included, NSA not.
        XCTAssertEqual(SENNeed.allCases.filter(\.isValidInSEN2).count, 13)
        XCTAssertTrue(SENNeed.allCases.allSatisfy { !$0.displayName.isEmpty })
        XCTAssertEqual(Set(SENNeed.allCases.map(\.displayName)).count, 14)
        XCTAssertEqual(SENProvision.ehcPlan.displayName, "Education, health and care plan")
    }

    func testImportMappings() {
        XCTAssertEqual(SENProvision(censusCode: "S"), .ehcPlan)
        XCTAssertEqual(SENProvision(censusCode: " k "), .senSupport)
        XCTAssertNil(SENProvision(censusCode: "X"))
        XCTAssertEqual(SENNeed(code: "ASC"), .asd)
        XCTAssertEqual(SENNeed(code: "spld"), .spld)
        XCTAssertNil(SENNeed(code: "BESD"))
    }

    func testValidNeeds() {
        XCTAssertEqual(SENNeed.validateNeeds(provision: .none, primary: nil, secondary: nil), [])
        XCTAssertEqual(SENNeed.validateNeeds(provision: .senSupport, primary: .nsa, secondary: nil), [])
        XCTAssertEqual(SENNeed.validateNeeds(provision: .senSupport, primary: .slcn, secondary: .semh), [])
        XCTAssertEqual(SENNeed.validateNeeds(provision: .ehcPlan, primary: .asd, secondary: nil), [])
        XCTAssertEqual(SENProvision.validateNeeds(provision: .ehcPlan, primary: .asd, secondary: .spld), [])
    }

    func testNoSENMeansNoNeeds() {
        XCTAssertEqual(SENNeed.validateNeeds(provision: .none, primary: .mld, secondary: nil), [SENNeed.needWithoutProvisionMessage])
        XCTAssertEqual(SENNeed.validateNeeds(provision: .none, primary: nil, secondary: .mld), [SENNeed.needWithoutProvisionMessage])
    }

    func testPrimaryRequired() {
        XCTAssertEqual(SENNeed.validateNeeds(provision: .senSupport, primary: nil, secondary: nil), [SENNeed.primaryRequiredMessage])
        XCTAssertEqual(SENNeed.validateNeeds(provision: .ehcPlan, primary: nil, secondary: .hi), [SENNeed.primaryRequiredMessage])
    }

    func testNSAOnlyWithSENSupport() {
        XCTAssertEqual(SENNeed.validateNeeds(provision: .ehcPlan, primary: .nsa, secondary: nil), [SENNeed.nsaOnlyWithSupportMessage])
        XCTAssertEqual(SENNeed.validateNeeds(provision: .ehcPlan, primary: .vi, secondary: .nsa), [SENNeed.nsaOnlyWithSupportMessage])
    }

    func testPrimaryAndSecondaryDiffer() {
        XCTAssertEqual(SENNeed.validateNeeds(provision: .senSupport, primary: .pd, secondary: .pd), [SENNeed.sameNeedTwiceMessage])
        XCTAssertEqual(SENNeed.validateNeeds(provision: .ehcPlan, primary: .nsa, secondary: .nsa),
                       [SENNeed.nsaOnlyWithSupportMessage, SENNeed.sameNeedTwiceMessage])
    }
}
