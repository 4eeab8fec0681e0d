import Foundation
import Vapor
import ContinuumDomain

/// A path parameter, in the Swift Package Index server's manner: `.key` when the route is
/// registered (it becomes `:caseID`), `.value` when a link, redirect or form action is made.
enum Parameter<Value: Sendable>: Sendable {
    case key
    case value(Value)
}

extension Parameter: Equatable where Value: Equatable {}

/// Every path Continuum serves, and the only place a path is spelled. Routes are registered from
/// `pathComponents` (with `.key` parameters); links, redirects and form actions use `path`
/// (with `.value` parameters). A path written anywhere else fails `NoStringPathsTests`.
enum SiteURL: Sendable, Equatable {
    // System
    case home
    case healthz
    case stylesheet(Stylesheet)

    // Signing in and the account
    case signIn
    case signInTwoFactor
    case signOut
    case account
    case accountPassword
    case accountTwoFactor
    case accountSetup(token: Parameter<String>)

    // Children
    case children
    case childrenNew
    case childrenImport
    case childrenImportFile(ChildImportKind)
    case child(Parameter<ChildID>)
    case childPart(Parameter<ChildID>, ChildPart)

    // Section 19: referrals, cases and the service
    case referrals
    case referral(Parameter<ReferralID>)
    case referralPart(Parameter<ReferralID>, ReferralPart)
    case referralEpisode(Parameter<ReferralID>, episode: Parameter<UUID>, EpisodeStep)
    case referralEvidence(Parameter<ReferralID>, evidence: Parameter<UUID>)
    case medicalEducation
    case medicalEducationPart(MedicalEducationPart)
    case teaching
    case teachingSessions
    case identifications
    case identification(Parameter<UUID>)
    case identificationReview(Parameter<UUID>)
    case attendanceUpload
    case attendanceHeld
    case attendanceHeldDecision(HeldDecision)

    // EHC
    case ehc
    case ehcPerformance
    case ehcCase(Parameter<EHCCaseID>)
    case ehcLetter(Parameter<EHCCaseID>)
    case ehcAction(Parameter<EHCCaseID>, EHCActionName)
    case ehcMessages(Parameter<EHCCaseID>)
    case ehcMatch(Parameter<EHCCaseID>)
    case ehcAdvice(Parameter<EHCCaseID>, advice: Parameter<EHCAdviceRequestID>)
    case ehcAdviceFile(Parameter<EHCCaseID>, advice: Parameter<EHCAdviceRequestID>)
    case ehcRequest
    case ehcRequestSent
    case ehcRequestFollow(token: Parameter<String>)

    // Establishments, planning and reports
    case establishments
    case establishment(urn: Parameter<String>)
    case planning
    case finance
    case financePaymentRuns
    case financePaymentRun(Parameter<UUID>)
    case financeSafetyValve
    case financeSafetyValveBriefing
    case financeSafetyValveReturns
    case financeSafetyValveDecisions
    case financeSafetyValveConditions
    case financeSafetyValveRisks
    case financeSafetyValveSchedules
    case financeDSGPlan
    case financeDSGPlanWorkbook
    case financeDSGPlanCSV(DSGPlanWorkbook.Table)
    case financeDSGPlanWorkstreams
    case financeDSGPlanEngagement
    case financeSufficiency
    case financeTopUpAwards
    case financeMETBudget
    case financeMETBudgetLines
    case financeMETChargeScheme
    case financeAllocationRuns
    case financeAllocationRun(Parameter<UUID>)
    case schoolTopUp

    // Engagement: surveys tied to the journey, feedback themes, "you said, we did", co-production (issue 16 part 1)
    case surveys
    case survey(Parameter<UUID>)
    case surveyPart(Parameter<UUID>, SurveyPart)
    case surveysPart(SurveysPart)
    case surveyAnswer(token: Parameter<String>)
    case publicYouSaidWeDid(laCode: Parameter<String>)

