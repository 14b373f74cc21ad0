import Glibc

/// Everything an event loop shares with the server and the other loops; all `Sendable`.
struct EventLoopContext: Sendable {
    let index: Int
    let epollFD: Int32
    let listenFD: Int32
    let mailbox: LoopMailbox
    /// Every loop of the server (this one at `index`), for spreading new connections.
    let loops: [LoopHandle]
    let handler: any HTTPHandler
    let limits: HTTPLimits
    let shutdownGracePeriod: Duration
    /// See `ServerConfiguration.idleSpin`; 0 = block at once.
    let idleSpinNanoseconds: Int64
    let logger: Logger
    let counters: ServerCounters
}

/// One event-loop thread: accepts on the shared listening socket, reads, parses, calls
/// the handler and writes, for every connection it owns. Created and run on its own thread;
/// nothing here is touched by any other thread (they talk through the `LoopMailbox`).
final class EventLoop {
    static let listenerData = UInt64.max
    static let wakeData = UInt64.max - 1
    /// Bytes read per `read` call; one shared buffer per loop.
    static let readBufferSize = 65_536
    /// Pending output above which a connection stops parsing further pipelined requests.
    static let outboundBound = 65_536
    /// Longest wait for a peer to close after our final response, before closing anyway.
    static let lingerTime = Duration.seconds(2)
    /// Connections accepted per listener wake-up (see `acceptConnections`).
    static let acceptsPerWakeup = 16

    let context: EventLoopContext
    var connections: [Connection?] = []
    var connectionCount = 0
    var nextGeneration: UInt32 = 1
    let readBuffer: UnsafeMutableRawBufferPointer
    let eventBuffer: UnsafeMutableRawBufferPointer
    var headBuffer: [UInt8] = []
    /// The array the mailbox's messages were last taken into, emptied: handed back as its next queue.
    var inbox: [LoopMessage] = []
    var dateCache = DateHeaderCache()
    var policy: KeepAlivePolicy
    var now = ContinuousClock.now
    var nextSweep = ContinuousClock.now
    var graceDeadline: ContinuousClock.Instant?

    init(context: EventLoopContext) {
        self.context = context
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        eventBuffer = .allocate(byteCount: Syscalls.epollEventSize * 256, alignment: 16)
        headBuffer.reserveCapacity(1_024)
        policy = KeepAlivePolicy(idleTimeout: context.limits.idleTimeout)
    }

    deinit {
        readBuffer.deallocate()
        eventBuffer.deallocate()
    }

    /// Runs until graceful shutdown has finished, then releases the loop's descriptors.
    func run() {
        dateCache.refresh(secondsSinceEpoch: Syscalls.wallClockSeconds())
        var count = 0
        while true {
            let timeout: Int32 = connectionCount > 0 || graceDeadline != nil ? 100 : 1_000
            do {
                // After a round with events, poll a little before blocking (`ServerConfiguration.idleSpin`).
                count = count > 0 ? try poll(spinNanoseconds: context.idleSpinNanoseconds) : 0
                if count == 0 {
                    count = try Syscalls.epollWait(context.epollFD, into: eventBuffer, timeoutMilliseconds: timeout)
                }
            } catch {
                context.logger.error("epoll_wait failed", metadata: ["error": "\(error)"])
                break
            }
            now = .now
            dateCache.refresh(secondsSinceEpoch: Syscalls.wallClockSeconds())
            // Messages first: responses finished elsewhere (group commits) go out before new requests are read.
            for i in 0..<count where eventBuffer.loadUnaligned(fromByteOffset: i * Syscalls.epollEventSize + Syscalls.epollDataOffset, as: UInt64.self) == Self.wakeData {
                handleMessages()
            }
            for i in 0..<count {
                let offset = i * Syscalls.epollEventSize
                let events = eventBuffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                let data = eventBuffer.loadUnaligned(fromByteOffset: offset + Syscalls.epollDataOffset, as: UInt64.self)
                switch data {
                case Self.listenerData: acceptConnections()
                case Self.wakeData: continue
                default: handleEvents(events, for: ConnectionRef(epollData: data))
                }
            }
            if now >= nextSweep {
                nextSweep = now + .milliseconds(100)
                sweepDeadlines()
            }
            if graceDeadline != nil && connectionCount == 0 { break }
        }
        for connection in connections.compactMap({ $0 }) { close(connection) }
        let dropped = context.mailbox.close()
        context.counters.open.subtract(dropped, ordering: .relaxed)
        Syscalls.close(context.epollFD)
    }

