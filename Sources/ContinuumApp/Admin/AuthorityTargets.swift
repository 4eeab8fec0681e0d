import Fluent
import Vapor
import GOVUK
import ContinuumDomain

extension Request {
    /// The Section 19 targets of the signed-in person's authority: what the council set on
    /// /admin/authority/thresholds over the documented defaults. One small query, uncached, so a
    /// saved threshold applies to the very next page on every app server.
    func serviceTargets(for authorityID: UUID) async throws -> ServiceTargets {
        try await Authority.find(authorityID, on: db)?.serviceTargets ?? ServiceTargets()
    }
}

/// Things the admin settings pages share.
enum AdminPages {
    static func dateText(_ date: CalendarDate?) -> String { date?.longFormat ?? "—" }
}

extension FormChecks {
    /// A date that may be in the future (within the two years `date` allows) or left blank: nil when blank or wrong.
    mutating func optionalDate(_ raw: String?, field: String, label: String, notBefore: CalendarDate?, notBeforeLabel: String, today: CalendarDate) -> CalendarDate? {
        guard !(raw ?? "").trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return date(raw, field: field, label: label, notBefore: notBefore, notBeforeLabel: notBeforeLabel, today: today, allowFuture: true)
    }

    /// "yes" or "no" from a pair of radios.
    mutating func yesNo(_ raw: String?, field: String, missing: String) -> Bool? {
        switch raw { case "yes": return true; case "no": return false
        default: errors.append(FormError(field: field, message: missing)); return nil }
    }

    /// An active user of this authority with `role`, by the email typed: the link between a record and an account.
    mutating func user(_ raw: String?, field: String, role: Role, roleName: String, authorityID: UUID, required: Bool, on db: any Database) async throws -> User?? {
        let email = User.normalise(email: raw ?? "")
        if email.isEmpty {
            if required { errors.append(FormError(field: field, message: "Enter the email address of the \(roleName)'s account")) }
            return .some(nil)
        }
        guard let user = try await User.query(on: db).filter(\.$email == email).filter(\.$authority.$id == authorityID)
            .filter(\.$roleRaw == role.rawValue).filter(\.$disabledAt == nil).first() else {
            errors.append(FormError(field: field, message: "There is no active \(roleName) account with the email \(email) in this council"))
            return nil
        }
        return .some(user)
    }
}
