/// What a handler gives back: a response now (the fast path, answered on the event
/// loop without a thread hop), or later (e.g. after the consent log's group commit).
public enum HandlerResponse: Sendable {
    case immediate(HTTPResponse)
    case deferred(@Sendable () async -> HTTPResponse)
    /// A response delivered by calling `respond` exactly once, from any thread. Cheaper than
    /// `.deferred` (no task): the consent log completes its group-commit waiters this way.
    case callback(@Sendable (_ respond: @escaping @Sendable (HTTPResponse) -> Void) -> Void)
    /// Like `.callback`, but what is handed over (exactly once, from any thread) is a closure that
    /// *makes* the response; the connection's event loop calls it, and every `map` transform, just
    /// before writing. A producer that completes many requests at once (the consent log's group
    /// commit) then only queues closures, and the per-response work runs on the loops in parallel.
    /// `produce` is not called if the connection closed meanwhile.
    ///
    /// `finish` holds the `map` transforms, composed when mapped (on the loop that handles the request)
    /// and applied by the loop to what `produce` makes: calling `complete` wraps nothing, so the
    /// producer's thread allocates no closure per transform.
    case callbackOnLoop(
        _ start: @Sendable (_ complete: @escaping @Sendable (_ produce: @escaping @Sendable () -> HTTPResponse) -> Void) -> Void,
        finish: (@Sendable (consuming HTTPResponse) -> HTTPResponse)? = nil)

    /// Applies `transform` to the response whenever it is produced.
    public func map(_ transform: @escaping @Sendable (consuming HTTPResponse) -> HTTPResponse) -> HandlerResponse {
        switch self {
        case .immediate(let response):
            return .immediate(transform(response))
        case .deferred(let produce):
            return .deferred { transform(await produce()) }
        case .callback(let start):
            return .callback { respond in start { respond(transform($0)) } }
        case .callbackOnLoop(let start, let finish):
            guard let finish else { return .callbackOnLoop(start, finish: transform) }
            return .callbackOnLoop(start, finish: { transform(finish($0)) })
        }
    }

    /// Produces the response, awaiting a deferred one.
    public func resolve() async -> HTTPResponse {
        switch self {
        case .immediate(let response): response
        case .deferred(let produce): await produce()
        case .callback(let start):
            await withCheckedContinuation { continuation in start { continuation.resume(returning: $0) } }
        case .callbackOnLoop(let start, let finish):
            await withCheckedContinuation { continuation in
                start { produce in
                    let made = produce()
                    continuation.resume(returning: finish?(made) ?? made)
                }
            }
        }
    }
}

/// Answers requests. Called on an event-loop thread: `handle` must not block; slow
/// work goes into `.deferred`.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest) -> HandlerResponse
}
