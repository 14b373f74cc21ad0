import HTTPLite

/// Adapters that let routes be written as throwing functions: an `APIError` becomes its
/// problem response, any other error a generic 500 (logged with its description).
enum RouteHandler {
    /// A handler answered on the event loop (must not block).
    static func immediate(logger: Logger, _ body: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) -> Router.Handler {
        { request in
            do {
                return .immediate(try body(request))
            } catch {
                return .immediate(APIError.response(for: error, logger: logger))
            }
        }
    }

    /// A handler that awaits (e.g. the consent log), answered off the event loop.
    static func deferred(logger: Logger, _ body: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) -> Router.Handler {
        { request in
            .deferred {
                do {
                    return try await body(request)
                } catch {
                    return APIError.response(for: error, logger: logger)
                }
            }
        }
    }
}
