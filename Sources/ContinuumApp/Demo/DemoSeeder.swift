import Fluent
import Vapor
import ContinuumDomain

/// Builds the demo authority: a fictional county shaped like Worcestershire (LA 885) with schools
/// at real postcode centroids, children with SEN status and needs in plausible proportions, and a
/// user for every role. Deterministic for a given seed.
struct DemoSeeder {
    static let password = "continuum-demo-2026"
    static let laCode = "885"
    static let authorityName = "Severn Vale County Council"

    struct Size: Sendable {
        let schools: Int
        let children: Int
        /// The Section 19 history since 2016 that reproduces the council paper's census figures.
        var history = false
        /// The EHC caseload as a share of Worcestershire's (1 = about 7,000 plans); tests use a sliver.
        var ehcScale = 0.02
        static let full = Size(schools: 250, children: 3_000, history: true, ehcScale: 1)
        static let small = Size(schools: 24, children: 160)
    }

    struct DemoUser: Sendable { let email: String; let role: Role; let name: String }
    static let users: [DemoUser] = [
        DemoUser(email: "admin@demo.continuum.test", role: .administrator, name: "Alex Administrator"),
        DemoUser(email: "caseworker@demo.continuum.test", role: .caseworker, name: "Casey Caseworker"),
        DemoUser(email: "coordinator@demo.continuum.test", role: .metCoordinator, name: "Morgan Coordinator"),
        DemoUser(email: "teacher@demo.continuum.test", role: .metTeacher, name: "Taylor Teacher"),
        DemoUser(email: "senco@demo.continuum.test", role: .schoolUser, name: "Sam SENCO"),
        DemoUser(email: "health@demo.continuum.test", role: .healthProfessional, name: "Dr Hana Health"),
        DemoUser(email: "parent@demo.continuum.test", role: .parentCarer, name: "Pat Parent"),
        DemoUser(email: "finance@demo.continuum.test", role: .finance, name: "Frankie Finance"),
        DemoUser(email: "member@demo.continuum.test", role: .electedMember, name: "Cllr Morgan Member"),
        DemoUser(email: "provider@demo.continuum.test", role: .provider, name: "Pip Provider"),
        DemoUser(email: "adviser@demo.continuum.test", role: .post16Adviser, name: "Ash Adviser"),
    ]

    let size: Size
    let passwordHash: String
    var seed: UInt64 = 885

    /// True when the database already holds an authority: seeding never touches a live installation.
    static func isEmpty(_ db: any Database) async throws -> Bool { try await Authority.query(on: db).count() == 0 }

    /// True while any demo account exists: the demo password is published, so such an installation
    /// must not be reachable from other machines unless the operator says so (issue 12).
    static func hasDemoAccounts(_ db: any Database) async throws -> Bool { try await User.query(on: db).filter(\.$demo == true).count() > 0 }

