import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Who does what in outreach commissioning (issue 16 part 3), and the scoped loads every handler goes through: a
/// record of another council, or a provider's rival's bid, is 404.
enum OutreachAccess {
    /// The officers who commission: they manage providers and rounds, sit on panels, moderate and award.
    static let officers: Set<Role> = [.administrator, .caseworker]
    /// Who reads the spend and outcome reports: officers and finance.
    static let reportReaders: Set<Role> = officers.union([.finance])
    /// Who asks for outreach for a school or a named pupil (with consent).
    static let requesters: Set<Role> = officers.union([.schoolUser])
    /// Rounds and their published outcomes: officers and providers (who bid).
    static let roundReaders: Set<Role> = officers.union([.provider])
    /// A contract's page: officers, and the provider that holds it (logs visits).
    static let contractReaders: Set<Role> = officers.union([.provider])
    /// Everyone with an outreach page.
    static let everyone: Set<Role> = officers.union([.provider, .schoolUser, .finance])

    /// The provider an account bids for, or nil for staff.
    static func provider(for principal: Principal, db: any Database) async throws -> OutreachProvider? {
        guard principal.role == .provider,
              let link = try await OutreachProviderUser.query(on: db).filter(\.$userID == principal.userID).first(),
              let provider = try await OutreachProvider.query(on: db).filter(\.$id == link.$provider.id)
                .filter(\.$authority.$id == principal.authorityID).first() else { return nil }
        return provider
    }

    static func round(_ req: Request, _ principal: Principal) async throws -> OutreachRound {
        guard let id = req.parameters.get("roundID").flatMap(UUID.init(uuidString:)),
              let round = try await OutreachRound.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first()
        else { throw Abort(.notFound) }
        // A provider sees a round once it has opened (a draft is the council's own working).
        if principal.role == .provider && round.status == .draft { throw Abort(.notFound) }
        return round
    }

    /// A bid, its round and lot: officers see every bid of their council's rounds; a provider only its own.
    static func bid(_ req: Request, _ principal: Principal) async throws -> (OutreachBid, OutreachRound, OutreachLot) {
        guard let id = req.parameters.get("bidID").flatMap(UUID.init(uuidString:)),
              let bid = try await OutreachBid.find(id, on: req.db),
              let round = try await OutreachRound.query(on: req.db).filter(\.$id == bid.$round.id).filter(\.$authority.$id == principal.authorityID).first(),
              let lot = try await OutreachLot.find(bid.$lot.id, on: req.db) else { throw Abort(.notFound) }
        if principal.role == .provider {
            guard let mine = try await provider(for: principal, db: req.db), mine.id == bid.$provider.id else { throw Abort(.notFound) }
        }
        return (bid, round, lot)
    }

    static func contract(_ req: Request, _ principal: Principal) async throws -> OutreachContract {
        guard let id = req.parameters.get("contractID").flatMap(UUID.init(uuidString:)),
              let contract = try await OutreachContract.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first()
        else { throw Abort(.notFound) }
        if principal.role == .provider {
            guard let mine = try await provider(for: principal, db: req.db), mine.id == contract.$provider.id else { throw Abort(.notFound) }
        }
        return contract
    }
}

extension FieldProblem {
    var formError: FormError { FormError(field: field, message: message) }
}
