/// One client connection's state. Owned and touched only by its event loop's thread.
final class Connection {
    enum Phase {
        /// Reading and answering requests.
        case reading
        /// Waiting for the `.deferred`/`.callback` response to request `sequence`; not reading.
        case awaitingResponse(sequence: UInt64)
        /// Writing a streamed body; `isChunked` is false for close-delimited (HTTP/1.0).
        case streaming(StreamChannel, isChunked: Bool, keepAlive: Bool)
        /// Flushing the last response, then closing the write side.
        case closing
        /// Write side closed; discarding input until EOF or `until`, so the peer sees the reply, not a reset.
        case lingering(until: ContinuousClock.Instant)
    }

    /// Which clock runs in `.reading`.
    enum Deadline {
        /// Between requests: close silently at `deadline`.
        case idle
        /// A head has started: 408 at `deadline`.
        case head
        /// A body is being read: 408 at `deadline`.
        case body
    }

    /// The request being answered: what its response needs to know.
    struct CurrentRequest {
        var version: HTTPVersion
        var isHead: Bool
        var wantsKeepAlive: Bool
    }

    let fd: Int32
    let ref: ConnectionRef
    var decoder: RequestDecoder
    var phase = Phase.reading
    var deadlineKind = Deadline.idle
    var deadline: ContinuousClock.Instant
    var sequence: UInt64 = 0
    var current = CurrentRequest(version: .http1_1, isHead: false, wantsKeepAlive: false)
    /// The `finish` of the `.callbackOnLoop` response awaited, applied to what its `produce` makes.
    var finishProduced: (@Sendable (consuming HTTPResponse) -> HTTPResponse)?
    /// Bytes received but not yet consumed by the decoder.
    var inbound: [UInt8] = []
    /// Bytes not yet accepted by the socket, from `outboundOffset` on.
    var outbound: [UInt8] = []
    var outboundOffset = 0
    /// Bytes ever passed to `send` on this connection (written or queued).
    var bytesQueued: UInt64 = 0
    /// For each response not yet completely written, oldest first: the value `bytesQueued` had
    /// after its last byte. Its count is what `HTTPLimits.maxPipelinedRequests` bounds.
    var unsentResponseEnds: [UInt64] = []
    /// Streamed-body bytes appended to `outbound` and not yet reported written.
    var streamBytesUnreleased = 0
    /// The epoll interest currently registered.
    var registeredEvents: UInt32

    init(fd: Int32, ref: ConnectionRef, limits: HTTPLimits, deadline: ContinuousClock.Instant, registeredEvents: UInt32) {
        self.fd = fd
        self.ref = ref
        self.decoder = RequestDecoder(limits: limits)
        self.deadline = deadline
        self.registeredEvents = registeredEvents
    }

    var pendingOutput: Int { outbound.count - outboundOffset }

    /// Bytes of everything sent so far that the socket has accepted.
    var bytesWritten: UInt64 { bytesQueued - UInt64(pendingOutput) }

    /// Requests read whose responses are not yet completely written: queued responses, plus the
    /// one a deferred or callback handler is still producing.
    var unansweredRequests: Int { unsentResponseEnds.count + (isAwaitingResponse ? 1 : 0) }

    /// Forgets queued responses whose last byte the socket has accepted.
    func dropWrittenResponses() {
        let written = bytesWritten
        var done = 0
        while done < unsentResponseEnds.count && unsentResponseEnds[done] <= written { done += 1 }
        if done > 0 { unsentResponseEnds.removeFirst(done) }
    }

    var isAwaitingResponse: Bool {
        if case .awaitingResponse = phase { return true }
        return false
    }

    /// True between requests with nothing buffered: safe to close at shutdown.
    var isIdle: Bool {
        guard case .reading = phase else { return false }
        return deadlineKind == .idle && inbound.isEmpty && pendingOutput == 0
    }
}