    @discardableResult
    func run(on db: any Database) async throws -> UUID {
        var rng = SeededRandom(seed: seed)
        let directory = try BundledPostcodes.directory.get()
        let worcsOutwards: Set<String> = ["DY10", "DY11", "DY12", "DY13", "DY14", "B60", "B61", "B96", "B97", "B98"]
        let postcodes = directory.all(outwardPrefixIn: nil).filter { $0.postcode.area == "WR" || worcsOutwards.contains($0.postcode.outward) }
            .sorted { $0.postcode.value < $1.postcode.value }
        guard postcodes.count > 100 else { throw Abort(.internalServerError, reason: "postcode data missing") }

        let authority = Authority(name: Self.authorityName, laCode: Self.laCode, headerColour: "#0b3b60",
                                  namedOfficer: "Named officer for children with health needs: Jo Bright, 01905 000000, medicaleducation@severnvale.example")
        authority.demo = true
        authority.safeguardingMailbox = "safeguarding@severnvale.example"
        try await authority.create(on: db)
        let authorityID = try authority.requireID()
        try await seedTerms(authorityID: authorityID, on: db)

        let schools = makeSchools(count: size.schools, postcodes: postcodes, rng: &rng)
        for chunk in schools.chunked(into: 200) { try await chunk.create(on: db) }

        let today = CalendarDate.today()
        let children = makeChildren(count: size.children, authorityID: authorityID, schools: schools, postcodes: postcodes, today: today, rng: &rng)
        for chunk in children.chunked(into: 400) { try await chunk.create(on: db) }

        let sencoSchool = try await seedUsersAndPeople(authorityID: authorityID, schools: schools, children: children, rng: &rng, on: db)
        let baseIDs = try await DemoReferrals.seedBases(authorityID: authorityID, on: db)
        try await DemoReferrals.seedLinked(authorityID: authorityID, children: children, schoolChild: children.first { $0.$homeSchool.id == sencoSchool && $0 !== children.first },
                                           baseIDs: baseIDs, teacherID: try await User.query(on: db).filter(\.$email == Self.users[3].email).first()?.id,
                                           calendar: SchoolCalendar.demo(), on: db)
        try await DemoStaff.seed(authorityID: authorityID, teacherUserID: try await User.query(on: db).filter(\.$email == Self.users[3].email).first()?.id, on: db)
        if size.history {
            try await DemoHistory.seed(authorityID: authorityID, schools: schools, baseIDs: baseIDs, calendar: SchoolCalendar.demo(), on: db)
        }
        try await DemoIdentifications.seed(authorityID: authorityID, children: children, sencoSchool: sencoSchool, calendar: SchoolCalendar.demo(), on: db)
        let sencoChild = children.dropFirst(20).first { $0.$homeSchool.id == sencoSchool }
        try await DemoEHC.seed(DemoEHC.Context(authorityID: authorityID, schools: schools, postcodes: postcodes.map(\.postcode.value), existing: children,
                                               parentChild: children.first, sencoChild: sencoChild,
                                               caseworkerUserID: try await User.query(on: db).filter(\.$email == Self.users[1].email).first()?.id,
                                               healthUserID: try await User.query(on: db).filter(\.$email == Self.users[5].email).first()?.id,
                                               passwordHash: passwordHash, scale: size.ehcScale, today: today), rng: &rng, on: db)
        if size.history { try await DemoFinance.seed(authorityID: authorityID, today: today, on: db) }
        try await DemoSurveys.seed(authorityID: authorityID, today: today, full: size.history, on: db)
        try await DemoOutreach.seed(authorityID: authorityID, schools: schools, today: today, on: db)
        try await DemoTraining.seed(authorityID: authorityID, schools: schools, sencoSchool: sencoSchool, passwordHash: passwordHash, today: today, on: db)
        // Issue 17: the tracking cohort, then the young people Continuum's own children add to it (plan holders, Year 11).
        try await DemoPost16.seed(authorityID: authorityID, full: size.history, today: today, on: db)
        _ = try await Post16CohortSync.refresh(authorityID: authorityID, today: today,
                                               actor: AuditActor(userID: nil, name: "continuum seed", role: "system", socketAddress: "local"), on: db)
        try await DemoPost16.activitiesForChildren(authorityID: authorityID, today: today, on: db)
        try await AuditLog.record(AuditEntry(action: "demo.seeded", entityType: "authority", entityID: authorityID.uuidString,
                                             detail: "\(schools.count) establishments, \(children.count) children"),
                                  by: AuditActor(userID: nil, name: "continuum seed", role: "system", socketAddress: "local"), on: db)
        return authorityID
    }

    private func seedTerms(authorityID: UUID, on db: any Database) async throws {
        let calendar = SchoolCalendar.demo()
        var rows: [TermDate] = calendar.terms.map { TermDate(authorityID: authorityID, kind: .term, name: $0.name, startsOn: $0.start, endsOn: $0.end) }
        rows += calendar.terms.compactMap { term in
            guard let start = term.halfTermStart, let end = term.halfTermEnd else { return nil }
            return TermDate(authorityID: authorityID, kind: .halfTerm, name: term.name + " half term", startsOn: start, endsOn: end)
        }
        rows += calendar.insetDays.sorted().map { TermDate(authorityID: authorityID, kind: .inset, name: "INSET day", startsOn: $0, endsOn: $0) }
        for chunk in rows.chunked(into: 300) { try await chunk.create(on: db) }
    }

    private struct SchoolKind { let type: String; let phase: String; let low: Int; let high: Int; let numberBase: Int; let weight: Double }

