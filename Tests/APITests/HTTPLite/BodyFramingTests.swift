import Testing
@testable import HTTPLite

private func head(version: HTTPVersion = .http1_1, contentLength: Int? = nil, transferEncoding: [String] = []) -> RequestHead {
    RequestHead(method: .POST, target: "/", version: version, headers: HTTPHeaders(),
                contentLength: contentLength, transferEncodings: transferEncoding)
}

@Suite struct BodyFramingTests {
    /// Content-Length together with Transfer-Encoding is refused as smuggling (RFC 9112 §6.1).
    @Test func refusesContentLengthWithTransferEncoding() {
        #expect(throws: HTTPParseError.ambiguousFraming) {
            try BodyFraming(head(contentLength: 3, transferEncoding: ["chunked"]), limits: HTTPLimits())
        }
    }

    /// `chunked` alone frames the body as chunked.
    @Test func acceptsChunked() throws {
        #expect(try BodyFraming(head(transferEncoding: ["Chunked"]), limits: HTTPLimits()) == .chunked)
    }

    /// A coding other than chunked before chunked is 501 (not implemented).
    @Test func answersUnknownCodingWith501() {
        #expect(throws: HTTPParseError.unsupportedTransferCoding) {
            try BodyFraming(head(transferEncoding: ["gzip, chunked"]), limits: HTTPLimits())
        }
        #expect(HTTPParseError.unsupportedTransferCoding.status.code == 501)
    }

    /// chunked that is not the final coding, or given twice, is 400.
    @Test(arguments: [["chunked, gzip"], ["chunked", "chunked"], ["gzip"], [""]])
    func refusesChunkedNotFinalExactlyOnce(values: [String]) {
        #expect(throws: HTTPParseError.invalidTransferEncoding) {
            try BodyFraming(head(transferEncoding: values), limits: HTTPLimits())
        }
    }

    /// Transfer-Encoding in an HTTP/1.0 request is faulty framing (400).
    @Test func refusesTransferEncodingOnHTTP10() {
        #expect(throws: HTTPParseError.invalidTransferEncoding) {
            try BodyFraming(head(version: .http1_0, transferEncoding: ["chunked"]), limits: HTTPLimits())
        }
    }

    /// A Content-Length of exactly maxBodyBytes is accepted; one more is 413.
    @Test func enforcesBodyLimitExactly() throws {
        var limits = HTTPLimits(); limits.maxBodyBytes = 100
        #expect(try BodyFraming(head(contentLength: 100), limits: limits) == .length(100))
        #expect(throws: HTTPParseError.bodyTooLarge(limit: 100)) { try BodyFraming(head(contentLength: 101), limits: limits) }
    }

    /// No framing headers means no body.
    @Test func noHeadersMeansNoBody() throws {
        #expect(try BodyFraming(head(), limits: HTTPLimits()) == .none)
    }
}
