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
    private var connections: [Connection?] = []
    private var connectionCount = 0
    private var nextGeneration: UInt32 = 1
    private let readBuffer: UnsafeMutableRawBufferPointer
    private let eventBuffer: UnsafeMutableRawBufferPointer
    private var headBuffer: [UInt8] = []
    private var dateCache = DateHeaderCache()
    private var policy: KeepAlivePolicy
    private var now = ContinuousClock.now
    private var nextSweep = ContinuousClock.now
    private var graceDeadline: ContinuousClock.Instant?

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
        while true {
            let timeout: Int32 = connectionCount > 0 || graceDeadline != nil ? 100 : 1_000
            let count: Int
            do {
                count = try Syscalls.epollWait(context.epollFD, into: eventBuffer, timeoutMilliseconds: timeout)
            } catch {
                context.logger.error("epoll_wait failed", metadata: ["error": "\(error)"])
                break
            }
            now = .now
            dateCache.refresh(secondsSinceEpoch: Syscalls.wallClockSeconds())
            for i in 0..<count {
                let offset = i * Syscalls.epollEventSize
                let events = eventBuffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                let data = eventBuffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt64.self)
                switch data {
                case Self.listenerData: acceptConnections()
                case Self.wakeData: handleMessages()
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
        context.mailbox.close()
        Syscalls.close(context.epollFD)
    }

    // MARK: Accepting

    /// Accepts at most `acceptsPerWakeup` connections and gives each to the loop owning the
    /// fewest (this one on ties), so a burst of connections is spread evenly over the loops.
    private func acceptConnections() {
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
    private func adopt(_ fd: Int32) {
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

    private func connection(for ref: ConnectionRef) -> Connection? {
        let index = Int(ref.fd)
        guard index >= 0, index < connections.count, let connection = connections[index], connection.ref == ref else { return nil }
        return connection
    }

    // MARK: Readiness

    private func handleEvents(_ events: UInt32, for ref: ConnectionRef) {
        guard let connection = connection(for: ref) else { return }
        if events & (Syscalls.epollErr | Syscalls.epollHup) != 0 && events & Syscalls.epollIn == 0 {
            close(connection)
            return
        }
        if events & Syscalls.epollOut != 0 {
            flush(connection)
            guard self.connection(for: ref) != nil else { return }
        }
        if events & (Syscalls.epollIn | Syscalls.epollRdHup) != 0 {
            readAvailable(connection)
        }
        if self.connection(for: ref) != nil { updateInterest(connection) }
    }

    private func readAvailable(_ connection: Connection) {
        let count: Int
        do {
            count = try Syscalls.read(connection.fd, into: readBuffer)
        } catch .wouldBlock {
            return
        } catch {
            close(connection)  // EOF or reset: no reply (RFC 9112 §9.6)
            return
        }
        switch connection.phase {
        case .reading:
            break
        case .lingering:
            return  // discard
        case .awaitingResponse, .streaming, .closing:
            // Interest is off in these phases; keep what arrived for later, bounded.
            if connection.inbound.count + count > context.limits.maxHeadBytes + context.limits.maxBodyBytes + Self.readBufferSize {
                close(connection)
                return
            }
            connection.inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            return
        }
        if connection.inbound.isEmpty {
            let bytes = UnsafeBufferPointer(start: readBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
            let used = process(connection, bytes)
            if used < count, self.connection(for: connection.ref) != nil {
                connection.inbound.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[used...]))
            }
        } else {
            connection.inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            processInbound(connection)
        }
    }

    /// Decodes and answers what is buffered in `connection.inbound`.
    private func processInbound(_ connection: Connection) {
        guard !connection.inbound.isEmpty else { return }
        let buffered = connection.inbound
        let used = buffered.withUnsafeBufferPointer { process(connection, $0) }
        guard self.connection(for: connection.ref) != nil else { return }
        if used == buffered.count {
            connection.inbound = []
        } else if used > 0 {
            connection.inbound = Array(buffered[used...])
        }
    }

    /// Decodes requests from `bytes` and answers each in order while the connection is reading.
    /// - Returns: Bytes consumed.
    private func process(_ connection: Connection, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = 0
        while offset < bytes.count, case .reading = connection.phase, connection.pendingOutput < Self.outboundBound {
            if connection.deadlineKind == .idle {
                connection.deadlineKind = .head
                connection.deadline = now + context.limits.headReadTimeout
            }
            let event: RequestDecoder.Event
            let used: Int
            do {
                (event, used) = try connection.decoder.decode(UnsafeBufferPointer(rebasing: bytes[offset...]))
            } catch {
                refuse(connection, error)
                return bytes.count
            }
            offset += used
            switch event {
            case .needMoreBytes:
                if connection.decoder.isReadingBody, connection.deadlineKind != .body {
                    connection.deadlineKind = .body
                    connection.deadline = now + context.limits.bodyReadTimeout
                }
                return offset
            case .sendContinue:
                connection.deadlineKind = .body
                connection.deadline = now + context.limits.bodyReadTimeout
                send(connection, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), [])
            case .request(let request, let wantsKeepAlive):
                dispatch(request, wantsKeepAlive: wantsKeepAlive, on: connection)
            }
            guard self.connection(for: connection.ref) != nil else { return bytes.count }
        }
        return offset
    }

    // MARK: Answering

    private func dispatch(_ request: HTTPRequest, wantsKeepAlive: Bool, on connection: Connection) {
        connection.sequence &+= 1
        connection.current = .init(version: request.version, isHead: request.method == .HEAD, wantsKeepAlive: wantsKeepAlive)
        switch context.handler.handle(request) {
        case .immediate(let response):
            respond(connection, response)
        case .deferred(let produce):
            let sequence = connection.sequence, ref = connection.ref, mailbox = context.mailbox
            connection.phase = .awaitingResponse(sequence: sequence)
            Task {
                let response = await produce()
                mailbox.post(.response(ref, sequence: sequence, response))
            }
        case .callback(let start):
            let sequence = connection.sequence, ref = connection.ref, mailbox = context.mailbox
            connection.phase = .awaitingResponse(sequence: sequence)
            start { response in mailbox.post(.response(ref, sequence: sequence, response)) }
        }
    }

    /// Answers a refused request once with `Connection: close`, then closes (RFC 9112 §6.3, STYLE R6).
    private func refuse(_ connection: Connection, _ error: HTTPParseError) {
        context.logger.debug("request refused", metadata: ["http.status": "\(error.status.code)", "error": error.detail])
        connection.current = .init(version: .http1_1, isHead: false, wantsKeepAlive: false)
        respond(connection, ProblemResponse.make(for: error), isError: true)
    }

    /// Writes `response` for the current request and moves the connection on.
    private func respond(_ connection: Connection, _ response: HTTPResponse, isError: Bool = false) {
        let current = connection.current
        switch response.body {
        case .bytes(let body):
            let hasContent = response.status.allowsContent
            let keepAlive = policy.shouldKeepAlive(clientWantsKeepAlive: current.wantsKeepAlive, isErrorResponse: isError)
            ResponseHeadWriter.write(
                status: response.status, headers: response.headers, framing: hasContent ? .length(body.count) : .noContent,
                version: current.version, keepAlive: keepAlive, dateLine: dateCache.line, into: &headBuffer)
            send(connection, headBuffer, hasContent && !current.isHead ? body : [])
            finish(connection, keptAlive: keepAlive)
        case .stream(let produce):
            let isChunked = current.version == .http1_1
            let sendsBody = response.status.allowsContent && !current.isHead
            let keepAlive = policy.shouldKeepAlive(
                clientWantsKeepAlive: current.wantsKeepAlive, isErrorResponse: isError, isCloseDelimited: !isChunked && sendsBody)
            ResponseHeadWriter.write(
                status: response.status, headers: response.headers,
                framing: !response.status.allowsContent ? .noContent : (isChunked ? .chunked : .closeDelimited),
                version: current.version, keepAlive: keepAlive, dateLine: dateCache.line, into: &headBuffer)
            send(connection, headBuffer, [])
            guard sendsBody else {
                finish(connection, keptAlive: keepAlive)
                return
            }
            let channel = StreamChannel()
            connection.phase = .streaming(channel, isChunked: isChunked, keepAlive: keepAlive)
            let writer = ConnectionBodyWriter(channel: channel, mailbox: context.mailbox, connection: connection.ref)
            let mailbox = context.mailbox, ref = connection.ref
            Task {
                do {
                    try await produce(writer)
                    mailbox.post(.streamEnd(ref, failed: false))
                } catch {
                    mailbox.post(.streamEnd(ref, failed: true))
                }
            }
        }
    }

    /// After a response is queued: read the next request, or flush and close.
    private func finish(_ connection: Connection, keptAlive: Bool) {
        guard self.connection(for: connection.ref) != nil else { return }
        switch policy.responseSent(keptAlive: keptAlive, now: now) {
        case .readNext(let idleDeadline):
            connection.phase = .reading
            connection.deadlineKind = .idle
            connection.deadline = idleDeadline
        case .close:
            connection.phase = .closing
            if connection.pendingOutput == 0 { beginLingering(connection) }
        }
    }

    // MARK: Messages from other threads

    private func handleMessages() {
        for message in context.mailbox.takeAll() {
            switch message {
            case .response(let ref, let sequence, let response):
                guard let connection = connection(for: ref),
                      case .awaitingResponse(let awaited) = connection.phase, awaited == sequence else { continue }
                respond(connection, response)
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
    private func resume(_ connection: Connection) {
        guard self.connection(for: connection.ref) != nil else { return }
        if case .reading = connection.phase { processInbound(connection) }
        if self.connection(for: connection.ref) != nil { updateInterest(connection) }
    }

    // MARK: Writing

    /// Writes `head` and `body` with one `sendmsg` when nothing is queued; queues the rest.
    private func send(_ connection: Connection, _ head: [UInt8], _ body: [UInt8]) {
        if connection.pendingOutput > 0 {
            connection.outbound.append(contentsOf: head)
            connection.outbound.append(contentsOf: body)
            return
        }
        let written: Int
        do {
            written = try head.withUnsafeBytes { h in
                try body.withUnsafeBytes { b in try Syscalls.write(connection.fd, h, b) }
            }
        } catch {
            close(connection)
            return
        }
        if written < head.count {
            connection.outbound = Array(head[written...])
            connection.outbound.append(contentsOf: body)
            connection.outboundOffset = 0
        } else if written < head.count + body.count {
            connection.outbound = Array(body[(written - head.count)...])
            connection.outboundOffset = 0
        }
    }

    /// Writes queued output after `EPOLLOUT`.
    private func flush(_ connection: Connection) {
        guard connection.pendingOutput > 0 else { return }
        let written: Int
        do {
            written = try connection.outbound.withUnsafeBytes { raw in
                try Syscalls.write(connection.fd, UnsafeRawBufferPointer(rebasing: raw[connection.outboundOffset...]), UnsafeRawBufferPointer(start: nil, count: 0))
            }
        } catch {
            close(connection)
            return
        }
        connection.outboundOffset += written
        if connection.pendingOutput == 0 {
            connection.outbound = []
            connection.outboundOffset = 0
            releaseStreamIfFlushed(connection)
            switch connection.phase {
            case .closing: beginLingering(connection)
            case .reading: processInbound(connection)
            default: break
            }
        }
    }

    private func releaseStreamIfFlushed(_ connection: Connection) {
        guard connection.pendingOutput == 0, connection.streamBytesUnreleased > 0,
              case .streaming(let channel, _, _) = connection.phase else { return }
        channel.release(connection.streamBytesUnreleased)
        connection.streamBytesUnreleased = 0
    }

    /// Registers the epoll interest the connection's phase needs (only when it changed).
    private func updateInterest(_ connection: Connection) {
        var wanted: UInt32 = 0
        switch connection.phase {
        case .reading:
            if connection.pendingOutput < Self.outboundBound { wanted |= Syscalls.epollIn | Syscalls.epollRdHup }
        case .lingering:
            wanted |= Syscalls.epollIn | Syscalls.epollRdHup
        case .awaitingResponse, .streaming, .closing:
            break
        }
        if connection.pendingOutput > 0 { wanted |= Syscalls.epollOut }
        guard wanted != connection.registeredEvents else { return }
        do {
            try Syscalls.epollControl(context.epollFD, op: 3, fd: connection.fd, events: wanted, data: connection.ref.epollData)
            connection.registeredEvents = wanted
        } catch {
            close(connection)
        }
    }

    // MARK: Closing

    /// Our last response is out: close the write side and wait briefly for the peer's EOF.
    private func beginLingering(_ connection: Connection) {
        Syscalls.shutdownWrite(connection.fd)
        connection.phase = .lingering(until: now + Self.lingerTime)
        connection.inbound = []
        updateInterest(connection)
    }

    private func close(_ connection: Connection) {
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
    private func sweepDeadlines() {
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

    /// Graceful shutdown: stop accepting, close idle connections, let the rest finish.
    private func beginDraining() {
        guard graceDeadline == nil else { return }
        graceDeadline = now + context.shutdownGracePeriod
        policy.isDraining = true
        try? Syscalls.epollControl(context.epollFD, op: 2, fd: context.listenFD, events: 0, data: 0)
        for case let connection? in connections where connection.isIdle { close(connection) }
    }
}
