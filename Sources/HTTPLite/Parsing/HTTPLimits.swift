/// Every byte, count and time limit the server enforces on a client, with its status.
public struct HTTPLimits: Sendable, Hashable {
    /// Longest request line, in bytes, CRLF excluded. Default 8,192. Exceeding it → 414.
    public var maxRequestLineBytes = 8_192
    /// Most header fields in one request. Default 100. Exceeding it → 431.
    public var maxHeaderCount = 100
    /// Request line plus all header bytes. Default 16,384. Exceeding it → 431.
    public var maxHeadBytes = 16_384
    /// Largest decoded request body, in bytes. Default 65,536 (64 KiB). Exceeding it → 413.
    public var maxBodyBytes = 65_536
    /// Time allowed to receive a complete head, from its first byte. Default 10 s. Exceeding it → 408, then close.
    public var headReadTimeout: Duration = .seconds(10)
    /// Time allowed to receive a complete body once the head is in. Default 30 s. Exceeding it → 408, then close.
    public var bodyReadTimeout: Duration = .seconds(30)
    /// How long a keep-alive connection may sit idle between requests. Default 60 s. Then it is closed without a reply.
    public var idleTimeout: Duration = .seconds(60)
    /// Most open client connections; further ones are accepted and closed at once. Default 10,000.
    public var maxConnections = 10_000
    /// Most answered requests whose responses are still queued unsent on one connection (a client
    /// pipelining requests without reading the responses). At this count the server stops reading
    /// from the connection until the client has taken a response. Default 32; at least 1 is used.
    public var maxPipelinedRequests = 32

    public init() {}
}