    private func makeSchools(count: Int, postcodes: [(postcode: Postcode, location: GridPoint)], rng: inout SeededRandom) -> [Establishment] {
        // Proportions loosely follow a two- and three-tier shire county's GIAS listing.
        let kinds: [SchoolKind] = [
            SchoolKind(type: "Community school", phase: "Primary", low: 4, high: 11, numberBase: 2000, weight: 0.30),
            SchoolKind(type: "Voluntary controlled school", phase: "Primary", low: 4, high: 11, numberBase: 3000, weight: 0.12),
            SchoolKind(type: "Voluntary aided school", phase: "Primary", low: 4, high: 11, numberBase: 3300, weight: 0.06),
            SchoolKind(type: "Academy converter", phase: "Primary", low: 4, high: 11, numberBase: 2500, weight: 0.15),
            SchoolKind(type: "Community school", phase: "First", low: 4, high: 9, numberBase: 2700, weight: 0.08),
            SchoolKind(type: "Academy converter", phase: "Middle deemed secondary", low: 9, high: 13, numberBase: 4500, weight: 0.04),
            SchoolKind(type: "Academy converter", phase: "Secondary", low: 11, high: 18, numberBase: 4000, weight: 0.08),
            SchoolKind(type: "Academy sponsor led", phase: "Secondary", low: 11, high: 16, numberBase: 4200, weight: 0.04),
            SchoolKind(type: "Foundation school", phase: "Secondary", low: 13, high: 18, numberBase: 5400, weight: 0.02),
            SchoolKind(type: "Community special school", phase: "Not applicable", low: 2, high: 19, numberBase: 7000, weight: 0.04),
            SchoolKind(type: "Academy special converter", phase: "Not applicable", low: 4, high: 19, numberBase: 7100, weight: 0.02),
            SchoolKind(type: "Pupil referral unit", phase: "Not applicable", low: 5, high: 16, numberBase: 1100, weight: 0.01),
            SchoolKind(type: "Local authority nursery school", phase: "Nursery", low: 2, high: 5, numberBase: 1000, weight: 0.01),
            SchoolKind(type: "Further education", phase: "16 plus", low: 16, high: 99, numberBase: 8000, weight: 0.03),
        ]
        var usedNames = Set<String>()
        var numbers: [Int: Int] = [:]
        var schools: [Establishment] = []
        for index in 0..<count {
            let kind = rng.weighted(kinds.map { ($0, $0.weight) })
            var place = ""
            repeat { place = rng.pick(DemoNames.placeStarts) + rng.pick(DemoNames.placeEnds) } while usedNames.contains(place) && usedNames.count < 400
            usedNames.insert(place)
            let name: String
            switch (kind.type, kind.phase) {
            case ("Voluntary aided school", _), ("Voluntary controlled school", _):
                name = "St \(rng.pick(DemoNames.saints))'s CofE Primary School, \(place)"
            case (_, "First"): name = "\(place) First School"
            case (_, "Middle deemed secondary"): name = "\(place) Middle School"
            case ("Academy sponsor led", _): name = "\(place) Academy"
            case (_, "Secondary"): name = "\(place) High School"
            case ("Pupil referral unit", _): name = "\(place) Centre (Pupil Referral Unit)"
            case ("Local authority nursery school", _): name = "\(place) Nursery School"
            case ("Further education", _): name = "\(place) College"
            case (_, "Not applicable"): name = "\(place) School"
            default: name = "\(place) Primary School"
            }
            let offset = numbers[kind.numberBase, default: 0]
            numbers[kind.numberBase] = offset + 1
            let site = rng.pick(postcodes)
            schools.append(Establishment(id: UUID(), urn: 116_000 + index * 7 + 3, laCode: Self.laCode,
                                         establishmentNumber: String(format: "%04d", kind.numberBase + offset), name: name, typeName: kind.type,
                                         phase: kind.phase, statutoryLowAge: kind.low, statutoryHighAge: kind.high,
                                         postcode: site.postcode.value, easting: site.location.easting, northing: site.location.northing))
        }
        return schools
    }

    private func makeChildren(count: Int, authorityID: UUID, schools: [Establishment], postcodes: [(postcode: Postcode, location: GridPoint)],
                              today: CalendarDate, rng: inout SeededRandom) -> [Child] {
        let academicYear = today.academicYearStart
        var serials: [String: Int] = [:]
        var children: [Child] = []
        let byOutward = Dictionary(grouping: postcodes, by: { $0.postcode.outward })
        for _ in 0..<count {
            let yearGroup = Int.random(in: 0...13, using: &rng)
            // AGE-3: born in the academic year (Sept–Aug) that puts them in this year group.
            let birthAcademicYear = academicYear - yearGroup - 5
            let start = CalendarDate(year: birthAcademicYear, month: 9, day: 1)
            let dob = start.adding(days: Int.random(in: 0..<365, using: &rng))
            let age = yearGroup + 4
            let special = rng.chance(0.09)
            let fitting = schools.filter { school in
                let isSpecial = school.phase == "Not applicable"
                guard isSpecial == special, let low = school.statutoryLowAge, let high = school.statutoryHighAge else { return false }
                return (low...high).contains(age + 1)
            }
            let school = fitting.isEmpty ? nil : rng.pick(fitting)
            let sex = rng.chance(0.66) ? "M" : "F" // boys are about two-thirds of children with EHC plans
            let forename = rng.pick(sex == "M" ? DemoNames.boys : DemoNames.girls)
            let surname = rng.pick(DemoNames.surnames)
            let provision: SENProvision = special ? .ehcPlan : rng.weighted([(.ehcPlan, 0.33), (.senSupport, 0.52), (.none, 0.15)])
            let (primary, secondary) = Self.needs(for: provision, rng: &rng)
            var upn: String?
            if let school {
                let yearAllocated = (birthAcademicYear + 5) % 100
                let key = "\(school.establishmentNumber)-\(yearAllocated)"
                let serial = serials[key, default: 0] + 1
                serials[key] = serial
                if serial < 1000 { upn = UPN.make(laCode: Self.laCode, establishment: school.establishmentNumber, year2: yearAllocated, serial: serial).value }
            }
            let near = school.flatMap { s in s.postcode.flatMap { Postcode.normalise($0) }.flatMap { byOutward[$0.outward] } }
            let home = (near != nil && rng.chance(0.75)) ? rng.pick(near!) : rng.pick(postcodes)
            children.append(Child(id: UUID(), authorityID: authorityID, legalForename: forename, legalSurname: surname,
                                  preferredName: rng.chance(0.05) ? String(forename.prefix(3)) : nil, dateOfBirth: dob, upn: upn, sex: sex,
                                  homePostcode: home.postcode.value, confidentialAddress: rng.chance(0.01), homeSchoolID: school?.id,
                                  senProvision: provision, primaryNeed: primary, secondaryNeed: secondary))
        }
        return children
    }