    /// Polls `epoll_wait` without blocking, yielding the core between polls, until an event is ready or
    /// `spinNanoseconds` have passed.
    /// - Returns: The number of ready events (0 when none came in time, or when `spinNanoseconds` is 0).
    private func poll(spinNanoseconds: Int64) throws(SocketError) -> Int {
        guard spinNanoseconds > 0 else { return 0 }
        let deadline = monotonicNanoseconds() &+ spinNanoseconds
        while true {
            let count = try Syscalls.epollWait(context.epollFD, into: eventBuffer, timeoutMilliseconds: 0)
            if count > 0 || monotonicNanoseconds() >= deadline { return count }
            sched_yield()
        }
    }

    // MARK: Accepting

    /// Accepts at most `acceptsPerWakeup` connections and gives each to the loop owning the
    /// fewest (this one on ties), so a burst of connections is spread evenly over the loops.
    func acceptConnections() {
        for _ in 0..<Self.acceptsPerWakeup {
            let fd: Int32
            do {
                fd = try Syscalls.accept(context.listenFD)
            } catch .wouldBlock {
                return
            } catch {
                context.logger.warning("accept failed", metadata: ["error": "\(error)"])
                return
            }
            guard context.counters.open.load(ordering: .relaxed) < context.limits.maxConnections else {
                Syscalls.close(fd)
                continue
            }
            context.counters.open.add(1, ordering: .relaxed)
            var target = context.index
            var fewest = context.loops[target].connections.load(ordering: .relaxed)
            for (index, loop) in context.loops.enumerated() {
                let count = loop.connections.load(ordering: .relaxed)
                if count < fewest { fewest = count; target = index }
            }
            context.loops[target].connections.add(1, ordering: .relaxed)
            if target == context.index {
                adopt(fd)
            } else if !context.loops[target].mailbox.post(.adopt(fd: fd)) {
                Syscalls.close(fd)
                context.loops[target].connections.subtract(1, ordering: .relaxed)
                context.counters.open.subtract(1, ordering: .relaxed)
            }
        }
    }

