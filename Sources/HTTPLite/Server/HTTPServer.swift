import Dispatch
import Synchronization

/// The HTTP/1.1 server: one listening socket shared by `configuration.eventLoops` epoll
/// event-loop threads, each owning the connections it accepted.
public final class HTTPServer: Sendable {
    private enum State {
        case idle
        case running(mailboxes: [LoopMailbox])
        case stopping
        case stopped
    }

    public let configuration: ServerConfiguration
    private let handler: any HTTPHandler
    private let logger: Logger
    private let state = Mutex(State.idle)
    private let boundPort = Atomic<Int>(0)
    private let counters = ServerCounters()
    private let stoppedGroup = DispatchGroup()

    public init(configuration: ServerConfiguration, handler: any HTTPHandler, logger: Logger) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
    }

    /// Binds, listens and starts the event loops; returns once accepting.
    /// - Throws: `SocketError.systemCall` naming the call and errno (e.g. `bind`, `EADDRINUSE`),
    ///   or `SocketError.invalidAddress`. Calling it twice does nothing the second time.
    public func start() throws {
        let canStart = state.withLock { state -> Bool in
            if case .idle = state { return true }
            return false
        }
        guard canStart else { return }
        let listener = try Syscalls.makeListeningSocket(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        var contexts: [EventLoopContext] = []
        var pending: [(epollFD: Int32, mailbox: LoopMailbox)] = []
        do {
            for _ in 0..<max(1, configuration.eventLoops) {
                let epollFD = try Syscalls.makeEpoll()
                let wakeFD: Int32
                do {
                    wakeFD = try Syscalls.makeEventFD()
                    try Syscalls.epollControl(epollFD, op: 1, fd: wakeFD, events: Syscalls.epollIn, data: EventLoop.wakeData)
                    try Syscalls.epollControl(epollFD, op: 1, fd: listener.fd,
                                              events: Syscalls.epollIn | Syscalls.epollExclusive, data: EventLoop.listenerData)
                } catch {
                    Syscalls.close(epollFD)
                    throw error
                }
                pending.append((epollFD, LoopMailbox(wakeFD: wakeFD)))
            }
        } catch {
            for loop in pending { loop.mailbox.close(); Syscalls.close(loop.epollFD) }
            Syscalls.close(listener.fd)
            throw error
        }
        let handles = pending.map { LoopHandle(mailbox: $0.mailbox) }
        for (index, loop) in pending.enumerated() {
            contexts.append(EventLoopContext(
                index: index, epollFD: loop.epollFD, listenFD: listener.fd, mailbox: loop.mailbox, loops: handles,
                handler: handler, limits: configuration.limits, shutdownGracePeriod: configuration.shutdownGracePeriod,
                idleSpinNanoseconds: Self.nanoseconds(configuration.idleSpin), logger: logger, counters: counters))
        }
        boundPort.store(listener.port, ordering: .releasing)
        counters.runningLoops.store(contexts.count, ordering: .releasing)
        state.withLock { $0 = .running(mailboxes: contexts.map(\.mailbox)) }
        for context in contexts {
            stoppedGroup.enter()
            let started = NativeThread.start(name: "http-loop-\(context.index)") { [self] in
                EventLoop(context: context).run()
                loopDidExit(listenFD: context.listenFD)
            }
            if !started {
                logger.error("cannot start an event-loop thread", metadata: ["server.loop": "\(context.index)"])
                context.mailbox.close()
                Syscalls.close(context.epollFD)
                loopDidExit(listenFD: context.listenFD)
            }
        }
        logger.info("server listening", metadata: ["server.port": "\(listener.port)", "server.loops": "\(contexts.count)"])
    }

    private func loopDidExit(listenFD: Int32) {
        if counters.runningLoops.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            Syscalls.close(listenFD)
            state.withLock { $0 = .stopped }
            logger.info("server stopped")
        }
        stoppedGroup.leave()
    }

    /// The bound port (useful when `configuration.port` is 0). Valid after `start()`.
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// Currently open client connections (for metrics).
    public var openConnections: Int { counters.open.load(ordering: .relaxed) }

    /// Graceful shutdown: stop accepting, let in-flight requests finish within
    /// `configuration.shutdownGracePeriod`, close idle connections. Idempotent, any thread.
    public func shutdown() {
        let mailboxes: [LoopMailbox] = state.withLock { state in
            guard case .running(let mailboxes) = state else { return [] }
            state = .stopping
            return mailboxes
        }
        for mailbox in mailboxes { mailbox.post(.shutdown) }
    }

    /// Blocks the calling thread until the server has fully stopped (returns at once if never started).
    public func waitUntilStopped() {
        stoppedGroup.wait()
    }

    /// `duration` in whole nanoseconds, clamped to 0…`Int64.max`.
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, carried) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow || carried ? .max : max(0, total)
    }
}
