/// Reading, parsing and writing for the connections of one `EventLoop` (same thread).
extension EventLoop {
    // MARK: Readiness

    func handleEvents(_ events: UInt32, for ref: ConnectionRef) {
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

    func readAvailable(_ connection: Connection) {
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
            // Not parsed in these phases: keep what arrived for later, bounded (see `updateInterest`).
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
    func processInbound(_ connection: Connection) {
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
    func process(_ connection: Connection, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = 0
        while offset < bytes.count, case .reading = connection.phase, !isBackPressured(connection) {
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

    /// True while the client has not taken enough of its responses: `outboundBound` bytes or
    /// `maxPipelinedRequests` responses are queued. Such a connection is neither read nor parsed
    /// until `flush` has drained the queue below both bounds.
    func isBackPressured(_ connection: Connection) -> Bool {
        connection.pendingOutput >= Self.outboundBound
            || connection.unsentResponseEnds.count >= max(1, context.limits.maxPipelinedRequests)
    }

    // MARK: Writing

    /// Writes `head` and `body` with one `sendmsg` when nothing is queued; queues the rest.
    func send(_ connection: Connection, _ head: [UInt8], _ body: [UInt8]) {
        send(connection, head, body, [])
    }

    /// Writes the three pieces, in order, with one `sendmsg` when nothing is queued; queues what
    /// the socket did not take.
    func send(_ connection: Connection, _ first: [UInt8], _ second: [UInt8], _ third: [UInt8]) {
        let total = first.count + second.count + third.count
        connection.bytesQueued &+= UInt64(total)
        if connection.pendingOutput > 0 {
            connection.outbound.append(contentsOf: first)
            connection.outbound.append(contentsOf: second)
            connection.outbound.append(contentsOf: third)
            return
        }
        let written: Int
        do {
            written = try first.withUnsafeBytes { a in
                try second.withUnsafeBytes { b in
                    try third.withUnsafeBytes { c in try Syscalls.write(connection.fd, a, b, c) }
                }
            }
        } catch {
            close(connection)
            return
        }
        guard written < total else { return }
        var skip = written
        connection.outbound = []
        connection.outbound.reserveCapacity(total - written)
        for piece in [first, second, third] {
            if skip >= piece.count {
                skip -= piece.count
            } else {
                connection.outbound.append(contentsOf: piece[skip...])
                skip = 0
            }
        }
        connection.outboundOffset = 0
    }

    /// Writes queued output after `EPOLLOUT`.
    func flush(_ connection: Connection) {
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
        connection.dropWrittenResponses()
        if connection.pendingOutput == 0 {
            connection.outbound = []
            connection.outboundOffset = 0
            releaseStreamIfFlushed(connection)
            if case .closing = connection.phase {
                beginLingering(connection)
                return
            }
        }
        if case .reading = connection.phase, !isBackPressured(connection) { processInbound(connection) }
    }

    func releaseStreamIfFlushed(_ connection: Connection) {
        guard connection.pendingOutput == 0, connection.streamBytesUnreleased > 0,
              case .streaming(let channel, _, _) = connection.phase else { return }
        channel.release(connection.streamBytesUnreleased)
        connection.streamBytesUnreleased = 0
    }

    /// Registers the epoll interest the connection's phase needs (only when it changed).
    func updateInterest(_ connection: Connection) {
        var wanted: UInt32 = 0
        switch connection.phase {
        case .reading:
            if !isBackPressured(connection) { wanted |= Syscalls.epollIn | Syscalls.epollRdHup }
        case .lingering:
            wanted |= Syscalls.epollIn | Syscalls.epollRdHup
        case .awaitingResponse:
            // Clients almost always wait for the answer, so reading stays registered (no `epoll_ctl`
            // per deferred request); once bytes do arrive (a pipelined request, or EOF) they are
            // kept, and reading stops until the response is written.
            if connection.inbound.isEmpty && !isBackPressured(connection) { wanted |= Syscalls.epollIn | Syscalls.epollRdHup }
        case .streaming, .closing:
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
}
