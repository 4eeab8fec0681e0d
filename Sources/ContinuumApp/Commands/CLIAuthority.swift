import Fluent
import Vapor

/// Which authority a command acts on: `--la-code` when given; otherwise the only one. With several
/// councils in one database a command never guesses (issue 12: every command works on any authority).
enum CLIAuthority {
    static func find(laCode: String?, on db: any Database) async throws -> Authority {
        if let laCode {
            guard let authority = try await Authority.query(on: db).filter(\.$laCode == laCode).first() else {
                throw CLIResult.usage("no authority with LA code \(laCode) in this database")
            }
            return authority
        }
        let authorities = try await Authority.query(on: db).limit(2).all()
        switch authorities.count {
        case 0: throw CLIResult.failure("no authority yet: run `continuum authority create` (or `continuum seed --demo`)")
        case 1: return authorities[0]
        default: throw CLIResult.usage("this database holds several authorities: give --la-code")
        }
    }
}
