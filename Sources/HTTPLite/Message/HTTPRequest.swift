/// One parsed request, body included. A value: handlers may keep it.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request-target exactly as received (origin-form, e.g. `/v1/cookies?category=analytics`).
    public var target: String
    /// The percent-decoded path, without the query.
    public var path: String
    /// Query parameters in order, percent-decoded (`+` is a space), duplicates kept.
    public var query: [(name: String, value: String)]
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Values captured by the matched route pattern (`/v1/cookies/{id}` → `["id": …]`); set by the router.
    public var pathParameters: [String: String]

    public init(
        method: HTTPMethod,
        target: String,
        path: String? = nil,
        query: [(name: String, value: String)]? = nil,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        pathParameters: [String: String] = [:]
    ) {
        self.method = method
        self.target = target
        let split = RequestTarget.split(target)
        self.path = path ?? split.path
        self.query = query ?? split.query
        self.version = version
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
    }

    /// The first value of query parameter `name`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Every value of query parameter `name`, in order.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }
}