    // The training programme for schools (issue 16 part 2)
    case training
    case trainingPart(TrainingPart)
    case trainingSession(Parameter<UUID>)
    case trainingSessionPart(Parameter<UUID>, TrainingSessionPart)
    case trainingBookingPart(Parameter<UUID>, TrainingBookingPart)
    // Outreach commissioning: providers, rounds, bids, scoring, awards, contracts, requests, visits (issue 16 part 3)
    case outreach
    case outreachPart(OutreachPart)
    case outreachRound(Parameter<UUID>)
    case outreachRoundPart(Parameter<UUID>, OutreachRoundPart)
    case outreachBid(Parameter<UUID>)
    case outreachBidPart(Parameter<UUID>, OutreachBidPart)
    case outreachContract(Parameter<UUID>)
    case outreachContractPart(Parameter<UUID>, OutreachContractPart)

    // Post-16 tracking, the September Guarantee and the NCCIS return (issue 17)
    case post16
    case post16Part(Post16Part)
    case post16Person(Parameter<UUID>)
    case post16PersonPart(Parameter<UUID>, Post16PersonPart)

    case reports
    case report(Report)
    case reportImports(ImportReport)

    // Administration
    case adminAudit
    case adminAuthority
    case adminThresholds
    case adminBases
    case adminBase(Parameter<UUID>)
    case adminCaseworkers
    case adminCaseworker(Parameter<UUID>)
    case adminMetStaff
    case adminMetStaffMember(Parameter<UUID>)
    case adminMetStaffEnd(Parameter<UUID>)
    case adminOutbox
    case adminOutboxRetry(Parameter<UUID>)
    case adminSubjectAccess
    case adminSubjectAccessRequest(Parameter<UUID>)
    case adminSubjectAccessExport(Parameter<UUID>)
    case adminTermDates
    case adminTermDatesImport
    case adminTermDateDelete(Parameter<UUID>)
    case adminUsers
    case adminUsersNew
    case adminUsersImport
    case adminUser(Parameter<UserID>)
    case adminUserAction(Parameter<UserID>, UserAction)

    enum Stylesheet: String, Sendable, CaseIterable { case app = "app.css", print = "print.css", brand = "brand.css" }
    enum ChildImportKind: String, Sendable, CaseIterable { case ctf, pupils }
    /// Pages and forms under a child's record.
    enum ChildPart: String, Sendable, CaseIterable {
        case agencies, edit, involvements
        case concerns, concernsNew = "concerns/new"
        case ehc, ehcNew = "ehc/new"
        case referrals, referralsNew = "referrals/new"
        case riskAssessments = "risk-assessments"
        case sicknessNotifications = "sickness-notifications"
    }
    /// Pages and forms under a referral (the Section 19 case).
    enum ReferralPart: String, Sendable, CaseIterable {
        case close, decision, episodes, evidence, letter, outcomes, provision, reintegration, reviews, status, timetable, virtual
        case longPlacementException = "long-placement-exception"
    }
    enum EpisodeStep: String, Sendable, CaseIterable { case edit, end }
    enum MedicalEducationPart: String, Sendable, CaseIterable {
        case census, panels, staff
        case evidenceHours = "evidence/hours"
        case evidenceHoursCSV = "evidence/hours.csv"
        case longPlacements = "long-placements"
        case riskAssessments = "risk-assessments"
    }
    enum HeldDecision: String, Sendable, CaseIterable { case accept, reject }
    enum Report: String, Sendable, CaseIterable {
        case census, sen2
        case censusCSV = "census.csv"
        case sen2XML = "sen2.xml"
        case illnessAbsence = "illness-absence"
        case illnessAbsenceCSV = "illness-absence.csv"
    }
    enum SurveyPart: String, Sendable, CaseIterable { case questions, publish, status, send, results, versions }
    enum SurveysPart: String, Sendable, CaseIterable {
        case dispatch, coding, themes
        case youSaidWeDid = "you-said-we-did"
        case coProduction = "co-production"
    }
    enum TrainingPart: String, Sendable, CaseIterable {
        case courses, sessions, bookings, uptake
        case chargesCSV = "charges.csv"
    }
    enum TrainingSessionPart: String, Sendable, CaseIterable { case book, cancel, register }
    enum TrainingBookingPart: String, Sendable, CaseIterable { case cancel, certificate }
    enum ImportReport: String, Sendable, CaseIterable { case ehc, establishments }
    enum Post16Part: String, Sendable, CaseIterable {
        case nccis, figures, upload, refresh
        case nccisCSV = "nccis.csv"
        case guarantee = "september-guarantee"
    }
    enum Post16PersonPart: String, Sendable, CaseIterable { case activities, offers, contacts, confirm, pfa
        case offerStatus = "offer-status"
    }
    enum OutreachPart: String, Sendable, CaseIterable { case providers, rounds, contracts, requests, reports }
    enum OutreachRoundPart: String, Sendable, CaseIterable { case lots, criteria, panel, status, bid, outcome, reopen }
    enum OutreachBidPart: String, Sendable, CaseIterable { case score, moderate, award }
    enum OutreachContractPart: String, Sendable, CaseIterable { case visits }
    enum UserAction: String, Sendable, CaseIterable { case disable, enable, setupLink = "setup-link" }

