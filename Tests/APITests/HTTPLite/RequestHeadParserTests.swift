import Testing
@testable import HTTPLite

/// Fixture: a request head with `lines` after the request line.
private func head(_ requestLine: String = "GET / HTTP/1.1", _ lines: [String] = ["Host: a"]) -> [UInt8] {
    Array((([requestLine] + lines).joined(separator: "\r\n") + "\r\n\r\n").utf8)
}

private func parse(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) throws(HTTPParseError) -> RequestHead? {
    guard case .complete(let head, _) = try RequestHeadParser.parse(bytes, limits: limits) else { return nil }
    return head
}

private func expectRefusal(_ bytes: [UInt8], _ expected: HTTPParseError, limits: HTTPLimits = HTTPLimits()) {
    #expect(throws: expected) { try parse(bytes, limits: limits) }
}

@Suite struct RequestHeadParserTests {
    /// A simple GET yields method, target, version and headers in order.
    @Test func parsesSimpleGet() throws {
        let parsed = try #require(try parse(head("GET /v1/cookies?x=1 HTTP/1.1", ["Host: example", "Accept: */*"])))
        #expect(parsed.method == .GET)
        #expect(parsed.target == "/v1/cookies?x=1")
        #expect(parsed.version == .http1_1)
        #expect(parsed.headers.fields.map(\.name) == ["Host", "Accept"])
        #expect(parsed.headers["accept"] == "*/*")
    }

    /// The consumed count covers exactly the head, leaving pipelined bytes alone.
    @Test func reportsConsumedBytesOfHeadOnly() throws {
        let first = head()
        let bytes = first + Array("GET /next".utf8)
        guard case .complete(_, let consumed) = try RequestHeadParser.parse(bytes, limits: HTTPLimits()) else {
            Issue.record("expected a complete head"); return
        }
        #expect(consumed == first.count)
    }

    /// An incomplete head asks for more bytes instead of failing.
    @Test func asksForMoreBytesWhenHeadIsIncomplete() throws {
        #expect(try parse(Array("GET / HTTP/1.1\r\nHost: a\r\n".utf8)) == nil)
    }

    /// Optional whitespace around a value is not part of it.
    @Test func trimsOptionalWhitespaceAroundValues() throws {
        let parsed = try #require(try parse(head("GET / HTTP/1.1", ["Host: a", "X-A: \t v \t"])))
        #expect(parsed.headers["x-a"] == "v")
    }

    /// Leading empty lines before the request line are ignored (RFC 9112 §2.2).
    @Test func ignoresLeadingEmptyLines() throws {
        #expect(try parse(Array("\r\n\r\n".utf8) + head())?.method == .GET)
    }

    /// A request line of exactly the limit is accepted.
    @Test func acceptsRequestLineAtLimit() throws {
        var limits = HTTPLimits(); limits.maxRequestLineBytes = 64
        let target = "/" + String(repeating: "a", count: 64 - "GET  HTTP/1.1".count - 1)
        #expect(try parse(head("GET \(target) HTTP/1.1"), limits: limits) != nil)
    }

    /// A request line one byte over the limit is 414.
    @Test func refusesRequestLineOneByteOverLimit() {
        var limits = HTTPLimits(); limits.maxRequestLineBytes = 64
        let target = "/" + String(repeating: "a", count: 64 - "GET  HTTP/1.1".count)
        expectRefusal(head("GET \(target) HTTP/1.1"), .requestLineTooLong(limit: 64), limits: limits)
    }

    /// An over-long request line is refused before its end arrives.
    @Test func refusesOverlongRequestLineBeforeItEnds() {
        var limits = HTTPLimits(); limits.maxRequestLineBytes = 64
        expectRefusal(Array(("GET /" + String(repeating: "a", count: 80)).utf8), .requestLineTooLong(limit: 64), limits: limits)
    }

