import Testing
@testable import ConsentService
import HTTPLite

@Suite struct ConfigurationParserTests {
    private let token = "auditor-token-0123456789"
    private let otherToken = "second-token-abcdefghij"

    private func serve(_ arguments: [String], env: [String: String] = [:],
                       files: [String: String] = [:]) throws -> ServiceConfiguration {
        let command = try ConfigurationParser.parse(arguments: arguments, environment: env, readFile: { files[$0] })
        guard case .serve(let configuration) = command else {
            Issue.record("expected serve, got \(command)")
            return ServiceConfiguration()
        }
        return configuration
    }

    private func failure(_ arguments: [String], env: [String: String] = [:], files: [String: String] = [:]) -> ConfigurationError? {
        do {
            _ = try ConfigurationParser.parse(arguments: arguments, environment: env, readFile: { files[$0] })
            return nil
        } catch {
            return error
        }
    }

    /// With no arguments and no environment, every setting has its documented default.
    @Test func noArguments_servesWithDefaults() throws {
        let configuration = try serve([])
        #expect(configuration == ServiceConfiguration())
        #expect(configuration.port == 8080)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.catalogueFile == nil)
        #expect(configuration.corsOrigins == ["*"])
        #expect(configuration.auditTokens.isEmpty)
        #expect(configuration.consentTTL == .seconds(180 * 86_400))
        #expect(configuration.retention == .seconds(365 * 86_400))
        #expect(configuration.segmentSize == 64 * 1_024 * 1_024)
        #expect(configuration.fsync == .always)
    }

    /// `serve` may be named explicitly and behaves like the default command.
    @Test func explicitServeCommand_isAccepted() throws {
        #expect(try serve(["serve", "--port", "9000"]).port == 9000)
    }

    /// An environment variable overrides the default.
    @Test func environment_overridesDefault() throws {
        #expect(try serve([], env: ["CONSENT_PORT": "9001"]).port == 9001)
    }

    /// A flag overrides the environment variable for the same setting.
    @Test func flag_overridesEnvironment() throws {
        #expect(try serve(["--port", "9002"], env: ["CONSENT_PORT": "9001"]).port == 9002)
    }

    /// `--flag=value` is the same as `--flag value`.
    @Test func equalsForm_isAccepted() throws {
        #expect(try serve(["--host=0.0.0.0"]).host == "0.0.0.0")
    }

    /// A repeated single-valued flag keeps its last value.
    @Test func repeatedSingleFlag_lastValueWins() throws {
        #expect(try serve(["--port", "1", "--port", "2"]).port == 2)
    }

    /// Every occurrence of a repeatable flag is collected, replacing the default.
    @Test func repeatableCorsOrigin_collectsEveryOccurrence() throws {
        let origins = try serve(["--cors-origin", "https://a.example", "--cors-origin", "http://b.example:8080"]).corsOrigins
        #expect(origins == ["https://a.example", "http://b.example:8080"])
    }

    /// A list variable is comma-separated, spaces around items ignored.
    @Test func listVariable_isCommaSeparated() throws {
        let configuration = try serve([], env: ["CONSENT_AUDIT_TOKENS": "\(token), \(otherToken)"])
        #expect(configuration.auditTokens == [token, otherToken])
    }

    /// Audit tokens given as flags replace those of the variable.
    @Test func auditTokenFlags_replaceVariableTokens() throws {
        let configuration = try serve(["--audit-token", otherToken], env: ["CONSENT_AUDIT_TOKENS": token])
        #expect(configuration.auditTokens == [otherToken])
    }

    /// A token file contributes one token per non-empty line, in addition to `--audit-token`.
    @Test func auditTokenFile_addsOneTokenPerLine() throws {
        let configuration = try serve(["--audit-token", token, "--audit-token-file", "/run/tokens"],
                                      files: ["/run/tokens": "\(otherToken)\n\n  zzzzzzzzzzzzzzzzzzzz  \r\n"])
        #expect(configuration.auditTokens == [token, otherToken, "zzzzzzzzzzzzzzzzzzzz"])
    }

    /// An unreadable token file stops the start naming the flag and path.
    @Test func unreadableTokenFile_isReported() {
        #expect(failure(["--audit-token-file", "/missing"]) == .unreadableFile(source: "--audit-token-file", path: "/missing"))
    }

    /// A bad token is rejected without echoing it.
    @Test func shortToken_isRejectedAndRedacted() {
        let error = failure(["--audit-token", "short"])
        guard case .invalidValue(let source, let value, _) = error else { Issue.record("expected invalidValue"); return }
        #expect(source == "--audit-token")
        #expect(value == "<redacted>")
        #expect(error?.message.contains("short") == false)
    }

