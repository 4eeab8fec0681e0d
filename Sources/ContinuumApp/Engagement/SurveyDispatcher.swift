import Fluent
import Foundation
import SQLKit
import Vapor
import ContinuumDomain

/// Sends surveys at the case stages a council chose (SURV-4 triggers, SURV-6, TRAIN-5): for each open survey
/// with a trigger, the cases that reached its stage `delay_days` ago (within `SurveyDispatch.lookBackDays`),
/// one single-use link per parent or carer with an email address, at most once per stage reached. Run by
/// `continuum surveys send` (the operator's daily scheduler) or the "Send due invitations" button.
enum SurveyDispatcher {
    struct Summary: Sendable, Equatable { var invitations = 0; var surveys = 0 }

    /// A stage a case reached: the case, its child (whose parents and carers are asked) or, for a training
    /// session attended, the delegate's own address, and the day.
    struct Event: Sendable {
        let caseType: String; let caseID: UUID; let childID: UUID?; let on: CalendarDate
        var email: String? = nil
    }

    static func sendDue(authorityID: UUID, today: CalendarDate, actor: AuditActor, links: EHCRequestLinks, db: any Database) async throws -> Summary {
        let surveys = try await Survey.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$statusRaw == SurveyStatus.open.rawValue)
            .filter(\.$triggerRaw != SurveyTrigger.manual.rawValue).all()
        var summary = Summary()
        for survey in surveys {
            guard let version = survey.publishedVersion else { continue }
            let latest = today.adding(days: -survey.delayDays)
            let earliest = latest.adding(days: -SurveyDispatch.lookBackDays + 1)
            let events = try await Self.events(survey.trigger, authorityID: authorityID, from: earliest, through: latest, db: db)
            guard !events.isEmpty else { continue }
            let recipients = try await Self.carers(of: Set(events.compactMap(\.childID)), db: db)
            var invitations: [(SurveyInvitation, String)] = []
            for event in events where SurveyDispatch.isDue(event: event.on, delayDays: survey.delayDays, today: today) {
                for email in event.email.map({ [$0] }) ?? event.childID.flatMap({ recipients[$0] }) ?? [] {
                    let invitation = SurveyInvitation()
                    invitation.id = UUID()
                    invitation.$authority.id = authorityID; invitation.$survey.id = try survey.requireID(); invitation.version = version
                    invitation.stage = SurveyDispatch.stage(for: survey.trigger)
                    invitation.sourceKey = "\(event.caseType):\(event.caseID.uuidString.lowercased()):\(event.on)"
                    invitation.recipientHash = SessionToken.hash(email.lowercased())
                    // A training booking is not a child's case: nothing to link a response to.
                    if event.childID != nil { invitation.caseType = event.caseType; invitation.caseID = event.caseID }
                    invitation.sentOn = today
                    invitations.append((invitation, email))
                }
            }
            let sent = try await Self.send(invitations, survey: survey, actor: actor, links: links, children: events.compactMap(\.childID), db: db)
            summary.invitations += sent
            if sent > 0 { summary.surveys += 1 }
        }
        return summary
    }

    /// Writes each invitation not already sent for its stage and recipient, with its email, and one audit row
    /// naming the children whose carers' contact details were read. Returns how many were new.
    static func send(_ candidates: [(SurveyInvitation, String)], survey: Survey, actor: AuditActor, links: EHCRequestLinks, children: [UUID], db: any Database) async throws -> Int {
        guard !candidates.isEmpty, let sql = db as? any SQLDatabase else { return 0 }
        let surveyID = try survey.requireID()
        var already = Set<String>()
        for chunk in stride(from: 0, to: candidates.count, by: 400).map({ Array(candidates[$0..<min($0 + 400, candidates.count)]) }) {
            let rows = try await sql.select().column("source_key").column("recipient_hash").from(SurveyInvitation.schema)
                .where("survey_id", .equal, surveyID).where("source_key", .in, Array(Set(chunk.map(\.0.sourceKey)))).all()
            for row in rows { already.insert((try row.decode(column: "source_key", as: String.self)) + "|" + (try row.decode(column: "recipient_hash", as: String.self))) }
        }
        var seen = already
        let fresh = candidates.filter { seen.insert($0.0.sourceKey + "|" + $0.0.recipientHash).inserted }
        guard !fresh.isEmpty else { return 0 }
        let title = survey.title, audience = survey.audience, authorityID = survey.$authority.id
        return try await AuditLog.transaction(on: db, actor: actor) { tx in
            for (invitation, email) in fresh {
                invitation.tokenHash = SessionToken.hash(links.surveyToken(for: invitation.id!))
                try await invitation.create(on: tx)
                try await OutboxMessage(authorityID: authorityID, to: email, subject: "Tell the council how it went: \(title)",
                                        body: Self.body(audience: audience, invitationID: invitation.id!)).create(on: tx)
            }
            return ([ListAudit.entry("survey.invitations_sent", entityType: "survey", children: children,
                                     detail: "survey=\(surveyID.uuidString.lowercased()) sent=\(fresh.count)")], fresh.count)
        }
    }

    /// The email: no child's name and nothing about the case (OutboxMessage's rule); the link is written in
    /// only as the email leaves for Notify.
    static func body(audience: SurveyAudience, invitationID: UUID) -> String {
        let who = audience == .childYoungPerson
            ? "This survey is for your child or young person to answer themselves, in their own words. It is short and uses plain words."
            : "The council would like to hear how things went for you and your family, so it can improve its services."
        return """
        \(who)

        Answer the survey here: \(EHCRequestLinks.surveyPlaceholder(for: invitationID))

        You do not need an account. The link works once and lasts \(SurveyLinkState.defaultLifetimeDays) days. Your answers are kept apart from your family's records and are only reported in groups, never by name.
        """
    }

    /// The cases that reached a trigger's stage between two days.
    static func events(_ trigger: SurveyTrigger, authorityID: UUID, from: CalendarDate, through: CalendarDate, db: any Database) async throws -> [Event] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let (table, column, caseType): (String, String, String)
        switch trigger {
        case .manual, .afterTraining: return try await trainingEvents(trigger, authorityID: authorityID, from: from, through: through, db: db)
        case .afterDecisionToAssess: (table, column, caseType) = (EHCCase.schema, "decision_on", "ehc_case")
        case .afterFinalPlan: (table, column, caseType) = (EHCCase.schema, "final_issued_on", "ehc_case")
        case .afterAnnualReview: (table, column, caseType) = (EHCCase.schema, "last_review_on", "ehc_case")
        case .afterS19End, .afterReintegration: (table, column, caseType) = (Referral.schema, "closed_on", "referral")
        }
        var query = sql.select().column("id").column("child_id").column(SQLAlias(SQLColumn(column), as: SQLIdentifier("event_on"))).from(table)
            .where("authority_id", .equal, authorityID).where(SQLColumn("child_id"), .isNot, SQLLiteral.null)
            .where(column, .greaterThanOrEqual, from.description).where(column, .lessThanOrEqual, through.description)
        // A decision not to assess is not a decision to assess (reg 4); reintegration is a return to school (HN-11).
        if trigger == .afterDecisionToAssess { query = query.where("stage", .notEqual, EHCStage.refusedToAssess.rawValue) }
        if trigger == .afterReintegration {
            query = query.where("closure_outcome", .in, [ClosureOutcome.returnedFullTime.rawValue, ClosureOutcome.returnedPartTime.rawValue])
        }
        return try await query.all().compactMap { row in
            guard let on = CalendarDate(iso: try row.decode(column: "event_on", as: String.self)) else { return nil }
            return Event(caseType: caseType, caseID: try row.decode(column: "id", as: UUID.self), childID: try row.decode(column: "child_id", as: UUID.self), on: on)
        }
    }

    /// TRAIN-5: the evaluation goes to each delegate marked attended at a session held between the two days,
    /// at the address their school gave when booking.
    static func trainingEvents(_ trigger: SurveyTrigger, authorityID: UUID, from: CalendarDate, through: CalendarDate, db: any Database) async throws -> [Event] {
        guard trigger == .afterTraining, let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.select().column(SQLColumn("id", table: TrainingBooking.schema)).column(SQLColumn("delegate_email", table: TrainingBooking.schema))
            .column(SQLColumn("session_date", table: TrainingSession.schema))
            .from(TrainingBooking.schema)
            .join(TrainingSession.schema, on: SQLColumn("session_id", table: TrainingBooking.schema), .equal, SQLColumn("id", table: TrainingSession.schema))
            .where(SQLColumn("authority_id", table: TrainingBooking.schema), .equal, SQLBind(authorityID))
            .where(SQLColumn("status", table: TrainingBooking.schema), .equal, SQLBind(TrainingBookingStatus.attended.rawValue))
            .where(SQLColumn("delegate_email", table: TrainingBooking.schema), .isNot, SQLLiteral.null)
            .where(SQLColumn("session_date", table: TrainingSession.schema), .greaterThanOrEqual, SQLBind(from.description))
            .where(SQLColumn("session_date", table: TrainingSession.schema), .lessThanOrEqual, SQLBind(through.description))
            .all()
        return try rows.compactMap { row in
            guard let on = CalendarDate(iso: try row.decode(column: "session_date", as: String.self)) else { return nil }
            let email = try row.decode(column: "delegate_email", as: String.self).trimmingCharacters(in: .whitespaces)
            guard email.contains("@") else { return nil }
            return Event(caseType: "training_booking", caseID: try row.decode(column: "id", as: UUID.self), childID: nil, on: on, email: email)
        }
    }

    /// Each child's parents and carers with an email address.
    static func carers(of children: Set<UUID>, db: any Database) async throws -> [UUID: [String]] {
        guard let sql = db as? any SQLDatabase, !children.isEmpty else { return [:] }
        var result: [UUID: [String]] = [:]
        let ids = Array(children)
        for start in stride(from: 0, to: ids.count, by: 400) {
            let rows = try await sql.select().column(SQLColumn("child_id", table: ChildRelationship.schema)).column(SQLColumn("email", table: Person.schema))
                .from(ChildRelationship.schema)
                .join(Person.schema, on: SQLColumn("person_id", table: ChildRelationship.schema), .equal, SQLColumn("id", table: Person.schema))
                .where(SQLColumn("kind", table: ChildRelationship.schema), .equal, SQLBind(ChildRelationship.Kind.parentCarer.rawValue))
                .where(SQLColumn("email", table: Person.schema), .isNot, SQLLiteral.null)
                .where(SQLColumn("child_id", table: ChildRelationship.schema), .in, SQLBind.group(Array(ids[start..<min(start + 400, ids.count)])))
                .all()
            for row in rows {
                let email = try row.decode(column: "email", as: String.self).trimmingCharacters(in: .whitespaces)
                guard email.contains("@") else { continue }
                result[try row.decode(column: "child_id", as: UUID.self), default: []].append(email)
            }
        }
        return result
    }
}
