import Glibc

/// Where and how the server listens.
public struct ServerConfiguration: Sendable {
    /// Address to bind. Default `127.0.0.1`; `0.0.0.0` or `::` for all interfaces.
    public var host = "127.0.0.1"
    /// TCP port. Default 8080; 0 picks a free port (see `HTTPServer.port`).
    public var port = 8080
    /// Event loops (threads). Default: one per available core (`coreCount`).
    public var eventLoops = ServerConfiguration.coreCount
    /// Listen backlog. Default 1,024.
    public var backlog: Int32 = 1_024
    /// How long graceful shutdown waits for in-flight requests. Default 10 s.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// Client limits.
    public var limits = HTTPLimits()
    /// How long a loop that has just handled events keeps polling (`epoll_wait` with no timeout, yielding
    /// the core between polls) before it blocks. Under load the next request usually arrives within
    /// microseconds, and polling saves the sleep and wake-up of the loop's thread; an idle loop does not
    /// poll. Default 20 µs; zero blocks at once.
    public var idleSpin: Duration = .microseconds(20)

    public init() {}

    /// The cores this process may use: online, in its affinity mask and within its cgroup CPU quota
    /// (see `AvailableCores`). Counted once per process (reading the cgroup files), on first use.
    public static let coreCount = AvailableCores.count()
}
