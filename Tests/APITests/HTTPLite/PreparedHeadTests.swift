import Testing
@testable import HTTPLite

/// The same response, once built per request and once with its head prepared.
private let headers: HTTPHeaders = ["Content-Type": "text/plain", "ETag": "\"v1\"", "Content-Length": "999", "X-Note": "a\r\nb"]
private let plainResponse = HTTPResponse(status: .ok, headers: headers, bytes: Array("hello world".utf8))
private let bigBody = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }

private func makeRouter() -> Router {
    var router = Router()
    let prepared = plainResponse.prepared()
    let notModified = HTTPResponse(status: .notModified, headers: ["ETag": "\"v1\""])
    let preparedNotModified = notModified.prepared()
    let big = HTTPResponse(headers: ["Content-Type": "application/octet-stream"], bytes: bigBody).prepared()
    router.add(.GET, "/plain") { _ in .immediate(plainResponse) }
    router.add(.GET, "/prepared") { _ in .immediate(prepared) }
    router.add(.GET, "/plain-304") { _ in .immediate(notModified) }
    router.add(.GET, "/prepared-304") { _ in .immediate(preparedNotModified) }
    router.add(.GET, "/big") { _ in .immediate(big) }
    return router
}

/// The response's header lines without `Date` (two requests may straddle a second).
private func linesWithoutDate(_ response: RawClient.Response) -> [String] {
    response.headers.filter { !HTTPHeaders.namesEqual($0.0, "Date") }.map { "\($0.0): \($0.1)" }
}

@Suite(.serialized) struct PreparedHeadTests {
    /// `prepared()` marks the response; changing its status, headers or body drops the prepared head.
    @Test func changingAPreparedResponseDropsItsHead() {
        let prepared = plainResponse.prepared()
        #expect(prepared.isPrepared)
        #expect(!plainResponse.isPrepared)
        var withHeader = prepared
        withHeader.headers.add("Vary", "Origin")
        #expect(!withHeader.isPrepared)
        var withStatus = prepared
        withStatus.status = .created
        #expect(!withStatus.isPrepared)
        var withBody = prepared
        withBody.body = .bytes([1, 2, 3])
        #expect(!withBody.isPrepared)
    }

    /// A streamed response has no length to prepare: it comes back unprepared.
    @Test func streamedResponsesAreNotPrepared() {
        let streamed = HTTPResponse(body: .stream { writer in try await writer.write([1]) })
        #expect(!streamed.prepared().isPrepared)
    }

    /// On the wire a prepared response is the same as the one built per request: status, header
    /// lines in order (handler framing dropped, CR/LF neutralised, our Content-Length and Date), body.
    @Test func preparedResponseMatchesThePlainOneOnTheWire() throws {
        try withServer(router: makeRouter()) { server in
            let client = try RawClient(port: server.port)
            for (plain, prepared) in [("/plain", "/prepared"), ("/plain-304", "/prepared-304")] {
                try client.send("GET \(plain) HTTP/1.1\r\nHost: t\r\n\r\nGET \(prepared) HTTP/1.1\r\nHost: t\r\n\r\n")
                let a = try client.readResponse(), b = try client.readResponse()
                #expect(a.status == b.status)
                #expect(linesWithoutDate(a) == linesWithoutDate(b))
                #expect(a.body == b.body)
                #expect(b.header("Date")?.hasSuffix(" GMT") == true)
            }
            try client.send("GET /prepared HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Content-Length") == "11")
            #expect(response.header("X-Note") == "a  b")
            #expect(response.header("Connection") == nil)
        }
    }

    /// HEAD gets the prepared head without the body; HTTP/1.0 and `Connection: close` requests still
    /// get the `Connection` header they need.
    @Test func preparedResponseHonoursHeadAndConnectionRules() throws {
        try withServer(router: makeRouter()) { server in
            let client = try RawClient(port: server.port)
            try client.send("HEAD /prepared HTTP/1.1\r\nHost: t\r\n\r\nGET /prepared HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let head = try client.readResponse(isHead: true)
            #expect(head.header("Content-Length") == "11")
            let old = try client.readResponse()
            #expect(old.header("Connection") == "keep-alive")
            #expect(old.body == Array("hello world".utf8))
            try client.send("GET /prepared HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let last = try client.readResponse()
            #expect(last.header("Connection") == "close")
            #expect(last.body == Array("hello world".utf8))
            #expect(try client.readsEOF())
        }
    }

    /// A prepared body larger than the socket takes at once is queued and arrives whole and in
    /// order, also when pipelined behind another (a small receive window forces partial writes).
    @Test func largePreparedBodyArrivesWholeThroughPartialWrites() throws {
        try withServer(router: makeRouter()) { server in
            let client = try RawClient(port: server.port, receiveBufferBytes: 4_096)
            try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\nGET /big HTTP/1.1\r\nHost: t\r\n\r\nGET /prepared HTTP/1.1\r\nHost: t\r\n\r\n")
            for _ in 0..<2 {
                let response = try client.readResponse()
                #expect(response.header("Content-Length") == String(bigBody.count))
                let isIntact = response.body == bigBody
                #expect(isIntact)
            }
            #expect(try client.readResponse().body == Array("hello world".utf8))
        }
    }
}
