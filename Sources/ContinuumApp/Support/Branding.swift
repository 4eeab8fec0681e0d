import Fluent
import NIOConcurrencyHelpers
import Vapor
import GOVUK
import ContinuumDomain

/// Authority names and colours, cached per process for a minute: they change rarely and appear on
/// every page. The minute bounds how long another app server behind the load balancer shows the old
/// name or named officer after an edit; the server where the edit was made forgets at once.
final class BrandingCache: Sendable {
    struct Brand: Sendable { let name: String; let headerColour: String; let namedOfficer: String }
    let lifetime: TimeInterval
    init(lifetime: TimeInterval = 60) { self.lifetime = lifetime }
    private let cache = NIOLockedValueBox<[UUID: (brand: Brand, fetched: Date)]>([:])
    private let defaultBrand = NIOLockedValueBox<Brand>(Brand(name: "Continuum", headerColour: "#0b3b60", namedOfficer: ""))

    func brand(for authorityID: UUID, on db: any Database) async throws -> Brand {
        let now = Date()
        if let cached = cache.withLockedValue({ $0[authorityID] }), now.timeIntervalSince(cached.fetched) < lifetime { return cached.brand }
        guard let authority = try await Authority.find(authorityID, on: db) else { return defaultBrand.withLockedValue { $0 } }
        let brand = Brand(name: authority.name, headerColour: authority.headerColour, namedOfficer: authority.namedOfficer)
        cache.withLockedValue { $0[authorityID] = (brand, now) }
        return brand
    }

    /// Drops a cached brand after the authority's settings change; other app servers refresh within `lifetime`.
    func forget(_ authorityID: UUID) { _ = cache.withLockedValue { $0.removeValue(forKey: authorityID) } }

    /// For pages shown before sign-in: the first (usually only) authority on this installation.
    func defaultBrand(on db: any Database) async -> Brand {
        if let authority = try? await Authority.query(on: db).sort(\.$createdAt).first(), let id = authority.id {
            return (try? await brand(for: id, on: db)) ?? defaultBrand.withLockedValue { $0 }
        }
        return defaultBrand.withLockedValue { $0 }
    }
}

private struct BrandingCacheKey: StorageKey { typealias Value = BrandingCache }

extension Application {
    var branding: BrandingCache {
        if let existing = storage[BrandingCacheKey.self] { return existing }
        let created = BrandingCache()
        storage[BrandingCacheKey.self] = created
        return created
    }
}

extension Request {
    /// The page chrome for a signed-in person: branding, their navigation, and the sign-out form.
    /// `current`: the menu item to mark as the page's section (nil for none).
    func chrome(for principal: Principal, current: SiteURL?) async throws -> Chrome {
        let brand = try await application.branding.brand(for: principal.authorityID, on: db)
        let items = Navigation.items(for: principal.role).map { NavItem($0.label, href: $0.href.path, isCurrent: $0.href == current) }
        return Chrome(authorityName: brand.name, links: .site, navigation: items,
                      user: SignedInUser(displayName: principal.displayName, roleName: principal.role.displayName, csrfToken: principal.csrfToken),
                      demoBanner: application.showsDemoBanner)
    }

    func anonymousChrome() async -> Chrome {
        Chrome(authorityName: await application.branding.defaultBrand(on: db).name, links: .site, demoBanner: application.showsDemoBanner)
    }
}

enum Navigation {
    static func items(for role: Role) -> [(label: String, href: SiteURL)] {
        var items: [(String, SiteURL)] = [("Home", .home)]
        switch role {
        case .administrator: items += [("Children", .children), ("Import pupils", .childrenImport), ("Referrals", .referrals), ("Early identification", .identifications), ("Medical education", .medicalEducation), ("EHC assessments", .ehc), ("Establishments", .establishments), ("Reports and returns", .reports), ("High Needs Block", .finance), ("Users", .adminUsers), ("Council settings", .adminAuthority), ("Emails", .adminOutbox), ("Audit trail", .adminAudit)]
        case .caseworker: items += [("Children", .children), ("Import pupils", .childrenImport), ("Referrals", .referrals), ("Early identification", .identifications), ("Medical education", .medicalEducation), ("EHC assessments", .ehc), ("Establishments", .establishments), ("Reports and returns", .reports)]
        case .metCoordinator: items += [("Children", .children), ("Referrals", .referrals), ("Early identification", .identifications), ("Medical education", .medicalEducation), ("Teaching", .teaching), ("Establishments", .establishments)]
        case .metTeacher: items += [("Teaching this week", .teaching), ("Children", .children), ("Referrals", .referrals)]
        case .schoolUser: items += [("Children", .children), ("Referrals", .referrals), ("Upload attendance", .attendanceUpload), ("Top-up", .schoolTopUp), ("Establishments", .establishments)]
        case .healthProfessional: items += [("Children", .children), ("Referrals", .referrals)]
        case .parentCarer: items += [("Children", .children), ("Referrals", .referrals)]
        case .finance: items += [("High Needs Block", .finance), ("Section 19 census", .medicalEducationPart(.census)), ("EHC performance", .ehcPerformance), ("Establishments", .establishments)]
        case .electedMember: items += [("Safety Valve briefing", .financeSafetyValveBriefing), ("Section 19 census", .medicalEducationPart(.census)), ("EHC performance", .ehcPerformance), ("Establishments", .establishments)]
        case .provider: break
        case .post16Adviser: break
        }
        // Issue 16: surveys and feedback, for the staff who run them and those who read aggregates.
        if SurveysController.readers.contains(role) { items.append(("Surveys", .surveys)) }
        // Issue 16 part 2: the training programme, for the staff who run it, the schools who book and those who read it.
        if TrainingController.readers.contains(role) { items.append(("Training", .training)) }
        // Issue 16 part 3: outreach commissioning, for staff, schools, providers and those who read aggregates.
        if OutreachAccess.everyone.contains(role) { items.append(("Outreach", .outreach)) }
        // Issue 17: post-16 tracking and the NCCIS return, for the advisers and the council's SEND staff.
        if Post16Access.trackers.contains(role) { items.append(("Post-16 tracking", .post16)) }
        items.append(("Your account", .account))
        return items
    }
}

extension ChromeLinks {
    /// The layout's own links, from the route enum.
    static let site = ChromeLinks(home: SiteURL.home.path, signOut: SiteURL.signOut.path, appCSS: SiteURL.stylesheet(.app).path,
                                  brandCSS: SiteURL.stylesheet(.brand).path, printCSS: SiteURL.stylesheet(.print).path)
}
