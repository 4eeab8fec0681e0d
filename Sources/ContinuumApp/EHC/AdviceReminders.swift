import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// Reminders to advisers whose advice (reg 8) is due soon or late. An adviser who uses Continuum
/// is emailed through the outbox, in the same transaction that records the reminder; the email
/// names no child, only the dates and where to sign in. For an adviser outside Continuum the
/// caseworker reminds them by letter or phone and records it here.
enum AdviceReminders {
    /// The case page's notice after a reminder: honest about whether the email can leave yet.
    static func notice(notifyConfigured: Bool) -> String {
        notifyConfigured ? "Saved: remind" : "Saved: remind. A reminder email to an adviser who uses Continuum is queued, not sent: no GOV.UK Notify key is configured."
    }

    static func queue(_ advice: EHCAdviceRequest, email: String?, today: CalendarDate, on db: any Database) async throws {
        if let email {
            let due = advice.dueOn?.longFormat ?? "as soon as possible"
            // The council whose case it is, so its administrators see how the email went.
            let authorityID = try await EHCCase.find(advice.$ehcCase.id, on: db)?.$authority.id
            try await OutboxMessage(authorityID: authorityID, to: email, subject: "Reminder: advice for an EHC needs assessment is due \(due)",
                                    body: """
                                    The council asked you on \(advice.requestedOn.longFormat) for \(advice.kind.description.lowercased()) \
                                    for an education, health and care needs assessment.

                                    It is due by \(due): advice-givers have 6 weeks from being asked (regulation 8 of the SEND Regulations 2014).

                                    Sign in to Continuum to read the request and send your advice. This email does not name the child.
                                    """).create(on: db)
        }
        advice.lastRemindedOn = today
        advice.remindersSent = (advice.remindersSent ?? 0) + 1
        try await advice.save(on: db)
    }

    /// Written when the email is queued, not when it leaves: it names the channel, not the delivery.
    static func eventText(_ advice: EHCAdviceRequest, byEmail: Bool) -> String {
        EHCWorkflow.reminderEvent(adviserName: advice.adviserName, kind: advice.kind, due: advice.dueOn, byEmail: byEmail)
    }

    /// `continuum ehc remind-advice`: every reminder the policy says is due today, for a scheduler to
    /// run daily. Running it twice on one day sends nothing the second time.
    static func sendDue(today: CalendarDate, policy: AdviceReminderPolicy = AdviceReminderPolicy(), on db: any Database) async throws -> (emailed: Int, outside: Int) {
        // Rulebook EHC-3 (reg 8): an adviser whose 6-week duty the family's missed appointment lifted is not chased.
        let open = try await EHCAdviceRequest.query(on: db).filter(\.$receivedOn == nil).filter(\.$familyMissedAppointment == false)
            .join(EHCCase.self, on: \EHCAdviceRequest.$ehcCase.$id == \EHCCase.$id)
            .filter(EHCCase.self, \.$stageRaw == EHCStage.assessing.rawValue)
            .all()
        let due = open.filter { advice in
            guard let dueOn = advice.dueOn else { return false }
            return policy.shouldRemind(due: dueOn, received: false, lastReminded: advice.lastRemindedOn, today: today)
        }
        let adviserIDs = Set(due.compactMap(\.adviserUserID))
        let emails = adviserIDs.isEmpty ? [:] : Dictionary(try await User.query(on: db).filter(\.$id ~~ Array(adviserIDs)).filter(\.$disabledAt == nil).all()
            .map { ($0.id!, $0.email) }, uniquingKeysWith: { a, _ in a })
        var emailed = 0, outside = 0
        let actor = AuditActor(userID: nil, name: "continuum ehc remind-advice", role: "system", socketAddress: "local")
        for advice in due {
            guard let adviserID = advice.adviserUserID, let email = emails[adviserID] else { outside += 1; continue }
            let caseID = advice.$ehcCase.id
            let childID = try advice.joined(EHCCase.self).$child.id
            try await AuditLog.transaction(on: db, actor: actor) { tx in
                try await queue(advice, email: email, today: today, on: tx)
                try await EHCCaseEvent(caseID: caseID, on: today, summary: eventText(advice, byEmail: true), by: "Continuum (automatic reminder)").create(on: tx)
                return ([AuditEntry(action: "ehc.remind", entityType: "ehc_case", entityID: caseID.uuidString, childID: childID, detail: advice.kindRaw)], ())
            }
            emailed += 1
        }
        return (emailed, outside)
    }
}

/// `continuum ehc remind-advice [--today YYYY-MM-DD]`.
enum EHCCommand {
    static let usage = "usage: continuum ehc remind-advice [--today YYYY-MM-DD]"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        guard args.first == "remind-advice" else { return .usage(usage) }
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["today"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])\n" + usage) }
        var today = CalendarDate.today()
        if let raw = options.values["today"] {
            guard let date = CalendarDate(input: raw) else { return .usage("--today \"\(raw)\" is not a real date in the format YYYY-MM-DD") }
            today = date
        }
        let (emailed, outside) = try await AdviceReminders.sendDue(today: today, on: app.db)
        let sent = app.notifyConfigured ? "emailed to advisers" : "queued for advisers' email (not sent until NOTIFY_API_KEY is configured)"
        return .ok("\(emailed) reminder(s) \(sent); \(outside) adviser(s) outside Continuum are due a reminder by letter or phone (shown on each case)")
    }
}
