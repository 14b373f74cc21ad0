import HTTPLite

extension HTTPResponse {
    /// The `Content-Type` of JSON responses.
    static let jsonContentType = "application/json"

    /// A JSON response with `bytes` as the body (e.g. `JSONWriter.bytes`).
    static func json(_ bytes: [UInt8], status: HTTPStatus = .ok, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all: HTTPHeaders = ["Content-Type": jsonContentType]
        for field in headers { all.add(field.name, field.value) }
        return HTTPResponse(status: status, headers: all, bytes: bytes)
    }
}
