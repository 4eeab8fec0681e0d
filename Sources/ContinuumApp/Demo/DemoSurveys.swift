import Fluent
import Foundation
import ContinuumDomain

/// Issue 16 item 6: two years of surveys at a plausible response rate (about 20%), the council's themes with
/// coded free text, "you said, we did" and the co-production log. One parent carer of a child whose plan was
/// made final recently has an email address, so "Send due invitations" reaches someone (the browser journey).
enum DemoSurveys {
    static let journeyParentEmail = "survey.parent@demo.continuum.test"

    struct Spec { let slug, title: String; let audience: SurveyAudience; let trigger: SurveyTrigger; let delay: Int; let questions: [SurveyQuestion] }

    static let specs: [Spec] = [
        Spec(slug: "ehc-final-plan-parents", title: "Your child's EHC plan: parents and carers", audience: .parentCarer, trigger: .afterFinalPlan, delay: 14, questions: [
            SurveyQuestion(code: "kept-informed", text: "I was kept informed during the assessment", type: .scale),
            SurveyQuestion(code: "views-heard", text: "My child's views are in the plan", type: .scale),
            SurveyQuestion(code: "contact", text: "How did you mostly hear from the council?", type: .choice, options: ["Email", "Phone", "Letter", "Meetings"]),
            SurveyQuestion(code: "improve", text: "What one thing would have made the assessment better?", type: .text),
        ]),
        Spec(slug: "ehc-annual-review-parents", title: "Annual reviews: parents and carers", audience: .parentCarer, trigger: .afterAnnualReview, delay: 14, questions: [
            SurveyQuestion(code: "provision-delivered", text: "The support in the plan is being delivered", type: .scale),
            SurveyQuestion(code: "improve", text: "Anything else you want to tell us?", type: .text),
        ]),
        Spec(slug: "medical-education-reintegration", title: "Medical education: returning to school", audience: .parentCarer, trigger: .afterReintegration, delay: 28, questions: [
            SurveyQuestion(code: "enough-teaching", text: "My child had enough teaching while unwell", type: .scale),
            SurveyQuestion(code: "felt-safe", text: "My child felt safe at the teaching base", type: .scale),
            SurveyQuestion(code: "improve", text: "What would have helped the return to school?", type: .text),
        ]),
        Spec(slug: "young-people-views", title: "What do you think? For young people", audience: .childYoungPerson, trigger: .manual, delay: 0, questions: [
            SurveyQuestion(code: "listened-to", text: "People listened to me", type: .scale),
            SurveyQuestion(code: "say", text: "Tell us anything you want", type: .text),
        ]),
        Spec(slug: "training-evaluation", title: "Training for schools: evaluation", audience: .school, trigger: .afterTraining, delay: 1, questions: [
            SurveyQuestion(code: "useful", text: "The session was useful for my practice", type: .scale),
            SurveyQuestion(code: "confidence", text: "How many pupils will this change your support for?", type: .number, maximum: 50),
        ]),
    ]

    static let comments: [(text: String, theme: String)] = [
        ("Nobody told us what was happening for weeks", "Kept informed"), ("It took far too long", "Timescales"),
        ("The plan did not sound like my son", "Child's views heard"), ("The caseworker was brilliant", "Communication"),
        ("School still isn't doing what the plan says", "Provision delivered"), ("Health and school never talked to each other", "Health and care joined up"),
        ("Teaching started quickly, thank you", "Speed of start"), ("Only five hours a week was not enough", "Enough teaching"),
        ("The base was calm and she felt safe", "Feeling safe at the base"), ("Going back part-time first really helped", "Reintegration"),
    ]