    /// The path's segments; a `.key` parameter is the `:name` Vapor matches.
    var segments: [String] {
        switch self {
        case .home: []
        case .healthz: ["healthz"]
        case let .stylesheet(sheet): ["assets", sheet.rawValue]
        case .signIn: ["sign-in"]
        case .signInTwoFactor: ["sign-in", "two-factor"]
        case .signOut: ["sign-out"]
        case .account: ["account"]
        case .accountPassword: ["account", "password"]
        case .accountTwoFactor: ["account", "two-factor"]
        case let .accountSetup(token): ["account", "setup", Self.segment(token, "token")]
        case .children: ["children"]
        case .childrenNew: ["children", "new"]
        case .childrenImport: ["children", "import"]
        case let .childrenImportFile(kind): ["children", "import", kind.rawValue]
        case let .child(id): ["children", Self.segment(id, "childID")]
        case let .childPart(id, part): ["children", Self.segment(id, "childID")] + part.rawValue.split(separator: "/").map(String.init)
        case .referrals: ["referrals"]
        case let .referral(id): ["referrals", Self.segment(id, "referralID")]
        case let .referralPart(id, part): ["referrals", Self.segment(id, "referralID"), part.rawValue]
        case let .referralEpisode(id, episode, step): ["referrals", Self.segment(id, "referralID"), "episodes", Self.segment(episode, "episodeID"), step.rawValue]
        case let .referralEvidence(id, evidence): ["referrals", Self.segment(id, "referralID"), "evidence", Self.segment(evidence, "evidenceID")]
        case .medicalEducation: ["medical-education"]
        case let .medicalEducationPart(part): ["medical-education"] + part.rawValue.split(separator: "/").map(String.init)
        case .teaching: ["teaching"]
        case .teachingSessions: ["teaching", "sessions"]
        case .identifications: ["identifications"]
        case let .identification(id): ["identifications", Self.segment(id, "identificationID")]
        case let .identificationReview(id): ["identifications", Self.segment(id, "identificationID"), "review"]
        case .attendanceUpload: ["attendance", "upload"]
        case .attendanceHeld: ["attendance", "held"]
        case let .attendanceHeldDecision(decision): ["attendance", "held", decision.rawValue]
        case .ehc: ["ehc"]
        case .ehcPerformance: ["ehc", "performance"]
        case let .ehcCase(id): ["ehc", Self.segment(id, "caseID")]
        case let .ehcLetter(id): ["ehc", Self.segment(id, "caseID"), "letter"]
        case let .ehcAction(id, action): ["ehc", Self.segment(id, "caseID"), action.rawValue]
        case let .ehcMessages(id): ["ehc", Self.segment(id, "caseID"), "messages"]
        case let .ehcMatch(id): ["ehc", Self.segment(id, "caseID"), "match"]
        case let .ehcAdvice(id, advice): ["ehc", Self.segment(id, "caseID"), "advice", Self.segment(advice, "adviceID")]
        case let .ehcAdviceFile(id, advice): ["ehc", Self.segment(id, "caseID"), "advice", Self.segment(advice, "adviceID"), "file"]
        case .ehcRequest: ["ehc-request"]
        case .ehcRequestSent: ["ehc-request", "sent"]
        case let .ehcRequestFollow(token): ["ehc-request", "follow", Self.segment(token, "token")]
        case .establishments: ["establishments"]
        case let .establishment(urn): ["establishments", Self.segment(urn, "urn")]
        case .planning: ["planning"]
        case .finance: ["finance"]
        case .financePaymentRuns: ["finance", "payment-runs"]
        case .financeSafetyValve: ["finance", "safety-valve"]
        case .financeSafetyValveBriefing: ["finance", "safety-valve", "briefing"]
        case .financeSafetyValveReturns: ["finance", "safety-valve", "returns"]
        case .financeSafetyValveDecisions: ["finance", "safety-valve", "decisions"]
        case .financeSafetyValveConditions: ["finance", "safety-valve", "conditions"]
        case .financeSafetyValveRisks: ["finance", "safety-valve", "risks"]
        case .financeSafetyValveSchedules: ["finance", "safety-valve", "schedules"]
        case .financeDSGPlan: ["finance", "dsg-plan"]
        case .financeDSGPlanWorkbook: ["finance", "dsg-plan", "dsg-management-plan.xlsx"]
        case let .financeDSGPlanCSV(table): ["finance", "dsg-plan", table.rawValue + ".csv"]
        case .financeDSGPlanWorkstreams: ["finance", "dsg-plan", "workstreams"]
        case .financeDSGPlanEngagement: ["finance", "dsg-plan", "engagement"]
        case .financeSufficiency: ["finance", "sufficiency"]
        case .financeTopUpAwards: ["finance", "top-up-awards"]
        case .financeMETBudget: ["finance", "met-budget"]
        case .financeMETBudgetLines: ["finance", "met-budget", "lines"]
        case .financeMETChargeScheme: ["finance", "met-budget", "charge-scheme"]
        case .financeAllocationRuns: ["finance", "allocation-runs"]
        case let .financeAllocationRun(id): ["finance", "allocation-runs", Self.segment(id, "allocationRunID"), "allocation.csv"]
        case .schoolTopUp: ["school", "top-up"]
        case .surveys: ["surveys"]
        case let .survey(id): ["surveys", Self.segment(id, "surveyID")]
        case let .surveyPart(id, part): ["surveys", Self.segment(id, "surveyID"), part.rawValue]
        case let .surveysPart(part): ["surveys", part.rawValue]
        case let .surveyAnswer(token): ["survey", Self.segment(token, "surveyToken")]
        case let .publicYouSaidWeDid(laCode): ["you-said-we-did", Self.segment(laCode, "laCode")]
        case .training: ["training"]
        case let .trainingPart(part): ["training", part.rawValue]
        case let .trainingSession(id): ["training", "sessions", Self.segment(id, "trainingSessionID")]
        case let .trainingSessionPart(id, part): ["training", "sessions", Self.segment(id, "trainingSessionID"), part.rawValue]
        case let .trainingBookingPart(id, part): ["training", "bookings", Self.segment(id, "trainingBookingID"), part.rawValue]
        case .outreach: ["outreach"]
        case let .outreachPart(part): ["outreach", part.rawValue]
        case let .outreachRound(id): ["outreach", "rounds", Self.segment(id, "roundID")]
        case let .outreachRoundPart(id, part): ["outreach", "rounds", Self.segment(id, "roundID"), part.rawValue]
        case let .outreachBid(id): ["outreach", "bids", Self.segment(id, "bidID")]
        case let .outreachBidPart(id, part): ["outreach", "bids", Self.segment(id, "bidID"), part.rawValue]
        case let .outreachContract(id): ["outreach", "contracts", Self.segment(id, "contractID")]
        case let .outreachContractPart(id, part): ["outreach", "contracts", Self.segment(id, "contractID"), part.rawValue]
        case let .financePaymentRun(id): ["finance", "payment-runs", Self.segment(id, "runID"), "payment-run.csv"]
        case .post16: ["post16"]
        case let .post16Part(part): ["post16", part.rawValue]
        case let .post16Person(id): ["post16", "young-people", Self.segment(id, "youngPersonID")]
        case let .post16PersonPart(id, part): ["post16", "young-people", Self.segment(id, "youngPersonID"), part.rawValue]
        case .reports: ["reports"]
        case let .report(report): ["reports", report.rawValue]
        case let .reportImports(kind): ["reports", "imports", kind.rawValue]
        case .adminAudit: ["admin", "audit"]
        case .adminAuthority: ["admin", "authority"]
        case .adminThresholds: ["admin", "authority", "thresholds"]
        case .adminBases: ["admin", "bases"]
        case let .adminBase(id): ["admin", "bases", Self.segment(id, "baseID")]
        case .adminCaseworkers: ["admin", "caseworkers"]
        case let .adminCaseworker(id): ["admin", "caseworkers", Self.segment(id, "profileID")]
        case .adminMetStaff: ["admin", "met-staff"]
        case let .adminMetStaffMember(id): ["admin", "met-staff", Self.segment(id, "staffID")]
        case let .adminMetStaffEnd(id): ["admin", "met-staff", Self.segment(id, "staffID"), "end"]
        case .adminOutbox: ["admin", "outbox"]
        case let .adminOutboxRetry(id): ["admin", "outbox", Self.segment(id, "messageID"), "retry"]
        case .adminSubjectAccess: ["admin", "subject-access"]
        case let .adminSubjectAccessRequest(id): ["admin", "subject-access", Self.segment(id, "requestID")]
        case let .adminSubjectAccessExport(id): ["admin", "subject-access", Self.segment(id, "requestID"), "export.zip"]
        case .adminTermDates: ["admin", "term-dates"]
        case .adminTermDatesImport: ["admin", "term-dates", "import"]
        case let .adminTermDateDelete(id): ["admin", "term-dates", Self.segment(id, "termDateID"), "delete"]
        case .adminUsers: ["admin", "users"]
        case .adminUsersNew: ["admin", "users", "new"]
        case .adminUsersImport: ["admin", "users", "import"]
        case let .adminUser(id): ["admin", "users", Self.segment(id, "userID")]
        case let .adminUserAction(id, action): ["admin", "users", Self.segment(id, "userID"), action.rawValue]
        }
    }

