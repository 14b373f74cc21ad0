import Synchronization

/// Set once graceful shutdown starts, so `/readyz` answers 503 and load balancers drain us.
final class ShutdownState: Sendable {
    private let draining = Atomic<Bool>(false)

    init() {}

    var isDraining: Bool { draining.load(ordering: .acquiring) }

    func beginDraining() { draining.store(true, ordering: .releasing) }

    /// A readiness check that fails while draining.
    var readinessCheck: ReadinessCheck {
        ReadinessCheck(name: "shutdown") { [self] in isDraining ? "shutting down" : nil }
    }
}
