import ConsentDomain
import Glibc
import HTTPLite

/// Wiring of the service: logger, metrics, context, handler, and the run loop with graceful
/// shutdown. Loading the catalogue, opening the log and constructing `HTTPServer` happen in
/// `ConsentServiceMain` and plug in through `makeContext` and `run(server:)`.
struct ServiceApp: Sendable {
    let configuration: ServiceConfiguration
    let logger: Logger
    let metrics: MetricsRegistry
    let shutdownState = ShutdownState()
    private let logSink: Logger.Sink
    /// Batches access-log lines straight to stderr (production); `nil` writes each line to `logSink` at once (tests).
    private let accessLogBuffer: BufferedLineSink?

    /// - Parameter bufferAccessLog: batch access-log lines (at most 200 ms late) onto stderr with one write per
    ///   batch, instead of one `logSink` call per request.
    init(configuration: ServiceConfiguration, logSink: @escaping Logger.Sink = Logger.standardError,
         bufferAccessLog: Bool = false) {
        self.configuration = configuration
        self.logSink = logSink
        self.accessLogBuffer = bufferAccessLog && configuration.accessLog ? BufferedLineSink(target: .fileDescriptor(2)) : nil
        self.logger = Logger(label: "consent-service", level: configuration.logLevel, sink: logSink)
        self.metrics = MetricsRegistry(version: ServiceVersion.current)
    }

    /// The context routes share; the shutdown check is appended to `readinessChecks`.
    func makeContext(catalogue: Catalogue, log: ConsentLog, clock: any WallClock = SystemClock(),
                     readinessChecks: [ReadinessCheck] = []) -> ServiceContext {
        ServiceContext(configuration: configuration, catalogue: catalogue, log: log, clock: clock, metrics: metrics,
                       logger: logger, readinessChecks: readinessChecks + [shutdownState.readinessCheck])
    }

    /// The top-level handler for `HTTPServer`.
    func makeHandler(context: ServiceContext, groups: [RouteTable.Group] = RouteTable.standardGroups) -> AppHandler {
        AppHandler(table: RouteTable(context: context, groups: groups), metrics: metrics,
                   accessLog: accessLogBuffer.map(AccessLogMiddleware.init(buffer:))
                       ?? AccessLogMiddleware(sink: configuration.accessLog ? logSink : nil))
    }

    /// Logs the effective configuration (never the tokens themselves).
    func logStartup() {
        logger.info("starting", metadata: [
            "service.version": ServiceVersion.current,
            "server.host": configuration.host,
            "server.port": String(configuration.port),
            "server.threads": String(configuration.threads),
            "data.dir": configuration.dataDirectory,
            "catalogue.source": configuration.catalogueFile ?? "built-in",
            "log.fsync": configuration.fsync.rawValue,
            "log.segment_bytes": String(configuration.segmentSize),
            "auditor.tokens": String(configuration.auditTokens.count),
            "cors.origins": configuration.corsOrigins.joined(separator: " "),
        ])
    }

    /// Serves until SIGTERM or SIGINT, then drains: `/readyz` turns 503, the server stops
    /// accepting and finishes in-flight requests within its grace period.
    /// - Parameter server: a started server.
    /// - Returns: the process exit status (0).
    func run(server: any RunningServer) -> Int32 {
        metrics.setOpenConnectionsSource { server.openConnections }
        let state = shutdownState
        let logger = logger
        let signals = TerminationSignal { signal in
            guard !state.isDraining else { return }
            state.beginDraining()
            logger.info("shutdown requested", metadata: ["signal": signal == SIGTERM ? "SIGTERM" : "SIGINT"])
            server.shutdown()
        }
        logger.info("listening", metadata: ["server.host": configuration.host, "server.port": String(server.port)])
        server.waitUntilStopped()
        accessLogBuffer?.stop()
        signals.cancel()
        logger.info("stopped")
        return 0
    }
}
