/// The `--help` text, generated from `ConfigurationSetting.all` so it never drifts from the parser.
enum UsageText {
    static func make(version: String) -> String {
        var lines = [
            "consent-service \(version) — cookie-consent and cookie-catalogue JSON API",
            "",
            "USAGE:",
            "  consent-service [serve] [OPTIONS]     run the service (default)",
            "  consent-service verify DIR            check the consent log in DIR offline (exit 0 intact, 1 damaged)",
            "  consent-service healthcheck [--url http://127.0.0.1:8080/healthz]",
            "                                        probe a running service (exit 0 healthy, 1 otherwise)",
            "  consent-service --help | --version",
            "",
            "SERVE OPTIONS (flag / environment variable / default; flags win over variables):",
        ]
        for setting in ConfigurationSetting.all {
            let flag = "  \(setting.flag) \(setting.valueName)"
            lines.append(flag.padding(to: 36) + setting.help + (setting.isRepeatable ? " (variable: comma-separated)" : ""))
            lines.append(String(repeating: " ", count: 36) + "env \(setting.environment); default \(setting.defaultDescription)")
        }
        lines += [
            "",
            "Durations: ISO 8601 (P6M, P180D, P1Y, PT12H; a month is 30 days, a year 365) or 180d, 12h, 30m, 45s, 2w.",
            "Sizes: bytes, or with k, M, G binary suffixes (64M = 67108864).",
            "Exit status: 0 success, 1 runtime failure, 64 bad command line or environment.",
        ]
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string followed by spaces up to `width` characters (at least one space).
    fileprivate func padding(to width: Int) -> String {
        self + String(repeating: " ", count: Swift.max(1, width - count))
    }
}