    /// Durations accept ISO 8601 and shorthand, with 30-day months and 365-day years.
    @Test(arguments: [("P6M", 180 * 86_400), ("P180D", 180 * 86_400), ("P1Y", 365 * 86_400), ("PT12H", 43_200),
                      ("P1DT1H", 90_000), ("P2W", 14 * 86_400), ("90d", 90 * 86_400), ("12h", 43_200), ("30m", 1_800), ("45s", 45)])
    func duration_acceptsIsoAndShorthand(text: String, seconds: Int) throws {
        #expect(try serve(["--consent-ttl", text]).consentTTL == .seconds(seconds))
    }

    /// Refusal TTL and retention are separate settings.
    @Test func refusalTTLAndRetention_areIndependent() throws {
        let configuration = try serve(["--refusal-ttl", "30d"], env: ["CONSENT_RETENTION": "P2Y"])
        #expect(configuration.refusalTTL == .seconds(30 * 86_400))
        #expect(configuration.retention == .seconds(730 * 86_400))
        #expect(configuration.consentTTL == .seconds(180 * 86_400))
    }

    /// Segment sizes take binary suffixes.
    @Test(arguments: [("64M", 67_108_864), ("128k", 131_072), ("1G", 1_073_741_824), ("1048576", 1_048_576)])
    func segmentSize_acceptsSuffixes(text: String, bytes: Int) throws {
        #expect(try serve(["--segment-size", text]).segmentSize == bytes)
    }

    /// Every other setting is read from its flag.
    @Test func remainingFlags_areApplied() throws {
        let configuration = try serve(["--data-dir", "/var/lib/consent", "--catalogue", "/etc/catalogue.json",
                                       "--fsync", "never", "--threads", "4", "--idle-spin", "0", "--log-level", "debug", "--access-log", "off",
                                       "--max-body-bytes", "32k", "--policy-url", "https://example.com/privacy",
                                       "--controller", "Example SAS", "--jurisdiction", "EU"])
        #expect(configuration.dataDirectory == "/var/lib/consent")
        #expect(configuration.catalogueFile == "/etc/catalogue.json")
        #expect(configuration.fsync == .never)
        #expect(configuration.threads == 4)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.accessLog == false)
        #expect(configuration.maxBodyBytes == 32_768)
        #expect(configuration.policyURL == "https://example.com/privacy")
        #expect(configuration.controller == "Example SAS")
        #expect(configuration.jurisdiction == "EU")
        #expect(configuration.serverConfiguration.limits.maxBodyBytes == 32_768)
        #expect(configuration.serverConfiguration.eventLoops == 4)
        #expect(configuration.idleSpinMicroseconds == 0)
        #expect(configuration.serverConfiguration.idleSpin == .zero)
    }

    /// Event loops poll 20 µs before they sleep unless told otherwise; the value reaches the server.
    @Test func idleSpin_defaultsToTwentyMicroseconds_andReachesTheServer() throws {
        #expect(try serve([]).serverConfiguration.idleSpin == .microseconds(20))
        #expect(try serve(["--idle-spin", "150"]).serverConfiguration.idleSpin == .microseconds(150))
        #expect(try serve([], env: ["CONSENT_IDLE_SPIN_US": "7"]).idleSpinMicroseconds == 7)
    }

    /// Without `--threads` the server gets one event loop per core less one (a core stays for the log's
    /// writer), never none; the flag and the variable still set any count, the core count included.
    @Test func threads_defaultToOnePerCoreLessOne_andReachTheServer() throws {
        let cores = ServerConfiguration.coreCount
        let configuration = try serve([])
        #expect(configuration.threads == max(1, cores - 1))
        #expect(configuration.serverConfiguration.eventLoops == configuration.threads)
        #expect(try serve(["--threads", String(cores)]).serverConfiguration.eventLoops == cores)
        #expect(try serve([], env: ["CONSENT_THREADS": "3"]).threads == 3)
    }