    /// Need proportions shaped like the DfE "Special educational needs in England" tables.
    static func needs(for provision: SENProvision, rng: inout SeededRandom) -> (SENNeed?, SENNeed?) {
        let weights: [(SENNeed, Double)]
        switch provision {
        case .none: return (nil, nil)
        case .ehcPlan:
            weights = [(.asd, 32), (.semh, 17), (.slcn, 15), (.sld, 8), (.mld, 8), (.pd, 4), (.pmld, 2), (.spld, 4), (.hi, 2), (.vi, 1), (.msi, 0.5), (.oth, 6.5)]
        case .senSupport:
            weights = [(.slcn, 25), (.semh, 20), (.mld, 18), (.spld, 12), (.asd, 13), (.nsa, 3), (.oth, 5), (.pd, 2), (.hi, 1), (.vi, 1)]
        }
        let primary = rng.weighted(weights)
        guard primary != .nsa, rng.chance(0.3) else { return (primary, nil) }
        let secondary = rng.weighted(weights.filter { $0.0 != primary && $0.0 != .nsa })
        return (primary, secondary)
    }

    /// Returns the SENCO's school.
    private func seedUsersAndPeople(authorityID: UUID, schools: [Establishment], children: [Child], rng: inout SeededRandom, on db: any Database) async throws -> UUID? {
        // The SENCO's school is the one with the most demo pupils, so the school view has something in it.
        let counts = Dictionary(grouping: children.compactMap { $0.$homeSchool.id }, by: { $0 }).mapValues(\.count)
        let sencoSchool = counts.max { $0.value < $1.value }?.key
        var userIDs: [Role: UUID] = [:]
        var users: [User] = []
        for demo in Self.users {
            let user = User(id: UUID(), authorityID: authorityID, email: demo.email, displayName: demo.name, role: demo.role,
                            schoolID: demo.role == .schoolUser ? sencoSchool : nil, passwordHash: passwordHash, twoFactorExempt: true)
            user.demo = true
            users.append(user)
            userIDs[demo.role] = user.id
        }
        try await users.create(on: db)

        var people: [Person] = []
        var links: [ChildRelationship] = []
        for (index, child) in children.enumerated() {
            let carer = Person(id: UUID(), authorityID: authorityID, name: "\(rng.pick(DemoNames.girls + DemoNames.boys)) \(child.legalSurname)", kind: .parentCarer,
                               userID: index == 0 ? userIDs[.parentCarer] : nil)
            people.append(carer)
            links.append(ChildRelationship(childID: child.id!, personID: carer.id!, kind: .parentCarer, description: rng.chance(0.7) ? "Mother" : "Father",
                                           parentalResponsibility: true, consentToShare: true))
        }
        let teacher = Person(id: UUID(), authorityID: authorityID, name: "Taylor Teacher", kind: .professional, organisation: "Medical Education Team", userID: userIDs[.metTeacher])
        let health = Person(id: UUID(), authorityID: authorityID, name: "Dr Hana Health", kind: .professional, organisation: "CAMHS", userID: userIDs[.healthProfessional])
        people += [teacher, health]
        for child in children.dropFirst(1).prefix(8) {
            links.append(ChildRelationship(childID: child.id!, personID: teacher.id!, kind: .metTeacher, description: "Medical Education Team teacher", consentToShare: true))
        }
        for (offset, child) in children.dropFirst(9).prefix(6).enumerated() {
            // One referral without consent to share: the health professional must not see that child.
            links.append(ChildRelationship(childID: child.id!, personID: health.id!, kind: .healthProfessional, description: "CAMHS clinician", consentToShare: offset != 5))
        }
        for chunk in people.chunked(into: 500) { try await chunk.create(on: db) }
        for chunk in links.chunked(into: 500) { try await chunk.create(on: db) }
        return sencoSchool
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
