import ContinuumDomain

// The records' ids as the domain types them, for links and the scoped loaders, so a referral's id
// cannot reach a route or a repository that wants a child's. Each record must have been saved.
// (`EHCCase.caseID` is in EHCCaseState+Record.swift.)

extension Child {
    var childID: ChildID { ChildID(rawValue: id!) }
}

extension Referral {
    var referralID: ReferralID { ReferralID(rawValue: id!) }
}

extension User {
    var userID: UserID { UserID(rawValue: id!) }
}

extension EHCAdviceRequest {
    var adviceID: EHCAdviceRequestID { EHCAdviceRequestID(rawValue: id!) }
}
