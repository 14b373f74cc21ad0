/// A response: status, headers and a body that is either bytes in hand or a stream.
///
/// The server adds `Content-Length` (bytes) or `Transfer-Encoding: chunked` (stream),
/// `Date`, and `Connection` itself; handlers set only their own headers.
public struct HTTPResponse: Sendable {
    /// How the head is held: the headers, or the headers with their head serialised once
    /// (`prepared()`), or a template's headers with its variable value. One enum rather than three
    /// stored properties: a copy of the response retains one reference less, and the struct stays
    /// small enough that the optimiser builds a templated response in place instead of making it
    /// twice and copying it (it did, with a stored `status` property observer and separate fields).
    enum Head: Sendable {
        case headers(HTTPHeaders)
        /// The headers and the head serialised from them by `prepared()`.
        case prepared(HTTPHeaders, PreparedHead)
        /// A response made from a template (`ResponseHeadTemplate.response`) and its variable header's value.
        case templated(ResponseHeadTemplate, String)
    }

    public var status: HTTPStatus {
        get { storedStatus }
        set {
            dropPreparation()
            storedStatus = newValue
        }
    }
    /// The headers. A response made from a `ResponseHeadTemplate` holds the template instead (no
    /// copy per response) and gives its headers with the variable header's value when read.
    public var headers: HTTPHeaders {
        get {
            switch head {
            case .headers(let headers), .prepared(let headers, _): headers
            case .templated(let template, let value): template.headers(value: value)
            }
        }
        set { head = .headers(newValue) }
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
    private var storedStatus: HTTPStatus
    /// `body`, or its first part when `bodyTail` is not empty.
    private(set) var storedBody: HTTPBody
    /// The bytes that follow `storedBody`'s (only with `.bytes`); usually empty.
    private(set) var bodyTail: [UInt8]
    private(set) var head: Head

    /// The head serialised by `prepared()`; `nil` once status, headers or body change.
    var preparedHead: PreparedHead? {
        if case .prepared(_, let prepared) = head { return prepared }
        return nil
    }
    /// The template this response was made from (`ResponseHeadTemplate.response`) and the value of its
    /// variable header; `nil` once status, headers or body change.
    var templatedHead: (template: ResponseHeadTemplate, value: String)? {
        if case .templated(let template, let value) = head { return (template, value) }
        return nil
    }

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: HTTPBody = .empty) {
        storedStatus = status
        storedBody = body
        bodyTail = []
        head = .headers(headers)
    }

    /// A response made from `template`: its headers stay the template's until changed; its body is
    /// `bytes` followed by `tail`.
    init(template: ResponseHeadTemplate, value: String, bytes: [UInt8], tail: [UInt8]) {
        storedStatus = template.status
        storedBody = .bytes(bytes)
        bodyTail = tail
        head = .templated(template, value)
    }

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], bytes: [UInt8]) {
        self.init(status: status, headers: headers, body: .bytes(bytes))
    }

    /// True when the response carries a prepared head (see `prepared()`) or was made from a
    /// `ResponseHeadTemplate` and not changed since.
    public var isPrepared: Bool {
        if case .headers = head { return false }
        return true
    }

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
        if case .headers = head { return }
        head = .headers(headers)
    }

    /// Gives the response the head serialised from its status, headers and body length (see `prepared()`).
    mutating func prepare(bodyCount: Int) {
        let headers = headers
        head = .prepared(headers, PreparedHead(status: status, headers: headers, bodyCount: bodyCount))
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
