import ConsentDomain
import HTTPLite

/// What every route shares. A value: built once at start and captured by the handlers.
///
struct ServiceContext: Sendable {
    let configuration: ServiceConfiguration
    /// The catalogue being served (from `--catalogue` or the built-in one).
    let catalogue: Catalogue
    /// The source of "now" for stamping and ageing records.
    let clock: any WallClock
    let metrics: MetricsRegistry
    /// The application logger (the access log is separate).
    let logger: Logger
    /// Media-type, size and depth rules for JSON bodies (size from `--max-body-bytes`).
    let jsonBody: JSONRequestBody
    /// Checks bearer tokens (from `--audit-token…`); auditor routes are wrapped with it by `RouteTable`,
    /// and routes that need it only sometimes (`?at=` on the consent state) call `authorize(_:)`.
    let auditorAuth: AuditorAuth
    /// What `/readyz` requires.
    let readinessChecks: [ReadinessCheck]
    /// The consent log: appends (durable before acknowledged) and the in-memory index.
    let log: ConsentLog
    /// TTLs for acceptances and refusals (`--consent-ttl`, `--refusal-ttl`).
    let policy: ConsentPolicy
    /// Decisions against the served catalogue, built once.
    let decisionEngine: DecisionEngine
    /// `decisionEngine`'s id arrays and Consent Mode objects, JSON-encoded once per choice combination.
    let choiceFragments: ChoiceFragments
    /// `Idempotency-Key` replays for `POST /v1/consents`.
    let idempotency: IdempotencyStore
    /// Every catalogue version served, for auditors' point-in-time answers.
    let archive: CatalogueArchive
    /// Older archived catalogues, loaded once and kept with their decision engines.
    let archivedCatalogues: ArchivedCatalogues

    /// CORS for public routes (`--cors-origins`); `RouteTable` wraps them with it, and routes
    /// that answer with prebuilt responses finish those with `cors.prepared(_:)`.
    var cors: CORSMiddleware { CORSMiddleware(origins: configuration.corsOrigins) }

    init(configuration: ServiceConfiguration, catalogue: Catalogue, log: ConsentLog, clock: any WallClock = SystemClock(),
         metrics: MetricsRegistry, logger: Logger, readinessChecks: [ReadinessCheck] = []) {
        self.configuration = configuration
        self.catalogue = catalogue
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.jsonBody = JSONRequestBody(maxBytes: configuration.maxBodyBytes)
        self.auditorAuth = AuditorAuth(tokens: configuration.auditTokens)
        self.readinessChecks = readinessChecks
        self.log = log
        self.policy = ConsentPolicy(acceptanceTTL: configuration.consentTTL, refusalTTL: configuration.refusalTTL)
        self.decisionEngine = DecisionEngine(catalogue: catalogue)
        self.choiceFragments = ChoiceFragments(engine: decisionEngine)
        self.idempotency = IdempotencyStore(clock: clock)
        self.archive = CatalogueArchive(dataDirectory: configuration.dataDirectory)
        self.archivedCatalogues = ArchivedCatalogues(archive: archive)
    }
}
