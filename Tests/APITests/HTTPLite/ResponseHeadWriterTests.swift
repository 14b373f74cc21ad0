import Testing
@testable import HTTPLite

private func headText(
    status: HTTPStatus = .ok, headers: HTTPHeaders = [:], framing: ResponseHeadWriter.Framing = .length(5),
    version: HTTPVersion = .http1_1, keepAlive: Bool = true
) -> String {
    var buffer: [UInt8] = []
    ResponseHeadWriter.write(status: status, headers: headers, framing: framing, version: version,
                             keepAlive: keepAlive, dateLine: Array("Date: D\r\n".utf8), into: &buffer)
    return String(decoding: buffer, as: UTF8.self)
}

@Suite struct ResponseHeadWriterTests {
    /// A kept-alive HTTP/1.1 response has status line, headers, Content-Length and Date, nothing else.
    @Test func writesMinimalKeepAliveHead() {
        #expect(headText(headers: ["Content-Type": "text/plain"]) ==
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nDate: D\r\n\r\n")
    }

    /// HTTP/1.0 keep-alive is confirmed explicitly; closing says `Connection: close`.
    @Test func statesConnectionWhenNeeded() {
        #expect(headText(version: .http1_0).contains("Connection: keep-alive\r\n"))
        #expect(headText(keepAlive: false).contains("Connection: close\r\n"))
    }

    /// Framing headers set by a handler are replaced by the server's own.
    @Test func dropsHandlerFramingHeaders() {
        let text = headText(headers: ["Content-Length": "999", "Transfer-Encoding": "gzip"], framing: .chunked)
        #expect(!text.contains("999"))
        #expect(!text.contains("gzip"))
        #expect(text.contains("Transfer-Encoding: chunked\r\n"))
    }

    /// CR and LF in a handler's header value cannot split the response.
    @Test func neutralisesLineBreaksInValues() {
        #expect(headText(headers: ["X-A": "a\r\nSet-Cookie: evil"]).contains("X-A: a  Set-Cookie: evil\r\n"))
    }

    /// NUL and bare CR or LF in names or values become spaces; other control bytes such as tab are kept.
    @Test func neutralisesNulAndBareBreaksButKeepsTabs() {
        let text = headText(headers: ["X-\u{0}B": "a\u{0}b\rc\nd\te"])
        #expect(text.contains("X- B: a b c d\te\r\n"))
    }

    /// Decimal lengths are written exactly.
    @Test func writesDecimalLengths() {
        for value in [0, 7, 10, 13_420, 1_000_000_007] {
            var buffer: [UInt8] = []
            ResponseHeadWriter.appendDecimal(value, to: &buffer)
            #expect(String(decoding: buffer, as: UTF8.self) == String(value))
        }
    }

    /// The server's own errors are problem+json with title, status and detail.
    @Test func problemBodiesNameTheFault() {
        let response = ProblemResponse.make(for: .ambiguousFraming)
        guard case .bytes(let body) = response.body else { Issue.record("expected bytes"); return }
        #expect(String(decoding: body, as: UTF8.self) ==
                #"{"type":"about:blank","title":"Bad Request","status":400,"detail":"Content-Length and Transfer-Encoding both present"}"#)
        #expect(response.headers["Content-Type"] == "application/problem+json")
    }
}
