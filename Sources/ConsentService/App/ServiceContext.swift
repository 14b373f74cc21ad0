import ConsentDomain
import HTTPLite

/// What every route shares. A value: built once at start and captured by the handlers.
///
/// Wiring (lead): the consent log and the idempotency store are added here as stored
/// properties (`let log: ConsentLog`, `let idempotency: IdempotencyStore`) once their
/// types are on `main`; routes read them from the context like the catalogue.
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

    init(configuration: ServiceConfiguration, catalogue: Catalogue, clock: any WallClock = SystemClock(),
         metrics: MetricsRegistry, logger: Logger, readinessChecks: [ReadinessCheck] = []) {
        self.configuration = configuration
        self.catalogue = catalogue
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.jsonBody = JSONRequestBody(maxBytes: configuration.maxBodyBytes)
        self.auditorAuth = AuditorAuth(tokens: configuration.auditTokens)
        self.readinessChecks = readinessChecks
    }
}
