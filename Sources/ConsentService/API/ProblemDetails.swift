import HTTPLite

/// An RFC 9457 problem body: `type`, `title`, `status`, `detail`, and for validation
/// an `errors` list of `{pointer, message}`. Served as `application/problem+json`.
struct ProblemDetails: Sendable, Equatable {
    static let typeBase = "https://consent-service.dev/problems/"
    static let mediaType = "application/problem+json"

    /// The slug after `typeBase` (e.g. `validation-failed`); `nil` renders `about:blank` (RFC 9457 §4.2.1).
    var slug: String?
    var title: String
    var status: HTTPStatus
    /// A human-readable explanation of this occurrence; never internal error text.
    var detail: String?
    var errors: [FieldProblem]

    init(slug: String?, title: String, status: HTTPStatus, detail: String? = nil, errors: [FieldProblem] = []) {
        self.slug = slug
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    /// The `type` URI.
    var type: String { slug.map { Self.typeBase + $0 } ?? "about:blank" }

    /// The JSON body; member order is fixed (type, title, status, detail, errors).
    var bytes: [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.member("type", type)
        json.member("title", title)
        json.member("status", status.code)
        if let detail { json.member("detail", detail) }
        if !errors.isEmpty {
            json.key("errors")
            json.beginArray()
            for problem in errors {
                json.beginObject()
                json.member("pointer", problem.pointer)
                json.member("message", problem.message)
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        return json.bytes
    }

    /// A response carrying this problem, with `extraHeaders` (e.g. `Allow`) added.
    func makeResponse(extraHeaders: HTTPHeaders = [:]) -> HTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": Self.mediaType, "Cache-Control": "no-store"]
        for field in extraHeaders { headers.add(field.name, field.value) }
        return HTTPResponse(status: status, headers: headers, bytes: bytes)
    }
}
