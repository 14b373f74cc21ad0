/// A response: status, headers and a body that is either bytes in hand or a stream.
///
/// The server adds `Content-Length` (bytes) or `Transfer-Encoding: chunked` (stream),
/// `Date`, and `Connection` itself; handlers set only their own headers.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus { willSet { dropPreparation() } }
    /// The headers. A response made from a `ResponseHeadTemplate` holds the template's instead (no
    /// copy per response) and gives them with its variable header's value when read.
    public var headers: HTTPHeaders {
        get {
            guard let templatedHead else { return storedHeaders }
            return templatedHead.template.headers(value: templatedHead.value)
        }
        set {
            preparedHead = nil
            templatedHead = nil
            storedHeaders = newValue
        }
    }
    /// The body. A response made with a separate body tail (`ResponseHeadTemplate.response(value:bytes:tail:)`)
    /// keeps the two parts apart (the server writes both, nothing is joined) and gives them joined when read.
    public var body: HTTPBody {
        get {
            guard !bodyTail.isEmpty, case .bytes(let first) = storedBody else { return storedBody }
            return .bytes(first + bodyTail)
        }
        set {
            dropPreparation()
            storedBody = newValue
            bodyTail = []
        }
    }
    /// `body`, or its first part when `bodyTail` is not empty.
    private(set) var storedBody: HTTPBody
    /// The bytes that follow `storedBody`'s (only with `.bytes`); usually empty.
    private(set) var bodyTail: [UInt8] = []
    /// `headers`, except for a templated response: its template's headers (variable value as made).
    private var storedHeaders: HTTPHeaders
    /// The head serialised by `prepared()`; `nil` once status, headers or body change.
    var preparedHead: PreparedHead?
    /// The template this response was made from (`ResponseHeadTemplate.response`) and the value of its
    /// variable header; `nil` once status, headers or body change.
    private(set) var templatedHead: (template: ResponseHeadTemplate, value: String)?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: HTTPBody = .empty) {
        self.status = status
        self.storedHeaders = headers
        self.storedBody = body
    }

    /// A response made from `template`: its headers stay the template's until changed; its body is
    /// `bytes` followed by `tail`.
    init(template: ResponseHeadTemplate, value: String, bytes: [UInt8], tail: [UInt8]) {
        self.status = template.status
        self.storedHeaders = template.headers
        self.storedBody = .bytes(bytes)
        self.bodyTail = tail
        self.templatedHead = (template, value)
    }

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], bytes: [UInt8]) {
        self.init(status: status, headers: headers, body: .bytes(bytes))
    }

    /// True when the response carries a prepared head (see `prepared()`) or was made from a
    /// `ResponseHeadTemplate` and not changed since.
    public var isPrepared: Bool { preparedHead != nil || templatedHead != nil }

    /// The body's length in bytes, without joining its parts; `nil` for a stream.
    public var bodyCount: Int? {
        switch storedBody {
        case .bytes(let bytes): bytes.count + bodyTail.count
        case .stream: nil
        }
    }

    /// Makes the body one part (for `prepared()`, whose head is sent with the body as one piece).
    mutating func joinBody() {
        guard !bodyTail.isEmpty else { return }
        storedBody = body
        bodyTail = []
    }

    /// Before a change to status or body: the template's headers (with the value) become this
    /// response's own, and the prepared or templated head is dropped.
    private mutating func dropPreparation() {
        if let templatedHead { storedHeaders = templatedHead.template.headers(value: templatedHead.value) }
        preparedHead = nil
        templatedHead = nil
    }
}

/// A response body.
public enum HTTPBody: Sendable {
    /// Content in hand; sent with `Content-Length`. Share one array across responses to avoid copies.
    case bytes([UInt8])
    /// Content produced over time (exports); sent with `Transfer-Encoding: chunked`
    /// (or until close for HTTP/1.0). The producer awaits each `write`, which gives back-pressure.
    case stream(@Sendable (any BodyStreamWriter) async throws -> Void)

    public static let empty = HTTPBody.bytes([])
}

/// Where a streamed body goes. `write` returns once the bytes are queued within the
/// connection's buffer limit; it throws when the client has gone away.
public protocol BodyStreamWriter: Sendable {
    func write(_ bytes: [UInt8]) async throws
}
