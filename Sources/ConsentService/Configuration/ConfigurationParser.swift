#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns argv and the environment into a `ServiceCommand`. A pure function of its inputs
/// (file reads go through `readFile`): flags win over `CONSENT_*` variables, variables over defaults.
enum ConfigurationParser {
    /// Reads a whole file as UTF-8 text, or `nil` if it cannot be read.
    static let readFileFromDisk: @Sendable (String) -> String? = { path in
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses a command line.
    /// - Parameters:
    ///   - arguments: argv without the program name.
    ///   - environment: the process environment (only `CONSENT_*` keys are read).
    ///   - readFile: reads token files; injected for tests.
    /// - Returns: the command to run.
    /// - Throws: `ConfigurationError` naming the flag or variable, the value and the expected form (→ exit 64).
    static func parse(arguments: [String], environment: [String: String],
                      readFile: (String) -> String? = readFileFromDisk) throws(ConfigurationError) -> ServiceCommand {
        if arguments.contains(where: { $0 == "--help" || $0 == "-h" }) { return .help }
        if arguments.contains("--version") { return .version }
        var rest = arguments[...]
        let command = rest.first.flatMap { $0.hasPrefix("-") ? nil : $0 } ?? "serve"
        if rest.first == command { rest = rest.dropFirst() }
        switch command {
        case "serve":
            return .serve(try parseServe(Array(rest), environment: environment, readFile: readFile))
        case "verify":
            return try parseVerify(Array(rest))
        case "healthcheck":
            return try parseHealthcheck(Array(rest), environment: environment)
        case "help":
            return .help
        case "version":
            return .version
        default:
            throw .unexpectedArgument(command)
        }
    }

    /// Splits `--name value` and `--name=value` pairs; returns the values of each flag in order.
    private static func collectFlags(_ arguments: [String], known: Set<String>) throws(ConfigurationError) -> [String: [String]] {
        var values: [String: [String]] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else { throw .unexpectedArgument(argument) }
            let body = argument.dropFirst(2)
            let name: String
            let value: String
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                value = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
                guard known.contains(name) else { throw .unknownOption(argument) }
                guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") else { throw .missingValue(flag: argument) }
                index += 1
                value = arguments[index]
            }
            guard known.contains(name) else { throw .unknownOption("--\(name)") }
            values[name, default: []].append(value)
            index += 1
        }
        return values
    }

    private static func parseServe(_ arguments: [String], environment: [String: String],
                                   readFile: (String) -> String?) throws(ConfigurationError) -> ServiceConfiguration {
        let settings = ConfigurationSetting.all
        let flags = try collectFlags(arguments, known: Set(settings.map(\.name)))
        var configuration = ServiceConfiguration()
        for setting in settings {
            if let values = flags[setting.name] {
                try setting.apply(&configuration, values, setting.flag, readFile)
            } else if let raw = environment[setting.environment] {
                let values = setting.isRepeatable
                    ? raw.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
                    : [raw]
                guard !values.isEmpty else { continue }
                try setting.apply(&configuration, values, setting.environment, readFile)
            }
        }
        return configuration
    }

    private static func parseVerify(_ arguments: [String]) throws(ConfigurationError) -> ServiceCommand {
        guard let directory = arguments.first else { throw .missingArgument(command: "verify", expected: "a data directory (verify DIR)") }
        guard !directory.hasPrefix("-") else { throw .unknownOption(directory) }
        guard arguments.count == 1 else { throw .unexpectedArgument(arguments[1]) }
        return .verify(directory: directory)
    }

    private static func parseHealthcheck(_ arguments: [String], environment: [String: String]) throws(ConfigurationError) -> ServiceCommand {
        let flags = try collectFlags(arguments, known: ["url"])
        if let url = flags["url"]?.last {
            guard let target = HealthcheckTarget(url: url) else {
                throw .invalidValue(source: "--url", value: url, expected: "an http://host:port/path URL")
            }
            return .healthcheck(target)
        }
        var port = 8_080
        if let raw = environment["CONSENT_PORT"] {
            guard let parsed = SettingValue.integer(raw, in: 1...65_535) else {
                throw .invalidValue(source: "CONSENT_PORT", value: raw, expected: "an integer 1-65535")
            }
            port = parsed
        }
        return .healthcheck(HealthcheckTarget(host: "127.0.0.1", port: port, path: "/healthz"))
    }
}
