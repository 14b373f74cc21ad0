/// Decides, after each response, whether a connection reads the next request or closes
/// (RFC 9112 §9.3). Pure: the connection supplies the time and carries out the action.
struct KeepAlivePolicy: Sendable {
    enum Action: Equatable, Sendable {
        /// Keep the connection; close it silently if nothing arrives by `idleDeadline`.
        case readNext(idleDeadline: ContinuousClock.Instant)
        case close
    }

    /// How long a kept-alive connection may wait for its next request.
    var idleTimeout: Duration
    /// Set by graceful shutdown: every response from now on closes its connection.
    var isDraining = false

    /// Whether the client asked to keep the connection: HTTP/1.1 unless `Connection: close`;
    /// HTTP/1.0 only with `Connection: keep-alive`.
    static func clientWantsKeepAlive(version: HTTPVersion, hasClose: Bool, hasKeepAlive: Bool) -> Bool {
        if hasClose { return false }
        return version == .http1_1 || hasKeepAlive
    }

    /// Whether the response about to be sent should say the connection stays open.
    /// - Parameters:
    ///   - clientWantsKeepAlive: From the request (`clientWantsKeepAlive(version:hasClose:hasKeepAlive:)`).
    ///   - isErrorResponse: The server refused the request's framing; it always closes.
    ///   - isCloseDelimited: The body ends at close (a stream to an HTTP/1.0 client).
    func shouldKeepAlive(clientWantsKeepAlive: Bool, isErrorResponse: Bool = false, isCloseDelimited: Bool = false) -> Bool {
        clientWantsKeepAlive && !isDraining && !isErrorResponse && !isCloseDelimited
    }

    /// The next step once a response has been sent in full.
    func responseSent(keptAlive: Bool, now: ContinuousClock.Instant) -> Action {
        guard keptAlive, !isDraining else { return .close }
        return .readNext(idleDeadline: now + idleTimeout)
    }
}
