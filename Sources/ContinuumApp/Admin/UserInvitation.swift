import Fluent
import Vapor
import ContinuumDomain

/// Inviting a person (issue 12 item 3): the account is made without a password, a one-time set-up
/// link is issued, and the invitation is queued as an email that names no child. A parent or carer is
/// linked to their child with the relationship and whether they hold parental responsibility.
enum UserInvitation {
    struct ParentLink: Sendable { let childID: UUID; let relationship: String; let parentalResponsibility: Bool }
    struct Invited: Sendable { let userID: UUID; let email: String; let displayName: String; let setupURL: String }

    /// Runs inside the caller's transaction; returns the audit rows for it to write.
    static func invite(_ input: UserCreation.Input, parent: ParentLink?, authorityID: UUID, councilName: String,
                       config: AppConfiguration, on db: any Database) async throws -> (Invited, [AuditEntry]) {
        let user = User(authorityID: authorityID, email: input.email, displayName: input.displayName, role: input.role,
                        schoolID: input.schoolID, passwordHash: PendingPassword.marker)
        try await user.create(on: db)
        let userID = try user.requireID()
        var entries = [AuditEntry(action: "user.invited", entityType: "user", entityID: userID.uuidString, detail: "role=\(input.role.rawValue)")]
        if let parent {
            let person = Person(authorityID: authorityID, name: input.displayName, kind: .parentCarer, email: input.email, userID: userID)
            try await person.create(on: db)
            try await ChildRelationship(childID: parent.childID, personID: try person.requireID(), kind: .parentCarer, description: parent.relationship,
                                        parentalResponsibility: parent.parentalResponsibility, consentToShare: true).create(on: db)
            // Linking a parent changes who can see the child's record: a change to the child's record.
            entries.append(AuditEntry(action: "child.parent_linked", entityType: "child", entityID: parent.childID.uuidString, childID: parent.childID,
                                      detail: "user \(userID.uuidString); parental responsibility \(parent.parentalResponsibility ? "yes" : "no")"))
        }
        let url = try await issueLink(for: user, councilName: councilName, config: config, on: db)
        return (Invited(userID: userID, email: input.email, displayName: input.displayName, setupURL: url), entries)
    }

    /// A new link (earlier ones stop working) and its email in the outbox, in the caller's transaction.
    static let subject = "Set up your Continuum account"
    static let spentBody = "[set-up link used or replaced; the text is not kept]"

    static func issueLink(for user: User, councilName: String, config: AppConfiguration, on db: any Database) async throws -> String {
        // Earlier links stop working (AccountSetupToken.issue); their unsent invitations go too, so no dead link is mailed later.
        try await OutboxMessage.query(on: db).filter(\.$to == user.email).filter(\.$subject == subject).filter(\.$sentAt == nil).delete()
        let token = try await AccountSetupToken.issue(for: try user.requireID(), on: db)
        let url = AccountSetupLink.url(token, config: config)
        try await OutboxMessage(authorityID: user.$authority.id, to: user.email, subject: subject,
                                body: invitationBody(name: user.displayName, councilName: councilName, url: url)).create(on: db)
        return url
    }

    /// Names the person invited and the council, never a child (issue 12 item 5).
    static func invitationBody(name: String, councilName: String, url: String) -> String {
        """
        Dear \(name),

        \(councilName) has invited you to Continuum, its system for children's education and SEND services.

        To set up your account, open this link and choose a password:
        \(url)

        The link works once and expires after 72 hours. If it has expired, ask the council's Continuum administrator for a new one.
        If you were not expecting this email, you can ignore it.
        """
    }
}
