import HTTPLite
import Testing
@testable import ConsentService

@Suite struct JSONRequestBodyTests {
    private func request(_ body: String, contentType: String? = "application/json") -> HTTPRequest {
        var headers = HTTPHeaders()
        if let contentType { headers.add("Content-Type", contentType) }
        return HTTPRequest(method: .POST, target: "/v1/consents", headers: headers, body: Array(body.utf8))
    }

    private func failure(_ request: HTTPRequest, _ reader: JSONRequestBody = JSONRequestBody()) -> APIError? {
        do { _ = try reader.decode(request); return nil } catch { return error }
    }

    /// JSON and text/plain bodies (with UTF-8 charset parameters, any case) are accepted.
    @Test(arguments: ["application/json", "text/plain", "text/plain;charset=UTF-8", "Application/JSON; charset=\"utf-8\"",
                      "application/json; charset=utf-8; foo=bar", "application/json;"])
    func supportedContentTypes_areAccepted(contentType: String) throws {
        #expect(try JSONRequestBody().decode(request(#"{"a":1}"#, contentType: contentType))["a"] == .number("1"))
    }

    /// Missing, other or non-UTF-8 content types are refused with 415.
    @Test(arguments: [nil, "application/xml", "application/x-www-form-urlencoded", "text/plain; charset=latin1",
                      "application/jsonx", "application/json; charset", "multipart/form-data; boundary=x"] as [String?])
    func unsupportedContentTypes_are415(contentType: String?) {
        #expect(failure(request("{}", contentType: contentType)) == .unsupportedMediaType(supported: ["application/json", "text/plain"]))
    }

    /// A body of exactly the limit is read; one byte more is 413.
    @Test func sizeLimit_isEnforcedAtLimitPlusOne() throws {
        let reader = JSONRequestBody(maxBytes: 16)
        let atLimit = #"{"a":"12345678"}"#
        #expect(atLimit.utf8.count == 16)
        _ = try reader.decode(request(atLimit))
        #expect(failure(request(#"{"a":"123456789"}"#), reader) == .contentTooLarge(limit: 16))
    }

    /// An empty body is malformed JSON, not an empty object.
    @Test func emptyBody_isMalformed() {
        #expect(failure(request("")) == .malformedJSON(reason: "the body is empty"))
    }

    /// Invalid JSON is 400 malformed-json with a reason that names the byte offset.
    @Test func invalidJSON_isMalformedWithOffset() {
        guard case .malformedJSON(let reason) = failure(request(#"{"a":}"#)) else { Issue.record("expected malformedJSON"); return }
        #expect(reason.contains("byte 5"))
    }

    /// Duplicate keys surface as malformed JSON naming the pointer.
    @Test func duplicateKeys_areMalformed() {
        #expect(failure(request(#"{"a":1,"a":2}"#)) == .malformedJSON(reason: "duplicate member /a"))
    }

    /// A body nested deeper than the limit is malformed.
    @Test func tooDeep_isMalformed() {
        #expect(failure(request("[[[[1]]]]"), JSONRequestBody(maxDepth: 3)) == .malformedJSON(reason: "nesting deeper than 3 levels"))
    }

    /// `decodeObject` refuses a top-level array with a validation problem at the root pointer.
    @Test func nonObjectTopLevel_isValidationFailure() {
        do {
            _ = try JSONRequestBody().decodeObject(request("[]"))
            Issue.record("expected failure")
        } catch {
            #expect(error == .validation([FieldProblem(pointer: "", message: "must be an object, got an array")]))
        }
    }

    /// Pointers escape `~` and `/` per RFC 6901.
    @Test func pointer_escapesSpecialCharacters() {
        #expect(JSONPointer.root.appending("choices").appending("a/b~c").appending(3).description == "/choices/a~1b~0c/3")
    }
}
