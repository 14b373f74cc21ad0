/// Turns a connection's inbound bytes into requests, one at a time: head, then body
/// (Content-Length or chunked). Pure: no I/O, no clock; the connection feeds it bytes.
struct RequestDecoder: Sendable {
    /// What the decoder found in the bytes offered.
    enum Event: Sendable {
        /// Nothing complete yet; offer the same bytes again with more appended.
        case needMoreBytes
        /// The head asked for `100 Continue` and its body has not started: send it now.
        case sendContinue
        /// A whole request. `wantsKeepAlive` is the client's preference (RFC 9112 §9.3).
        case request(HTTPRequest, wantsKeepAlive: Bool)
    }

    private enum Phase: Sendable {
        case head(searchFrom: Int)
        case lengthBody(RequestHead, length: Int)
        case chunkedBody(RequestHead, ChunkedBodyDecoder, [UInt8])
    }

    let limits: HTTPLimits
    private var phase = Phase.head(searchFrom: 0)

    init(limits: HTTPLimits) { self.limits = limits }

    /// True once a head is complete and its body is still being read (body timeout applies).
    var isReadingBody: Bool {
        if case .head = phase { return false }
        return true
    }

    /// Decodes from the start of `bytes`.
    /// - Returns: The event and how many bytes of `bytes` it used (drop them before the next call).
    /// - Throws: `HTTPParseError`; the connection must answer it and close.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (event: Event, consumed: Int) {
        switch phase {
        case .head(let searchFrom):
            guard case .complete(let head, let headLength) = try RequestHeadParser.parse(bytes, limits: limits, searchFrom: searchFrom) else {
                phase = .head(searchFrom: max(0, bytes.count - 3))
                return (.needMoreBytes, 0)
            }
            let framing = try BodyFraming(head, limits: limits)
            var expectsContinue = false
            if let expectation = head.expectation, head.version == .http1_1 {
                guard HTTPHeaders.namesEqual(expectation, "100-continue") else { throw .unsupportedExpectation }
                expectsContinue = true
            }
            switch framing {
            case .none:
                phase = .head(searchFrom: 0)
                return (Self.complete(head, body: []), headLength)
            case .length(let length) where bytes.count - headLength >= length && !(expectsContinue && bytes.count == headLength):
                // The whole body is here (the usual small POST): answer without parking the head in `phase`.
                phase = .head(searchFrom: 0)
                let body = Array(UnsafeBufferPointer(rebasing: bytes[headLength..<(headLength + length)]))
                return (Self.complete(head, body: body), headLength + length)
            case .length(let length):
                phase = .lengthBody(head, length: length)
            case .chunked:
                phase = .chunkedBody(head, ChunkedBodyDecoder(limits: limits), [])
            }
            if expectsContinue && bytes.count == headLength { return (.sendContinue, headLength) }
            let rest = UnsafeBufferPointer(rebasing: bytes[headLength...])
            let (event, used) = try decode(rest)
            return (event, headLength + used)
        case .lengthBody(let head, let length):
            guard bytes.count >= length else { return (.needMoreBytes, 0) }
            phase = .head(searchFrom: 0)
            return (Self.complete(head, body: Array(UnsafeBufferPointer(rebasing: bytes[0..<length]))), length)
        case .chunkedBody(let head, var decoder, var body):
            phase = .head(searchFrom: 0)  // release the body's storage from `phase` while decoding
            let used = try decoder.decode(bytes, into: &body)
            if decoder.isComplete {
                return (Self.complete(head, body: body), used)
            }
            phase = .chunkedBody(head, decoder, body)
            return (.needMoreBytes, used)
        }
    }

    /// Convenience for tests: decodes from an array.
    mutating func decode(_ bytes: [UInt8]) throws(HTTPParseError) -> (event: Event, consumed: Int) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(HTTPParseError) in try decode(buffer) }
    }

    private static func complete(_ head: RequestHead, body: [UInt8]) -> Event {
        let request = HTTPRequest(method: head.method, target: head.target, version: head.version, headers: head.headers, body: body)
        let keepAlive = KeepAlivePolicy.clientWantsKeepAlive(
            version: head.version, hasClose: head.hasConnectionClose, hasKeepAlive: head.hasConnectionKeepAlive)
        return .request(request, wantsKeepAlive: keepAlive)
    }
}