    /// A head of exactly maxHeadBytes is accepted; one more byte is 431.
    @Test func enforcesHeadByteLimitExactly() throws {
        let base = head("GET / HTTP/1.1", ["Host: a", "X-Pad: "])
        var limits = HTTPLimits(); limits.maxHeadBytes = base.count + 10
        let atLimit = head("GET / HTTP/1.1", ["Host: a", "X-Pad: " + String(repeating: "p", count: 10)])
        #expect(atLimit.count == limits.maxHeadBytes)
        #expect(try parse(atLimit, limits: limits) != nil)
        let overLimit = head("GET / HTTP/1.1", ["Host: a", "X-Pad: " + String(repeating: "p", count: 11)])
        expectRefusal(overLimit, .headTooLarge(limit: limits.maxHeadBytes), limits: limits)
    }

    /// An incomplete head already past maxHeadBytes is 431 without waiting for its end.
    @Test func refusesIncompleteHeadPastLimit() {
        var limits = HTTPLimits(); limits.maxHeadBytes = 100
        let bytes = Array(("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "v", count: 100)).utf8)
        expectRefusal(bytes, .headTooLarge(limit: 100), limits: limits)
    }

    /// maxHeaderCount fields are accepted; one more is 431.
    @Test func enforcesHeaderCountLimitExactly() throws {
        var limits = HTTPLimits(); limits.maxHeaderCount = 5
        let five = ["Host: a"] + (1...4).map { "X-\($0): v" }
        #expect(try parse(head("GET / HTTP/1.1", five), limits: limits) != nil)
        expectRefusal(head("GET / HTTP/1.1", five + ["X-5: v"]), .tooManyHeaders(limit: 5), limits: limits)
    }

    /// Obsolete line folding (a line starting with whitespace) is 400.
    @Test func refusesObsoleteLineFolding() {
        expectRefusal(head("GET / HTTP/1.1", ["Host: a", "X-A: one", " two"]), .obsoleteLineFolding)
    }

    /// Whitespace between a field name and its colon is 400 (RFC 9112 §5.1).
    @Test func refusesWhitespaceBeforeColon() {
        expectRefusal(head("GET / HTTP/1.1", ["Host: a", "Content-Length : 5"]), .whitespaceBeforeColon)
    }

    /// A bare CR inside a header value is 400.
    @Test func refusesBareCRInValue() {
        expectRefusal(head("GET / HTTP/1.1", ["Host: a", "X-A: one\rtwo"]), .bareCR)
    }

    /// A bare LF line ending is 400.
    @Test func refusesBareLF() {
        expectRefusal(Array("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n".utf8), .bareLF)
    }

    /// A NUL byte in a header value is 400.
    @Test func refusesNulInValue() {
        expectRefusal(head("GET / HTTP/1.1", ["Host: a", "X-A: on\u{0}e"]), .invalidHeaderValue)
    }

    /// A control byte in a header name is 400.
    @Test func refusesControlByteInName() {
        expectRefusal(head("GET / HTTP/1.1", ["Host: a", "X\u{1}A: v"]), .invalidHeaderName)
    }

    /// An empty header name is 400.
    @Test func refusesEmptyHeaderName() {
        expectRefusal(head("GET / HTTP/1.1", ["Host: a", ": v"]), .invalidHeaderName)
    }

    /// HTTP/1.1 without Host is 400 (RFC 9112 §3.2).
    @Test func refusesMissingHostOnHTTP11() {
        expectRefusal(head("GET / HTTP/1.1", []), .missingHost)
    }

    /// HTTP/1.0 may omit Host.
    @Test func acceptsHTTP10WithoutHost() throws {
        #expect(try parse(head("GET / HTTP/1.0", []))?.version == .http1_0)
    }

    /// Two Host fields are 400.
    @Test func refusesDuplicateHost() {
        expectRefusal(head("GET / HTTP/1.1", ["Host: a", "Host: b"]), .duplicateHost)
    }

    /// HTTP/2.0 or HTTP/1.2 in the request line is 505.
    @Test func refusesUnsupportedVersionWith505() {
        expectRefusal(head("GET / HTTP/2.0"), .unsupportedVersion)
        #expect(HTTPParseError.unsupportedVersion.status.code == 505)
    }

    /// A garbled version is 400.
    @Test func refusesGarbledVersion() {
        expectRefusal(head("GET / HTTQ/1.1"), .malformedRequestLine("version"))
    }

    /// Two spaces between method and target are 400.
    @Test func refusesDoubleSpaceInRequestLine() {
        expectRefusal(head("GET  / HTTP/1.1"), .malformedRequestLine("request-target"))
    }

    /// A target that is not origin-form, `*` or absolute-form is 400.
    @Test func refusesRelativeTarget() {
        expectRefusal(head("GET abc HTTP/1.1"), .malformedRequestLine("request-target"))
    }

    /// An absolute-form target is reduced to its path and query (RFC 9112 §3.2.2).
    @Test func reducesAbsoluteFormToPath() throws {
        #expect(try parse(head("GET http://example.com/v1/x?y=1 HTTP/1.1"))?.target == "/v1/x?y=1")
    }

    /// Equal Content-Length values (as a list or repeated) are accepted as one.
    @Test func acceptsIdenticalContentLengths() throws {
        #expect(try parse(head("POST / HTTP/1.1", ["Host: a", "Content-Length: 5, 5", "Content-Length: 5"]))?.contentLength == 5)
    }

    /// Differing Content-Length values are 400.
    @Test func refusesDifferingContentLengths() {
        expectRefusal(head("POST / HTTP/1.1", ["Host: a", "Content-Length: 5", "Content-Length: 6"]), .differingContentLengths)
    }

    /// Signed, non-numeric, empty and overflowing Content-Length values are 400.
    @Test(arguments: ["+5", "-5", "5a", "0x10", "", "99999999999999999999", "5 5"])
    func refusesInvalidContentLength(value: String) {
        expectRefusal(head("POST / HTTP/1.1", ["Host: a", "Content-Length: \(value)"]), .invalidContentLength)
    }

    /// Field names and values come out byte for byte as received (decoded as UTF-8, invalid bytes as
    /// U+FFFD), whichever way each string is made: the interned `application/json`, values one byte off
    /// it, long and short values, UTF-8 and obs-text bytes, and more fields than the usual few.
    @Test func fieldStrings_matchTheReceivedBytes() throws {
        var lines: [[UInt8]] = [Array("Host: a".utf8), Array("Content-Type: application/json".utf8),
                                Array("X-Json-Upper: Application/json".utf8), Array("X-Json-Longer: application/json5".utf8),
                                Array("X-Json-Shorter: application/jso".utf8), Array("X-Long: \(String(repeating: "v", count: 40))".utf8),
                                Array("X-Utf8: caf\u{E9} \u{1F600}".utf8), Array("X-Obs: a".utf8) + [0x80, 0xFF, 0xC3] + Array("z".utf8)]
        for i in 0..<20 { lines.append(Array("X-Extra-\(i): \(i)".utf8)) }
        var bytes = Array("POST /v1/consents HTTP/1.1\r\n".utf8)
        for line in lines { bytes += line + [0x0D, 0x0A] }
        bytes += [0x0D, 0x0A]
        let parsed = try #require(try parse(bytes))
        #expect(parsed.headers.count == lines.count)
        for (field, line) in zip(parsed.headers.fields, lines) {
            let colon = try #require(line.firstIndex(of: UInt8(ascii: ":")))
            #expect(field.name == String(decoding: line[..<colon], as: UTF8.self))
            #expect(field.value == String(decoding: line[(colon + 2)...], as: UTF8.self))
        }
        #expect(parsed.headers["x-obs"] == "a\u{FFFD}\u{FFFD}\u{FFFD}z")
        #expect(parsed.headers["content-type"] == "application/json")
    }

    /// Header names are tokens exactly: every byte outside tchar ends the name and the line is refused.
    @Test func headerNameBytes_outsideTcharAreRefused() {
        let tchars = Set(Array("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8))
        for byte in UInt8(0)...UInt8(255) where byte != HeaderSyntax.cr && byte != HeaderSyntax.lf && byte != HeaderSyntax.colon {
            let bytes = Array("GET / HTTP/1.1\r\nHost: a\r\nX".utf8) + [byte] + Array("Y: v\r\n\r\n".utf8)
            let parsed = try? parse(bytes)
            #expect((parsed != nil) == tchars.contains(byte), "byte \(byte)")
            #expect(HeaderSyntax.isToken(byte) == tchars.contains(byte), "byte \(byte)")
        }
    }
}
