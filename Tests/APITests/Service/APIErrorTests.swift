import HTTPLite
import Testing
@testable import ConsentService

@Suite struct APIErrorTests {
    private func body(_ response: HTTPResponse) throws -> JSONValue {
        guard case .bytes(let bytes) = response.body else { Issue.record("expected bytes"); return .null }
        return try JSONParser().parse(bytes)
    }

    /// Each error maps to its status and problem type slug.
    @Test(arguments: [
        (APIError.badRequest(parameter: "limit", reason: "must be 1-1000"), 400, "bad-request"),
        (.malformedJSON(reason: "x"), 400, "malformed-json"),
        (.validation([FieldProblem(pointer: "/a", message: "m")]), 422, "validation-failed"),
        (.unsupportedMediaType(supported: ["application/json"]), 415, "unsupported-media-type"),
        (.contentTooLarge(limit: 10), 413, "content-too-large"),
        (.notFound, 404, "not-found"),
        (.methodNotAllowed(allowed: [.GET]), 405, "method-not-allowed"),
        (.unauthorized, 401, "unauthorized"),
        (.conflict(reason: "key reused"), 409, "conflict"),
        (.notAcceptable(available: ["application/json"]), 406, "not-acceptable"),
        (.logUnavailable(reason: "disk full"), 503, "log-unavailable"),
        (.notReady(reason: "log: not writable"), 503, "not-ready"),
        (.internalError, 500, "internal-error"),
    ])
    func error_mapsToStatusAndType(error: APIError, status: Int, slug: String) throws {
        let response = error.response
        #expect(response.status.code == status)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let json = try body(response)
        #expect(json["type"] == .string("https://consent-service.dev/problems/\(slug)"))
        #expect(json["status"] == .number(String(status)))
        #expect(json["title"]?.stringValue?.isEmpty == false)
    }

    /// Validation problems list each field's pointer and message.
    @Test func validation_listsFieldProblems() throws {
        let json = try body(APIError.validation([FieldProblem(pointer: "/choices/analytics", message: "must be a boolean")]).response)
        #expect(json["errors"] == .array([.object([("pointer", .string("/choices/analytics")), ("message", .string("must be a boolean"))])]))
    }

    /// Only validation-style problems carry an `errors` list.
    @Test func nonValidation_hasNoErrorsMember() throws {
        #expect(try body(APIError.notFound.response)["errors"] == nil)
    }

    /// 405 carries Allow, 401 WWW-Authenticate with the realm, 503 Retry-After.
    @Test func statusSpecificHeaders_arePresent() {
        #expect(APIError.methodNotAllowed(allowed: [.GET, .HEAD]).response.headers["Allow"] == "GET, HEAD")
        #expect(APIError.unauthorized.response.headers["WWW-Authenticate"] == #"Bearer realm="consent-service""#)
        #expect(APIError.notReady(reason: "x").response.headers["Retry-After"] == "5")
        #expect(APIError.logUnavailable(reason: "x").response.headers["Retry-After"] == "5")
    }

    private struct SecretFailure: Error, CustomStringConvertible {
        var description: String { "open /srv/data/segment-1.log: token=abc" }
    }

    /// An unknown error is a generic 500: its description is logged, never sent.
    @Test func unknownError_isGeneric500WithDetailOnlyInLog() throws {
        let lines = LineCollector()
        let response = APIError.response(for: SecretFailure(), logger: Logger(label: "t", sink: lines.sink))
        #expect(response.status.code == 500)
        guard case .bytes(let bytes) = response.body else { Issue.record("expected bytes"); return }
        #expect(!String(decoding: bytes, as: UTF8.self).contains("segment"))
        #expect(lines.all.joined().contains("segment-1.log"))
    }

    /// A JSON parse error thrown by a route becomes 400 malformed-json.
    @Test func jsonParseError_is400() {
        let response = APIError.response(for: JSONParseError.tooDeep(limit: 2), logger: Logger(label: "t", sink: Logger.discard))
        #expect(response.status.code == 400)
    }
}