    /// Every bad value names the flag, the value and the expected form.
    @Test(arguments: [
        ["--port", "70000"], ["--port", "-1"], ["--port", "80a"], ["--host", "example.com"], ["--host", "1.2.3"],
        ["--data-dir", ""], ["--catalogue", ""], ["--cors-origin", "example.com"], ["--cors-origin", "https://a.example/path"],
        ["--consent-ttl", "6 months"], ["--consent-ttl", "P"], ["--consent-ttl", "0d"], ["--consent-ttl", "PT1D"],
        ["--refusal-ttl", "P1X"], ["--retention", "-5d"], ["--segment-size", "12"], ["--segment-size", "64T"],
        ["--fsync", "sometimes"], ["--threads", "0"], ["--threads", "1000"], ["--idle-spin", "-1"], ["--idle-spin", "1001"],
        ["--idle-spin", "20us"], ["--log-level", "loud"],
        ["--access-log", "maybe"], ["--max-body-bytes", "1G"], ["--policy-url", "ftp://x"], ["--controller", ""],
        ["--jurisdiction", String(repeating: "x", count: 65)],
    ])
    func badFlagValue_namesFlagValueAndExpectation(arguments: [String]) {
        let error = failure(arguments)
        guard case .invalidValue(let source, let value, let expected) = error else {
            Issue.record("expected invalidValue for \(arguments), got \(String(describing: error))"); return
        }
        #expect(source == arguments[0])
        #expect(value == arguments[1])
        #expect(!expected.isEmpty)
        #expect(error?.message.contains(arguments[0]) == true)
    }

    /// A bad environment value names the variable.
    @Test func badEnvironmentValue_namesVariable() {
        #expect(failure([], env: ["CONSENT_FSYNC": "often"])
                == .invalidValue(source: "CONSENT_FSYNC", value: "often", expected: "always or never"))
    }

    /// A bad environment value does not matter when the flag overrides it.
    @Test func badEnvironmentValue_isIgnoredWhenFlagGiven() throws {
        #expect(try serve(["--fsync", "never"], env: ["CONSENT_FSYNC": "often"]).fsync == .never)
    }

    /// Unknown options, missing values and stray arguments are usage errors.
    @Test func malformedCommandLines_areUsageErrors() {
        #expect(failure(["--prot", "80"]) == .unknownOption("--prot"))
        #expect(failure(["--nope=1"]) == .unknownOption("--nope"))
        #expect(failure(["--port"]) == .missingValue(flag: "--port"))
        #expect(failure(["--port", "--host", "::1"]) == .missingValue(flag: "--port"))
        #expect(failure(["serve", "extra"]) == .unexpectedArgument("extra"))
        #expect(failure(["launch"]) == .unexpectedArgument("launch"))
    }

    /// `--help` and `--version` win wherever they appear.
    @Test func helpAndVersion_areRecognised() throws {
        #expect(try ConfigurationParser.parse(arguments: ["--port", "x", "--help"], environment: [:]) == .help)
        #expect(try ConfigurationParser.parse(arguments: ["-h"], environment: [:]) == .help)
        #expect(try ConfigurationParser.parse(arguments: ["--version"], environment: [:]) == .version)
    }

    /// `verify DIR` takes exactly one directory.
    @Test func verify_takesOneDirectory() throws {
        #expect(try ConfigurationParser.parse(arguments: ["verify", "/data"], environment: [:]) == .verify(directory: "/data"))
        #expect(failure(["verify"]) == .missingArgument(command: "verify", expected: "a data directory (verify DIR)"))
        #expect(failure(["verify", "a", "b"]) == .unexpectedArgument("b"))
    }

    /// `healthcheck` defaults to the local /healthz on CONSENT_PORT (or 8080) and accepts --url.
    @Test func healthcheck_defaultsAndUrl() throws {
        #expect(try ConfigurationParser.parse(arguments: ["healthcheck"], environment: [:])
                == .healthcheck(HealthcheckTarget(host: "127.0.0.1", port: 8080, path: "/healthz")))
        #expect(try ConfigurationParser.parse(arguments: ["healthcheck"], environment: ["CONSENT_PORT": "9100"])
                == .healthcheck(HealthcheckTarget(host: "127.0.0.1", port: 9100, path: "/healthz")))
        #expect(try ConfigurationParser.parse(arguments: ["healthcheck", "--url", "http://[::1]:8081/readyz"], environment: [:])
                == .healthcheck(HealthcheckTarget(host: "::1", port: 8081, path: "/readyz")))
        #expect(failure(["healthcheck", "--url", "https://127.0.0.1/healthz"])
                == .invalidValue(source: "--url", value: "https://127.0.0.1/healthz", expected: "an http://host:port/path URL"))
    }

    /// The help text lists every flag with its variable and default.
    @Test func usageText_listsEverySetting() {
        let text = UsageText.make(version: "1.2.3")
        for setting in ConfigurationSetting.all {
            #expect(text.contains(setting.flag))
            #expect(text.contains(setting.environment))
        }
        #expect(text.contains("1.2.3"))
    }
}
