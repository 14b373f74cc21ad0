import HTTPLite

/// One `serve` setting: its flag, its environment variable, its help text and how a value is applied.
/// The table `ConfigurationSetting.all` drives both parsing and `--help`.
struct ConfigurationSetting: Sendable {
    typealias Apply = @Sendable (_ configuration: inout ServiceConfiguration, _ values: [String], _ source: String,
                                 _ readFile: (String) -> String?) throws(ConfigurationError) -> Void

    /// Flag name without the dashes, e.g. `port` for `--port`.
    let name: String
    /// Environment variable, e.g. `CONSENT_PORT`.
    let environment: String
    /// Placeholder shown in help, e.g. `PORT`.
    let valueName: String
    let help: String
    /// The default as shown in help.
    let defaultDescription: String
    /// A repeatable flag collects every occurrence; its variable is comma-separated.
    let isRepeatable: Bool
    /// Values are never echoed in error messages.
    let isSecret: Bool
    /// Applies the values from one source (every flag occurrence, or the split variable); never called with none.
    let apply: Apply

    var flag: String { "--\(name)" }

    init(_ name: String, _ environment: String, _ valueName: String, _ help: String, default defaultDescription: String,
         repeatable: Bool = false, secret: Bool = false, apply: @escaping Apply) {
        self.name = name
        self.environment = environment
        self.valueName = valueName
        self.help = help
        self.defaultDescription = defaultDescription
        self.isRepeatable = repeatable
        self.isSecret = secret
        self.apply = apply
    }
}

