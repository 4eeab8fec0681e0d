import Fluent
import Foundation

/// Messages for a mail relay to drain (`sent_at` set by the relay). Kept in the database so a
/// notification commits with the change that caused it and is never lost if mail is down.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "email_outbox"
    @ID(key: .id) var id: UUID?
    @Field(key: "to_address") var to: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    // Delivery through GOV.UK Notify (027_AddOutboxDelivery, Notifications/OutboxDelivery.swift): the
    // council whose message it is (scopes /admin/outbox), and how sending it has gone.
    @OptionalField(key: "authority_id") var authorityID: UUID?
    @OptionalField(key: "attempts") var attempts: Int?
    @OptionalField(key: "next_attempt_at") var nextAttemptAt: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "failed_at") var failedAt: Date?
    @OptionalField(key: "notify_id") var notifyID: String?
    init() {}
    /// What a delivered message's body becomes (OutboxDelivery): the text went to Notify and is not kept.
    static let deliveredBody = "[sent through GOV.UK Notify; the text is not kept]"
    /// Never name a child or carry health detail in `subject` or `body`: both go to GOV.UK Notify and
    /// the recipient's mailbox. Say that something needs attention and where to sign in.
    init(authorityID: UUID?, to: String, subject: String, body: String) {
        self.authorityID = authorityID; self.to = to; self.subject = subject; self.body = body; self.createdAt = Date()
    }
    @available(*, deprecated, message: "pass authorityID, so the council's administrators see the message on /admin/outbox")
    convenience init(to: String, subject: String, body: String) {
        self.init(authorityID: nil, to: to, subject: subject, body: body)
    }
}