    /// `full`: the served demo's volumes; the tests' small demo sends a tenth as many, to stay quick.
    static func seed(authorityID: UUID, today: CalendarDate, full: Bool, on db: any Database) async throws {
        var rng = SeededRandom(seed: 1616)
        var themes: [String: UUID] = [:]
        var themeRows: [FeedbackThemeRecord] = []
        for label in FeedbackTheme.starters {
            let row = FeedbackThemeRecord()
            row.id = UUID(); row.$authority.id = authorityID; row.label = label; row.retired = false
            themes[label] = row.id!; themeRows.append(row)
        }
        try await themeRows.create(on: db)
        let start = today.adding(days: -730)
        var invitations: [SurveyInvitation] = [], responses: [SurveyResponse] = [], answers: [SurveyAnswerRecord] = [], coded: [SurveyAnswerTheme] = []
        for spec in specs {
            let survey = Survey()
            survey.id = UUID(); survey.$authority.id = authorityID; survey.slug = spec.slug; survey.title = spec.title
            survey.audienceRaw = spec.audience.rawValue; survey.triggerRaw = spec.trigger.rawValue; survey.delayDays = spec.delay
            survey.statusRaw = SurveyStatus.open.rawValue; survey.publishedVersion = 1; survey.createdBy = "Demo data"
            try await survey.create(on: db)
            let version = SurveyVersion()
            version.$survey.id = survey.id!; version.version = 1; version.questionsJSON = SurveyVersion.encode(spec.questions); version.publishedOn = start
            try await version.create(on: db)
            let stage = spec.trigger == .manual ? "manual:\(CoProductionGroup.youngPeople.rawValue)" : spec.trigger.rawValue
            let service = (SurveyTrigger(rawValue: stage)?.service ?? .general).rawValue
            // About 30 invitations a month for two years, about one in five answered.
            for month in 0..<24 {
                for i in 0..<((full ? 26 : 2) + Int.random(in: 0..<(full ? 10 : 2), using: &rng)) {
                    let sentOn = start.adding(days: month * 30 + Int.random(in: 0..<28, using: &rng))
                    guard sentOn < today else { continue }
                    let invitation = SurveyInvitation()
                    invitation.id = UUID(); invitation.$authority.id = authorityID; invitation.$survey.id = survey.id!; invitation.version = 1
                    invitation.tokenHash = SessionToken.hash(UUID().uuidString); invitation.stage = stage
                    invitation.sourceKey = "demo:\(month):\(i)"; invitation.recipientHash = SessionToken.hash("demo\(month)-\(i)"); invitation.sentOn = sentOn
                    // A slowly rising rate: 16% in the first year, 24% in the second.
                    let answered = rng.chance(month < 12 ? 0.16 : 0.24)
                    if answered { invitation.usedAt = Date() }
                    invitations.append(invitation)
                    guard answered else { continue }
                    let response = SurveyResponse()
                    response.id = UUID(); response.$authority.id = authorityID; response.$survey.id = survey.id!; response.version = 1
                    response.stage = stage; response.service = service; response.consentToContact = false
                    response.submittedOn = min(sentOn.adding(days: Int.random(in: 0..<10, using: &rng)), today)
                    responses.append(response)
                    // Agreement improving over the two years.
                    let lean = Double(month) / 24
                    for q in spec.questions {
                        guard rng.chance(0.93) else { continue }
                        var value: String
                        switch q.type {
                        case .scale: value = rng.weighted([("1", 0.12 - 0.06 * lean), ("2", 0.18 - 0.06 * lean), ("3", 0.2), ("4", 0.3 + 0.06 * lean), ("5", 0.2 + 0.06 * lean)])
                        case .choice, .multi: value = rng.weighted(q.options.enumerated().map { ($1, [0.5, 0.25, 0.15, 0.1][min($0, 3)]) })
                        case .number: value = String(Int.random(in: 0...12, using: &rng))
                        case .text:
                            guard rng.chance(0.6) else { continue }
                            value = rng.pick(comments).text
                        }
                        let answer = SurveyAnswerRecord()
                        answer.id = UUID(); answer.belongs(to: response); answer.question = q.code; answer.value = value
                        answers.append(answer)
                        // Most free text is coded; the latest few weeks' wait on the coding page.
                        if q.type == .text, month < 23, let theme = comments.first(where: { $0.text == value }).flatMap({ themes[$0.theme] }) {
                            let code = SurveyAnswerTheme()
                            code.$answer.id = answer.id!; code.$theme.id = theme; code.codedBy = "Demo data"
                            coded.append(code)
                        }
                    }
                }
            }
        }
        for chunk in invitations.chunked(into: 400) { try await chunk.create(on: db) }
        for chunk in responses.chunked(into: 400) { try await chunk.create(on: db) }
        for chunk in answers.chunked(into: 400) { try await chunk.create(on: db) }
        for chunk in coded.chunked(into: 400) { try await chunk.create(on: db) }

        let actions: [(String, String, String, YouSaidWeDidStatus, String?)] = [
            ("Kept informed", "You said you did not know what was happening during the assessment.", "Every family now gets a named caseworker and an update at weeks 6, 16 and 20.", .done, nil),
            ("Timescales", "You said plans took too long.", "We recruited four more caseworkers and publish our 20-week timeliness each month.", .inProgress, nil),
            ("Enough teaching", "You said five hours a week of teaching was not enough.", "Every child now has a timetable reviewed with their doctor every six weeks.", .done, nil),
            ("Health and care joined up", "You said health and school did not talk to each other.", "A health adviser joins every medical education review meeting.", .planned, nil),
            ("Speed of start", "You asked for teaching to start the day a referral is accepted.", "We could not start on the same day: teachers need the medical evidence and a risk assessment first. We now start within five school days.", .notPossible,
             "Safe teaching needs the medical evidence and a risk assessment first"),
        ]
        var yswd: [YouSaidWeDidRecord] = []
        for (i, action) in actions.enumerated() {
            let row = YouSaidWeDidRecord()
            row.$authority.id = authorityID; row.$theme.id = themes[action.0]; row.youSaid = action.1; row.weDid = action.2; row.statusRaw = action.3.rawValue
            row.rationale = action.4; row.publishedOn = today.adding(days: -300 + i * 60); row.reviewOn = today.adding(days: 60 + i * 30); row.createdBy = "Demo data"
            yswd.append(row)
        }
        try await yswd.create(on: db)
        let activities: [(Int, [CoProductionGroup], String, String, String?, String?)] = [
            (-400, [.parentCarerForum, .healthPartners], "Medical education redesign workshop", "What should a good medical education offer look like?",
             "Part-time return to school is now planned from the first review", "Medical education redesign: phase 1"),
            (-250, [.youngPeople], "Young people's panel", "What makes a plan sound like you?", "Plans open with the young person's own words", nil),
            (-120, [.schools, .parentsCarers], "SENCO and parent forum", "How should schools hear about assessment decisions?", "Schools get the decision letter the same day", "SEND strategy action 4"),
            (-30, [.parentCarerForum, .socialCare, .voluntarySector], "Annual review of the local offer", "Which services are hard to find?", nil, nil),
        ]
        var log: [CoProductionRecord] = []
        for a in activities {
            let row = CoProductionRecord()
            row.$authority.id = authorityID; row.heldOn = today.adding(days: a.0); row.groupsRaw = a.1.map(\.rawValue).joined(separator: ",")
            row.title = a.2; row.asked = a.3; row.changed = a.4; row.milestone = a.5; row.createdBy = "Demo data"
            log.append(row)
        }
        try await log.create(on: db)

        // The journey's parent: a carer with an email address, of a child whose plan was made final in the last month.
        if let recent = try await EHCCase.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$child.$id != nil)
            .filter(\.$finalIssuedOn >= today.adding(days: -40)).filter(\.$finalIssuedOn <= today).sort(\.$finalIssuedOn, .descending).first(),
           let childID = recent.$child.id {
            let parent = Person(authorityID: authorityID, name: "Morgan Surveyparent", kind: .parentCarer, email: journeyParentEmail)
            try await parent.create(on: db)
            try await ChildRelationship(childID: childID, personID: parent.id!, kind: .parentCarer, description: "Parent", parentalResponsibility: true, consentToShare: true).create(on: db)
        }
    }
}
