import Testing
@testable import HTTPLite

@Suite struct RequestDecoderTests {
    /// A Content-Length body is attached to the request once all of it has arrived.
    @Test func waitsForWholeContentLengthBody() throws {
        var decoder = RequestDecoder(limits: HTTPLimits())
        let head = Array("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n".utf8)
        let first = try decoder.decode(head + Array("he".utf8))
        guard case .needMoreBytes = first.event else { Issue.record("expected needMoreBytes"); return }
        #expect(first.consumed == head.count)
        let second = try decoder.decode(Array("hello".utf8))
        guard case .request(let request, let keepAlive) = second.event else { Issue.record("expected a request"); return }
        #expect(request.body == Array("hello".utf8))
        #expect(keepAlive)
        #expect(second.consumed == 5)
    }

    /// `Expect: 100-continue` with no body bytes yet asks the connection to send 100 Continue.
    @Test func asksForContinueBeforeBody() throws {
        var decoder = RequestDecoder(limits: HTTPLimits())
        let head = Array("POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8)
        guard case .sendContinue = try decoder.decode(head).event else { Issue.record("expected sendContinue"); return }
        guard case .request(let request, _) = try decoder.decode(Array("ok".utf8)).event else { Issue.record("expected a request"); return }
        #expect(request.body == Array("ok".utf8))
    }

    /// An Expect value other than 100-continue is 417.
    @Test func refusesUnknownExpectation() {
        var decoder = RequestDecoder(limits: HTTPLimits())
        #expect(throws: HTTPParseError.unsupportedExpectation) {
            try decoder.decode(Array("POST /x HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 2\r\n\r\n".utf8))
        }
    }

    /// A chunked body is decoded into the request.
    @Test func decodesChunkedRequest() throws {
        var decoder = RequestDecoder(limits: HTTPLimits())
        let bytes = Array("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".utf8)
        let result = try decoder.decode(bytes)
        guard case .request(let request, _) = result.event else { Issue.record("expected a request"); return }
        #expect(request.body == Array("abc".utf8))
        #expect(result.consumed == bytes.count)
    }

    /// HTTP/1.0 keeps the connection only with `Connection: keep-alive`; 1.1 unless `close`.
    @Test func reportsClientKeepAlivePreference() throws {
        var decoder = RequestDecoder(limits: HTTPLimits())
        guard case .request(_, let ka10) = try decoder.decode(Array("GET / HTTP/1.0\r\n\r\n".utf8)).event,
              case .request(_, let ka10k) = try decoder.decode(Array("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n".utf8)).event,
              case .request(_, let ka11c) = try decoder.decode(Array("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8)).event
        else { Issue.record("expected requests"); return }
        #expect(!ka10)
        #expect(ka10k)
        #expect(!ka11c)
    }

    /// A head and its whole body in one read give the request at once, with the pipelined bytes after
    /// it left unconsumed; the next request then decodes from them (also when its body is split).
    @Test func wholeBodyInOneRead_givesRequestAndLeavesTheRest() throws {
        var decoder = RequestDecoder(limits: HTTPLimits())
        let first = Array("POST /a?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello".utf8)
        let second = Array("POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n".utf8)
        let result = try decoder.decode(first + second + Array("ab".utf8))
        guard case .request(let request, _) = result.event else { Issue.record("expected a request"); return }
        #expect(request.body == Array("hello".utf8))
        #expect(request.path == "/a")
        #expect(request.query.map(\.name) == ["x"])
        #expect(result.consumed == first.count)
        let rest = try decoder.decode(second + Array("ab".utf8))
        guard case .needMoreBytes = rest.event else { Issue.record("expected needMoreBytes"); return }
        #expect(rest.consumed == second.count)
        guard case .request(let next, _) = try decoder.decode(Array("abc".utf8)).event else { Issue.record("expected a request"); return }
        #expect(next.body == Array("abc".utf8))
        #expect(next.path == "/b")
    }

    /// `Expect: 100-continue` whose body already arrived with the head is answered without a 100.
    @Test func continueWithBodyPresent_givesTheRequest() throws {
        var decoder = RequestDecoder(limits: HTTPLimits())
        let bytes = Array("POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok".utf8)
        let result = try decoder.decode(bytes)
        guard case .request(let request, _) = result.event else { Issue.record("expected a request"); return }
        #expect(request.body == Array("ok".utf8))
        #expect(result.consumed == bytes.count)
    }
}