    /// Registers an accepted connection with this loop (already counted in `open` and this loop's handle).
    func adopt(_ fd: Int32) {
        let ref = ConnectionRef(fd: fd, generation: nextGeneration)
        nextGeneration = nextGeneration == UInt32.max ? 1 : nextGeneration + 1
        let connection = Connection(
            fd: fd, ref: ref, limits: context.limits,
            deadline: now + context.limits.headReadTimeout, registeredEvents: Syscalls.epollIn | Syscalls.epollRdHup)
        let index = Int(fd)
        if index >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: index - connections.count + 64))
        }
        connections[index] = connection
        connectionCount += 1
        do {
            try Syscalls.epollControl(context.epollFD, op: 1, fd: fd, events: connection.registeredEvents, data: ref.epollData)
        } catch {
            close(connection)
            return
        }
        if graceDeadline != nil { close(connection) }
    }

    func connection(for ref: ConnectionRef) -> Connection? {
        let index = Int(ref.fd)
        guard index >= 0, index < connections.count, let connection = connections[index], connection.ref == ref else { return nil }
        return connection
    }

    // MARK: Messages from other threads

    func handleMessages() {
        // The taken messages' array goes back to the mailbox as its next queue (see `takeAll(swappingWith:)`).
        var messages: [LoopMessage] = []
        swap(&messages, &inbox)
        context.mailbox.takeAll(swappingWith: &messages)
        defer {
            messages.removeAll(keepingCapacity: true)
            inbox = messages
        }
        for message in messages {
            switch message {
            case .response(let ref, let sequence, let response):
                guard let connection = connection(for: ref),
                      case .awaitingResponse(let awaited) = connection.phase, awaited == sequence else { continue }
                respond(connection, response)
                resume(connection)
            case .produce(let ref, let sequence, let produce):
                guard let connection = connection(for: ref),
                      case .awaitingResponse(let awaited) = connection.phase, awaited == sequence else { continue }
                let made = produce()
                let finish = connection.finishProduced
                connection.finishProduced = nil
                if let finish { respond(connection, finish(consume made)) } else { respond(connection, made) }
                resume(connection)
            case .streamChunk(let ref, let bytes):
                guard let connection = connection(for: ref), case .streaming(_, let isChunked, _) = connection.phase else { continue }
                if isChunked {
                    let header = ResponseHeadWriter.chunkHeader(size: bytes.count)
                    send(connection, header, bytes)
                    send(connection, [HeaderSyntax.cr, HeaderSyntax.lf], [])
                } else {
                    send(connection, bytes, [])
                }
                guard self.connection(for: ref) != nil else { continue }
                connection.streamBytesUnreleased += bytes.count
                releaseStreamIfFlushed(connection)
                updateInterest(connection)
            case .streamEnd(let ref, let failed):
                guard let connection = connection(for: ref), case .streaming(let channel, let isChunked, let keepAlive) = connection.phase else { continue }
                channel.close()
                if failed {
                    context.logger.warning("streamed body failed; closing connection")
                    close(connection)
                    continue
                }
                if isChunked { send(connection, Array("0\r\n\r\n".utf8), []) }
                finish(connection, keptAlive: keepAlive && isChunked)
                resume(connection)
            case .adopt(let fd):
                adopt(fd)
            case .shutdown:
                beginDraining()
            }
        }
    }

    /// Continues with pipelined input once a deferred or streamed response is done.
    func resume(_ connection: Connection) {
        guard self.connection(for: connection.ref) != nil else { return }
        if case .reading = connection.phase { processInbound(connection) }
        if self.connection(for: connection.ref) != nil { updateInterest(connection) }
    }

    // MARK: Closing

    /// Our last response is out: close the write side and wait briefly for the peer's EOF.
    func beginLingering(_ connection: Connection) {
        Syscalls.shutdownWrite(connection.fd)
        connection.phase = .lingering(until: now + Self.lingerTime)
        connection.inbound = []
        updateInterest(connection)
    }

    func close(_ connection: Connection) {
        let index = Int(connection.fd)
        guard index < connections.count, connections[index] === connection else { return }
        if case .streaming(let channel, _, _) = connection.phase { channel.close() }
        connections[index] = nil
        connectionCount -= 1
        context.loops[context.index].connections.subtract(1, ordering: .relaxed)
        context.counters.open.subtract(1, ordering: .relaxed)
        Syscalls.close(connection.fd)  // also removes it from the epoll set
    }

    /// Times out slow heads and bodies (408), idle keep-alive connections and lingering
    /// closes (silently), and, past the shutdown grace period, everything.
    func sweepDeadlines() {
        if let graceDeadline, now >= graceDeadline {
            for connection in connections.compactMap({ $0 }) { close(connection) }
            return
        }
        for case let connection? in connections {
            switch connection.phase {
            case .reading:
                guard now >= connection.deadline else { continue }
                switch connection.deadlineKind {
                case .idle: close(connection)
                case .head: refuse(connection, .headTimeout)
                case .body: refuse(connection, .bodyTimeout)
                }
                if self.connection(for: connection.ref) != nil { updateInterest(connection) }
            case .lingering(let until):
                if now >= until { close(connection) }
            case .awaitingResponse, .streaming, .closing:
                continue
            }
        }
    }

    /// Graceful shutdown: stop accepting, close idle connections (nothing buffered, nothing unread
    /// in the socket), let the rest finish.
    func beginDraining() {
        guard graceDeadline == nil else { return }
        graceDeadline = now + context.shutdownGracePeriod
        policy.isDraining = true
        try? Syscalls.epollControl(context.epollFD, op: 2, fd: context.listenFD, events: 0, data: 0)
        // A connection whose next request already sits in the socket is not idle: it is read and
        // answered (with `Connection: close`); closing it would reset the request.
        for case let connection? in connections where connection.isIdle && Syscalls.unreadBytes(connection.fd) == 0 {
            close(connection)
        }
    }
}
