import XCTest
import ContinuumDomain

/// The field-level table, cell by cell: every role × every sensitive field, with and without the
/// referrer's link. A change to who sees what has to change this table too.
final class FieldAccessTests: XCTestCase {
    func testEveryRoleAndFieldAgainstTheWrittenPolicy() {
        let referrer = FieldRelationship(madeTheReferral: true)
        let expected: [Role: (plain: Set<SensitiveField>, referrer: Set<SensitiveField>)] = [
            .administrator: ([.familyMessages, .healthDetail, .medicalEvidence, .safeguardingNotes], [.familyMessages, .healthDetail, .medicalEvidence, .safeguardingNotes]),
            .caseworker: ([.familyMessages, .healthDetail, .medicalEvidence, .safeguardingNotes], [.familyMessages, .healthDetail, .medicalEvidence, .safeguardingNotes]),
            .metCoordinator: ([.healthDetail, .medicalEvidence, .safeguardingNotes], [.healthDetail, .medicalEvidence, .safeguardingNotes]),
            .metTeacher: ([.healthDetail], [.healthDetail]),
            .schoolUser: ([.safeguardingNotes], [.healthDetail, .safeguardingNotes]),
            .healthProfessional: ([.healthDetail, .medicalEvidence], [.healthDetail, .medicalEvidence]),
            .parentCarer: ([.familyMessages, .healthDetail], [.familyMessages, .healthDetail]),
            .finance: ([], []),
            .electedMember: ([], []),
            // An outreach provider sees no child's record at all (issue 16 part 3).
            .provider: ([], []),
            // A post-16 adviser works from the tracking cohort: activities and offers, no health or safeguarding field (issue 17).
            .post16Adviser: ([], []),
        ]
        XCTAssertEqual(Set(expected.keys), Set(Role.allCases), "every role has a row")
        for role in Role.allCases {
            XCTAssertEqual(FieldAccess.visible(to: role), expected[role]!.plain, "\(role)")
            XCTAssertEqual(FieldAccess.visible(to: role, relationship: referrer), expected[role]!.referrer, "\(role) as the referrer")
        }
    }

    func testOnlyTheCouncilAndTheFamilyEverSeeFamilyMessages() {
        XCTAssertEqual(FieldAccess.roles(thatMaySee: .familyMessages), [.administrator, .caseworker, .parentCarer])
        for role in [Role.schoolUser, .healthProfessional, .metTeacher, .metCoordinator] {
            XCTAssertFalse(FieldAccess.isVisible(.familyMessages, to: role, relationship: FieldRelationship(madeTheReferral: true)), "\(role)")
        }
    }

    func testAggregateRolesSeeNoField() {
        for role in Role.allCases where role.isAggregateOnly {
            XCTAssertTrue(FieldAccess.visible(to: role, relationship: FieldRelationship(madeTheReferral: true)).isEmpty, "\(role)")
        }
    }

    func testRouteRolesAreTheRolesThatMayEverSeeTheField() {
        XCTAssertEqual(FieldAccess.roles(thatMaySee: .medicalEvidence), [.administrator, .caseworker, .metCoordinator, .healthProfessional])
        XCTAssertTrue(FieldAccess.roles(thatMaySee: .healthDetail).contains(.schoolUser), "a referring school user may see it")
        XCTAssertFalse(FieldAccess.roles(alwaysSeeing: .healthDetail).contains(.schoolUser), "but not every school user")
        XCTAssertEqual(FieldAccess.roles(thatMaySee: .safeguardingNotes), [.administrator, .caseworker, .metCoordinator, .schoolUser])
    }

    func testAFieldARowDoesNotNameIsHidden() {
        XCTAssertEqual(FieldAccess.rule(.familyMessages, for: .metTeacher), .hidden)
        XCTAssertEqual(FieldAccess.rule(.healthDetail, for: .schoolUser), .onlyToTheReferrer)
    }
}
