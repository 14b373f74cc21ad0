/// One condition `/readyz` requires, e.g. "catalogue loaded" or "log writable".
/// The probe is called on every `/readyz` request, so it must be cheap and non-blocking.
struct ReadinessCheck: Sendable {
    /// Short name used in the 503 problem (`catalogue`, `log`, `shutdown`).
    let name: String
    /// Returns `nil` when ready, else the reason it is not (no secrets, no paths of user data).
    let probe: @Sendable () -> String?

    init(name: String, probe: @escaping @Sendable () -> String?) {
        self.name = name
        self.probe = probe
    }

    /// The first failing check among `checks`, as a `notReady` reason (`"log: not writable"`), or `nil`.
    static func firstFailure(in checks: [ReadinessCheck]) -> String? {
        for check in checks {
            if let reason = check.probe() { return "\(check.name): \(reason)" }
        }
        return nil
    }
}