    /// For registering the route: `.key` parameters become Vapor's `:name` components.
    var pathComponents: [PathComponent] {
        segments.map { $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .constant($0) }
    }

    /// For links, redirects and form actions: `/ehc/<id>/letter`. A `.key` left in a link is a bug,
    /// so it is spelled as the route pattern, which `SiteURLTests` checks never reaches a page.
    var path: String { "/" + segments.joined(separator: "/") }

    /// The path with a query string; values are percent-encoded.
    func path(_ query: KeyValuePairs<String, String>) -> String {
        guard !query.isEmpty else { return path }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        let pairs = query.map { key, value in "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        return path + "?" + pairs.joined(separator: "&")
    }

    /// A page's own anchor: `/referrals/<id>#provision`.
    func path(fragment: String) -> String { path + "#" + fragment }

    private static func segment(_ parameter: Parameter<UUID>, _ key: String) -> String {
        switch parameter {
        case .key: ":" + key
        case let .value(id): id.uuidString
        }
    }

    /// The typed ids keep today's upper-case `uuidString` in paths (not `TypedID.description`'s lower case),
    /// so every link, redirect and stored URL stays the string it was.
    private static func segment<Tag>(_ parameter: Parameter<TypedID<Tag>>, _ key: String) -> String {
        switch parameter {
        case .key: ":" + key
        case let .value(id): id.rawValue.uuidString
        }
    }

    private static func segment(_ parameter: Parameter<String>, _ key: String) -> String {
        switch parameter {
        case .key: ":" + key
        // A value is one segment: a slash or a dot-segment in it could not reach the route it names.
        case let .value(text): text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? ""
        }
    }
}
