import XCTest
@testable import ContinuumDomain

final class CouncilSettingsRulesTests: XCTestCase {
    func testHeaderColourIsExactlyHashAndSixHexDigits() {
        for good in ["#0b3b60", "#FFFFFF", "#a1B2c3"] { XCTAssertTrue(CouncilSettingsRules.isHeaderColour(good), good) }
        for bad in ["0b3b60", "#0b3b6", "#0b3b600", "#0b3b6g", "red", "#0b3b60;", "#0b3b6０", "#fff", ""] {
            XCTAssertFalse(CouncilSettingsRules.isHeaderColour(bad), bad)
        }
    }

    func testEmailAddresses() {
        for good in ["safeguarding@council.gov.uk", "a.b+c@x-y.example"] { XCTAssertTrue(CouncilSettingsRules.isEmailAddress(good), good) }
        for bad in ["", "no-at.example", "a@b", "a@@b.example", "a b@c.example", "a@-b.example", "a@b..example", "ä@b.example", "@b.example",
                    String(repeating: "a", count: 250) + "@b.example"] {
            XCTAssertFalse(CouncilSettingsRules.isEmailAddress(bad), bad)
        }
    }

    func testFTEInHundredthsFromZeroToOne() {
        XCTAssertEqual(CouncilSettingsRules.fteHundredths("1"), 100)
        XCTAssertEqual(CouncilSettingsRules.fteHundredths("1.00"), 100)
        XCTAssertEqual(CouncilSettingsRules.fteHundredths("0.6"), 60)
        XCTAssertEqual(CouncilSettingsRules.fteHundredths("0.83"), 83)
        XCTAssertEqual(CouncilSettingsRules.fteHundredths("0"), 0)
        for bad in ["1.01", "1.5", "0.833", "-0.5", ".5", "0.", "one", "", "10"] { XCTAssertNil(CouncilSettingsRules.fteHundredths(bad), bad) }
    }

    func testThresholdSettingsFallBackToTheDocumentedDefaults() {
        XCTAssertEqual(ServiceTargetSettings().targets, ServiceTargets())
        XCTAssertEqual(ServiceTargetSettings.decode("not json").targets, ServiceTargets(), "a damaged setting is the defaults")
        XCTAssertNil(ServiceTargetSettings().encoded(), "nothing set is stored as nothing")
        var settings = ServiceTargetSettings()
        settings.decisionSchoolDays = 3
        settings.fullTimeHours = ["ks2": 24.5, "nonsense": 10]
        let round = ServiceTargetSettings.decode(settings.encoded())
        XCTAssertEqual(round, settings)
        XCTAssertEqual(round.targets.decisionSchoolDays, 3)
        XCTAssertEqual(round.targets.reviewIntervalSchoolDays, 30)
        XCTAssertEqual(round.targets.fullTimeHours(for: .ks2), 24.5)
        XCTAssertEqual(round.targets.fullTimeHours(for: .ks3), 24)
    }

    func testThresholdRanges() {
        XCTAssertEqual(try ServiceTargetSettings.days("15", label: "the trigger", range: 1...60).get(), 15)
        for bad in ["0", "61", "1.5", "ten", "-3"] {
            XCTAssertThrowsError(try ServiceTargetSettings.days(bad, label: "the trigger", range: 1...60).get(), bad)
        }
        guard case .failure(let blank) = ServiceTargetSettings.days(" ", label: "the trigger", range: 1...60) else { return XCTFail("blank accepted") }
        XCTAssertEqual(blank.message, "Enter the trigger")
    }

    func testHoursAreHalfHoursFromOneTo32AndAHalf() {
        for (text, value) in [("1", 1.0), ("23.5", 23.5), ("32.5", 32.5), ("25.0", 25.0)] {
            XCTAssertEqual(try ServiceTargetSettings.hours(text, label: "key stage 1").get(), value, text)
        }
        for bad in ["0.5", "33", "21.3", "21.25", "abc", "", "1e1", "+5"] {
            XCTAssertThrowsError(try ServiceTargetSettings.hours(bad, label: "key stage 1").get(), bad)
        }
    }
}
