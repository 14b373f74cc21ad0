/// The version printed by `--version` and exported as `consent_service_build_info{version}`.
enum ServiceVersion {
    static let current = "0.1.0"
}