extension ConfigurationSetting {
    /// Every `serve` setting, in help order.
    static let all: [ConfigurationSetting] = [
        ConfigurationSetting("port", "CONSENT_PORT", "PORT", "TCP port to listen on (0 picks a free port)", default: "8080") {
            config, values, source, _ throws(ConfigurationError) in
            config.port = try require(SettingValue.integer(last(values), in: 0...65_535), values, source, "an integer 0-65535")
        },
        ConfigurationSetting("host", "CONSENT_HOST", "ADDRESS", "address to bind (IPv4/IPv6 literal or localhost)", default: "127.0.0.1") {
            config, values, source, _ throws(ConfigurationError) in
            guard SettingValue.isHost(last(values)) else { throw invalid(values, source, "an IPv4 or IPv6 address, or localhost") }
            config.host = last(values)
        },
        ConfigurationSetting("data-dir", "CONSENT_DATA_DIR", "DIR", "directory of the consent log and archived catalogues", default: "./data") {
            config, values, source, _ throws(ConfigurationError) in
            guard SettingValue.isLabel(last(values), maxLength: 4_096) else { throw invalid(values, source, "a directory path") }
            config.dataDirectory = last(values)
        },
        ConfigurationSetting("catalogue", "CONSENT_CATALOGUE", "FILE", "catalogue JSON file", default: "built-in catalogue") {
            config, values, source, _ throws(ConfigurationError) in
            guard SettingValue.isLabel(last(values), maxLength: 4_096) else { throw invalid(values, source, "a file path") }
            config.catalogueFile = last(values)
        },
        ConfigurationSetting("audit-token", "CONSENT_AUDIT_TOKENS", "TOKEN",
                             "auditor bearer token, repeatable (prefer the variable or a file: argv is visible to ps)",
                             default: "none (auditor endpoints answer 401)", repeatable: true, secret: true) {
            config, values, source, _ throws(ConfigurationError) in
            for token in values where !SettingValue.isToken(token) {
                throw .invalidValue(source: source, value: "<redacted>", expected: "a bearer token of 16-512 characters [A-Za-z0-9-._~+/]")
            }
            config.auditTokens.append(contentsOf: values)
        },
        ConfigurationSetting("audit-token-file", "CONSENT_AUDIT_TOKEN_FILE", "FILE",
                             "file with one auditor token per line (added to --audit-token)", default: "none") {
            config, values, source, readFile throws(ConfigurationError) in
            let path = last(values)
            guard let text = readFile(path) else { throw .unreadableFile(source: source, path: path) }
            let tokens = text.split(whereSeparator: \.isNewline).map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }.filter { !$0.isEmpty }
            for token in tokens where !SettingValue.isToken(token) {
                throw .invalidValue(source: source, value: "<redacted>", expected: "one bearer token of 16-512 characters per line")
            }
            config.auditTokens.append(contentsOf: tokens)
        },
        ConfigurationSetting("cors-origin", "CONSENT_CORS_ORIGINS", "ORIGIN",
                             "origin allowed by CORS on public endpoints, repeatable; * allows any", default: "*", repeatable: true) {
            config, values, source, _ throws(ConfigurationError) in
            for value in values where !SettingValue.isOrigin(value) {
                throw .invalidValue(source: source, value: value, expected: "* or an origin like https://shop.example (no path)")
            }
            config.corsOrigins = values
        },
        ConfigurationSetting("consent-ttl", "CONSENT_CONSENT_TTL", "DURATION", "lifetime of an acceptance", default: "P6M (180 days)") {
            config, values, source, _ throws(ConfigurationError) in
            config.consentTTL = try require(SettingValue.duration(last(values)), values, source, durationForm)
        },
        ConfigurationSetting("refusal-ttl", "CONSENT_REFUSAL_TTL", "DURATION", "lifetime of a refusal", default: "P6M (180 days)") {
            config, values, source, _ throws(ConfigurationError) in
            config.refusalTTL = try require(SettingValue.duration(last(values)), values, source, durationForm)
        },
        ConfigurationSetting("retention", "CONSENT_RETENTION", "DURATION", "how long records are kept", default: "P1Y (365 days)") {
            config, values, source, _ throws(ConfigurationError) in
            config.retention = try require(SettingValue.duration(last(values)), values, source, durationForm)
        },
        ConfigurationSetting("segment-size", "CONSENT_SEGMENT_SIZE", "BYTES", "log segment rotation size (k, M, G suffixes)", default: "64M") {
            config, values, source, _ throws(ConfigurationError) in
            guard let size = SettingValue.byteSize(last(values)), (64 * 1_024...(1 << 40)).contains(size) else {
                throw invalid(values, source, "a size from 64k to 1024G, e.g. 64M")
            }
            config.segmentSize = size
        },
        ConfigurationSetting("fsync", "CONSENT_FSYNC", "always|never", "flush each group commit to disk", default: "always") {
            config, values, source, _ throws(ConfigurationError) in
            config.fsync = try require(ServiceConfiguration.FsyncPolicy(rawValue: last(values)), values, source, "always or never")
        },
        ConfigurationSetting("threads", "CONSENT_THREADS", "N", "event-loop threads", default: "one per available core less one, at least 1") {
            config, values, source, _ throws(ConfigurationError) in
            config.threads = try require(SettingValue.integer(last(values), in: 1...256), values, source, "an integer 1-256")
        },
        ConfigurationSetting("idle-spin", "CONSENT_IDLE_SPIN_US", "MICROSECONDS",
                             "how long a busy event loop polls for more work before it sleeps (0 = sleep at once)", default: "20") {
            config, values, source, _ throws(ConfigurationError) in
            config.idleSpinMicroseconds = try require(SettingValue.integer(last(values), in: 0...1_000), values, source,
                                                      "an integer 0-1000 (microseconds)")
        },
        ConfigurationSetting("log-level", "CONSENT_LOG_LEVEL", "LEVEL", "trace|debug|info|notice|warning|error|critical", default: "info") {
            config, values, source, _ throws(ConfigurationError) in
            config.logLevel = try require(Logger.Level(name: last(values)), values, source,
                                          "one of trace, debug, info, notice, warning, error, critical")
        },
        ConfigurationSetting("access-log", "CONSENT_ACCESS_LOG", "on|off", "one JSON line per request on stderr", default: "on") {
            config, values, source, _ throws(ConfigurationError) in
            switch last(values) {
            case "on", "true", "1": config.accessLog = true
            case "off", "false", "0": config.accessLog = false
            default: throw invalid(values, source, "on or off")
            }
        },
        ConfigurationSetting("max-body-bytes", "CONSENT_MAX_BODY_BYTES", "BYTES", "largest request body (k, M suffixes)", default: "64k") {
            config, values, source, _ throws(ConfigurationError) in
            guard let size = SettingValue.byteSize(last(values)), (1_024...(16 * 1_024 * 1_024)).contains(size) else {
                throw invalid(values, source, "a size from 1k to 16M")
            }
            config.maxBodyBytes = size
        },
        ConfigurationSetting("policy-url", "CONSENT_POLICY_URL", "URL", "privacy policy URL for consent receipts", default: "none") {
            config, values, source, _ throws(ConfigurationError) in
            guard SettingValue.isWebURL(last(values)) else { throw invalid(values, source, "an http or https URL") }
            config.policyURL = last(values)
        },
        ConfigurationSetting("controller", "CONSENT_CONTROLLER", "NAME", "data controller for consent receipts", default: "none") {
            config, values, source, _ throws(ConfigurationError) in
            guard SettingValue.isLabel(last(values), maxLength: 200) else { throw invalid(values, source, "1-200 printable characters") }
            config.controller = last(values)
        },
        ConfigurationSetting("jurisdiction", "CONSENT_JURISDICTION", "CODE", "jurisdiction for consent receipts, e.g. EU", default: "none") {
            config, values, source, _ throws(ConfigurationError) in
            guard SettingValue.isLabel(last(values), maxLength: 64) else { throw invalid(values, source, "1-64 printable characters") }
            config.jurisdiction = last(values)
        },
    ]

    private static let durationForm = "a positive ISO 8601 duration (P6M, P180D, PT12H) or 180d/12h/30m/45s/2w"

    private static func last(_ values: [String]) -> String { values.last ?? "" }

    private static func invalid(_ values: [String], _ source: String, _ expected: String) -> ConfigurationError {
        .invalidValue(source: source, value: last(values), expected: expected)
    }

    private static func require<T>(_ value: T?, _ values: [String], _ source: String, _ expected: String) throws(ConfigurationError) -> T {
        guard let value else { throw invalid(values, source, expected) }
        return value
    }
}
