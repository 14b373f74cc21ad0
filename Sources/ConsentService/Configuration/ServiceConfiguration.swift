import ConsentDomain
import HTTPLite

/// Every setting of `consent-service serve`, with its default. Built by `ConfigurationParser`
/// from flags (which win), `CONSENT_*` environment variables, then these defaults.
struct ServiceConfiguration: Sendable, Equatable {
    /// The event loops when `--threads` is not given: one per available core less one, at least one
    /// (available: online, in the affinity mask and within a cgroup CPU quota, see `AvailableCores`). Every durable
    /// append also runs on the consent log's writer thread (encoding, hashing, the group commit and its
    /// completions; about a fifth of the service's CPU under durable load), and the kernel's network
    /// work needs a core too: with as many loops as cores, the loops, the writer and the clients compete
    /// for every core. On the 2-core benchmark machine one loop served durable POSTs about 16 % faster at
    /// less CPU per request than two, and GETs at a quarter of the p99 (BENCHMARKS.md, session 7).
    static var defaultThreads: Int { max(1, ServerConfiguration.coreCount - 1) }

    /// When the consent log syncs (the domain's policy: `always` is durable before acknowledged).
    typealias FsyncPolicy = ConsentDomain.FsyncPolicy

    /// Address to bind. Default `127.0.0.1`; the Dockerfile sets `0.0.0.0`.
    var host = "127.0.0.1"
    /// TCP port, 0–65535. Default 8080 (0 picks a free port).
    var port = 8080
    /// Directory holding log segments and archived catalogues. Default `./data`.
    var dataDirectory = "./data"
    /// Catalogue JSON file; `nil` (the default) serves the built-in catalogue.
    var catalogueFile: String?
    /// Bearer tokens accepted on auditor endpoints. Default none: auditor endpoints always answer 401.
    var auditTokens: [String] = []
    /// Origins allowed by CORS on public endpoints; `*` (the default) allows any origin without credentials.
    var corsOrigins: [String] = ["*"]
    /// How long an acceptance (any optional category granted) stays valid. Default 180 days (`P6M`, a month being 30 days).
    var consentTTL: Duration = .seconds(180 * 86_400)
    /// How long a refusal (every optional category false) stays valid. Default 180 days (`P6M`).
    var refusalTTL: Duration = .seconds(180 * 86_400)
    /// How long records are kept before whole segments are deleted. Default 365 days (`P1Y`).
    var retention: Duration = .seconds(365 * 86_400)
    /// Size, in bytes, at which the log rotates to a new segment. Default 67,108,864 (64 MiB).
    var segmentSize = 64 * 1_024 * 1_024
    /// Fsync policy of the consent log. Default `.always`.
    var fsync = FsyncPolicy.always
    /// Event-loop threads of the HTTP server. Default: one per core less one, at least one (`defaultThreads`).
    var threads = ServiceConfiguration.defaultThreads
    /// Microseconds a busy event loop polls for more work before it sleeps (`ServerConfiguration.idleSpin`). Default 20.
    var idleSpinMicroseconds = 20
    /// Lowest level written to the log. Default `info`.
    var logLevel = Logger.Level.info
    /// Whether one JSON line per request is written to stderr. Default `true`.
    var accessLog = true
    /// Largest accepted request body, in bytes. Default 65,536 (64 KiB). Larger bodies → 413.
    var maxBodyBytes = 65_536
    /// Privacy-policy URL printed in consent receipts. Default none.
    var policyURL: String?
    /// Data controller named in consent receipts. Default none.
    var controller: String?
    /// Jurisdiction named in consent receipts (e.g. `EU`, `FR`). Default none.
    var jurisdiction: String?

    init() {}

    /// The HTTP server settings derived from this configuration.
    var serverConfiguration: ServerConfiguration {
        var server = ServerConfiguration()
        server.host = host
        server.port = port
        server.eventLoops = threads
        server.idleSpin = .microseconds(idleSpinMicroseconds)
        server.limits.maxBodyBytes = maxBodyBytes
        return server
    }
}

extension ConsentDomain.FsyncPolicy: CaseIterable {
    public static var allCases: [ConsentDomain.FsyncPolicy] { [.always, .never] }
}
