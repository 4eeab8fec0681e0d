import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Wires the application: database, migrations, middleware and routes. Used by the server, the
/// CLI and every test, so all three run the same configuration.
public func configure(_ app: Application, config: AppConfiguration) async throws {
    app.storage[ConfigurationKey.self] = config
    // Dates arrive as the GOV.UK date input's three boxes; one decoder joins them for every form (issue 14 item 3).
    ContentConfiguration.installDateBoxes()
    // TOTP secrets are sealed with a key kept outside the database (issue 13 item 11).
    app.totpSecretBox = try TOTPSecretBox.load(config)
    // The public EHC request's private links come from a key kept outside the database too (issue 13 item 8).
    app.ehcRequestLinks = try EHCRequestLinks.load(config)
    // The audit chain's key (AUDIT_KEY or the data folder's audit.key) and head file, before anything is audited.
    try AuditChain.install(config)
    switch config.database {
    case .sqliteFile(let path):
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
    case .sqliteMemory(let identifier):
        app.databases.use(.sqlite(SQLiteConfiguration(storage: .memory(identifier: identifier))), as: .sqlite)
    case .postgres(let url):
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
    }
    try await DatabaseTuning.apply(app)

    for migration in Migrations.all { app.migrations.add(migration) }
    app.passwords.use(.bcrypt(cost: config.bcryptCost))

    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port

    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware(hsts: config.secureCookies))
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(SessionAuthenticator(idleTimeout: TimeInterval(config.sessionIdleMinutes * 60),
                                            absoluteTimeout: TimeInterval(config.sessionAbsoluteHours * 3600),
                                            enforceTwoFactor: config.enforceTwoFactor))
    // CSRF is checked inside each route, once its body is collected (CSRFCheck, Access/RoutePolicy.swift).
    app.routes.defaultMaxBodySize = "1mb"

    // Verified against for unknown emails so they cost the same as real ones; made on first use.
    let dummyHash = DummyPasswordHash(cost: config.bcryptCost)
    app.storage[DummyPasswordHashKey.self] = dummyHash
    try routes(app, config: config, dummyHash: dummyHash)
}

func routes(_ app: Application, config: AppConfiguration, dummyHash: DummyPasswordHash) throws {
    SystemController().register(app)
    SignInController(config: config, dummyHash: dummyHash).register(app)
    AccountSetupController(config: config).register(app)
    AccountController().register(app)
    PasswordController().register(app)
    HomeController().register(app)
    ChildrenController().register(app)
    ChildImportController().register(app)
    ChildEditController().register(app)
    EstablishmentsController().register(app)
    UsersController(config: config).register(app)
    AuditController().register(app)
    ReferralController().register(app)
    CensusController().register(app)
    DashboardController().register(app)
    TeachingController().register(app)
    CaseController().register(app)
    StaffController().register(app)
    EvidenceController(dataDirectory: config.dataDirectory).register(app)
    IdentificationController().register(app)
    SicknessNotificationController().register(app)
    SafeguardingController().register(app)
    EHCController().register(app)
    EHCBacklogController().register(app)
    AgencyController().register(app)
    PanelController().register(app)
    LongPlacementsController().register(app)
    AuthoritySettingsController().register(app)
    ThresholdsController().register(app)
    TermDatesController().register(app)
    TeachingBasesController().register(app)
    MetStaffController().register(app)
    CaseworkersController().register(app)
    AttendanceUploadController().register(app)
    HeldAttendanceController().register(app)
    EHCPublicController().register(app)
    PlanningController().register(app)
    FinanceController().register(app)
    PaymentRunsController().register(app)
    SafetyValveController().register(app)
    DSGPlanController().register(app)
    SufficiencyController().register(app)
    TopUpAwardsController().register(app)
    METBudgetController().register(app)
    AllocationRunsController().register(app)
    SchoolTopUpController().register(app)
    SurveysController().register(app)
    OutreachController().register(app)
    SurveyAnswerController().register(app)
    TrainingController().register(app)
    TrainingBookingsController().register(app)
    TrainingReportsController().register(app)
    Post16Controller().register(app)
    FeedbackController().register(app)
    OutboxController().register(app)
    ReportsController().register(app)
    ImportsController().register(app)
    SubjectAccessController().register(app)
    HoursEvidenceController().register(app)
    EpisodeChangeController().register(app)
    ClosureOutcomesController().register(app)
    VirtualAccessController().register(app)
}

enum Migrations {
    /// Numbered, additive, each with a working revert.
    static let all: [any Migration] = [
        CreateAuthority(), CreateTermDate(), CreateEstablishment(), CreateChild(), CreatePerson(), CreateUser(),
        CreateUserSession(), CreateAuditEvent(), CreateIndexes(), CreateMedicalEducation(), CreateTimetable(), CreateCaseReview(), CreateStaff(), CreateEvidence(),
        CreateAttendance(), CreateIdentifications(), CreateSafeguarding(), CreateEHC(), CreateAgencyRecords(), CreateEHCMessages(), CreateEHCPublicRequests(),
        AddEHCConsultationsAndReassessment(), CreateAttendanceRegisters(),
        AddAccountSetup(),
        AddCouncilSettings(),
        AddOutboxDelivery(),
        CreateSubjectAccessRequests(),
        AddSection19Evidence(),
        AddTwoFactorHardening(),
        CreateHeldAttendance(),
        ProtectAuditTable(), AddAuditMACScheme(),
        CreatePublicRequestLimits(),
        CreateSQLiteWriteLock(),
        AddEHCMissedAppointmentAndExceptionEvidence(),
        AddChildNCYearOffset(),
        AddReferralEducationNeededOn(),
        AddSEN2EthnicityAndRequestSource(),
        CreateFinance(),
        CreatePaymentRuns(),
        CreateSafetyValve(),
        CreateDSGPlan(),
        CreateServiceBudget(),
        CreateTopUpAwards(),
        AddSafetyValveConditionsAndRisks(),
        CreateAllocationRuns(),
        Migration049TrainingProgramme(),
        CreateSurveys(),
        AddTrainingUptakeIndex(),
        CreateOutreach(),
        AddSurveyAnswerStageMonth(),
        CreatePost16(),
        AddOutcomePfAArea(),
    ]
}

struct ConfigurationKey: StorageKey { typealias Value = AppConfiguration }

extension Application {
    var continuumConfiguration: AppConfiguration { storage[ConfigurationKey.self]! }
}

/// ARCHITECTURE.md pitfall: SQLite's default busy handler waits forever. Each pooled connection
/// (one per event loop) gets a busy timeout, WAL and full fsync, so an acknowledged write survives a crash.
enum DatabaseTuning {
    static func apply(_ app: Application) async throws {
        if app.continuumConfiguration.database.isPostgres { return }
        for loop in app.eventLoopGroup.makeIterator() {
            guard let sql = app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase else { continue }
            try await sql.raw("PRAGMA busy_timeout = 5000").run()
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA synchronous = FULL").run()
            // Checkpoint every 32 MB of WAL rather than SQLite's 4 MB: each checkpoint ends in an fsync of
            // the database file (a quarter of a second on this machine), and an attendance backfill
            // commits 400 files; readers are unaffected, and the WAL stays a bounded size.
            try await sql.raw("PRAGMA wal_autocheckpoint = 8192").run()
        }
    }
}

extension AppConfiguration.Database {
    var isPostgres: Bool { if case .postgres = self { return true } else { return false } }
}
