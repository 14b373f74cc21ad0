/// The HTTP server as `ServiceApp.run` drives it. `HTTPLite.HTTPServer` provides exactly these
/// members; the wiring adds `extension HTTPServer: RunningServer {}`.
protocol RunningServer: Sendable {
    /// The bound port (after start).
    var port: Int { get }
    /// Client connections currently open (exported as `http_open_connections`).
    var openConnections: Int { get }
    /// Starts graceful shutdown; idempotent, callable from any thread.
    func shutdown()
    /// Blocks until the server has fully stopped.
    func waitUntilStopped()
}
