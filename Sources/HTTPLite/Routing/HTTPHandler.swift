/// What a handler gives back: a response now (the fast path, answered on the event
/// loop without a thread hop), or later (e.g. after the consent log's group commit).
public enum HandlerResponse: Sendable {
    case immediate(HTTPResponse)
    case deferred(@Sendable () async -> HTTPResponse)
    /// A response delivered by calling `respond` exactly once, from any thread. Cheaper than
    /// `.deferred` (no task): the consent log completes its group-commit waiters this way.
    case callback(@Sendable (_ respond: @escaping @Sendable (HTTPResponse) -> Void) -> Void)

    /// Applies `transform` to the response whenever it is produced.
    public func map(_ transform: @escaping @Sendable (HTTPResponse) -> HTTPResponse) -> HandlerResponse {
        switch self {
        case .immediate(let response):
            return .immediate(transform(response))
        case .deferred(let produce):
            return .deferred { transform(await produce()) }
        case .callback(let start):
            return .callback { respond in start { respond(transform($0)) } }
        }
    }

    /// Produces the response, awaiting a deferred one.
    public func resolve() async -> HTTPResponse {
        switch self {
        case .immediate(let response): response
        case .deferred(let produce): await produce()
        case .callback(let start):
            await withCheckedContinuation { continuation in start { continuation.resume(returning: $0) } }
        }
    }
}

/// Answers requests. Called on an event-loop thread: `handle` must not block; slow
/// work goes into `.deferred`.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest) -> HandlerResponse
}
