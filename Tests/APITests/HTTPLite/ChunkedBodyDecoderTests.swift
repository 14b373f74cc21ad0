import Testing
@testable import HTTPLite

/// Decodes `text` in pieces of `pieceSize` bytes; returns the body once complete.
private func decode(_ text: String, limits: HTTPLimits = HTTPLimits(), pieceSize: Int = .max) throws(HTTPParseError) -> [UInt8]? {
    var decoder = ChunkedBodyDecoder(limits: limits)
    var body: [UInt8] = []
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count, !decoder.isComplete {
        let end = min(bytes.count, offset + min(pieceSize, bytes.count - offset))
        let piece = Array(bytes[offset..<end])
        let used = try piece.withUnsafeBufferPointer { (buffer) throws(HTTPParseError) in try decoder.decode(buffer, into: &body) }
        offset += used
        if used < piece.count { break }
    }
    return decoder.isComplete ? body : nil
}

@Suite struct ChunkedBodyDecoderTests {
    /// Chunks are concatenated and the zero chunk ends the body.
    @Test func decodesChunks() throws {
        #expect(try decode("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n") == Array("Wikipedia".utf8))
    }

    /// The same body fed one byte at a time decodes identically.
    @Test func decodesOneByteAtATime() throws {
        #expect(try decode("4\r\nWiki\r\nA;ext=1\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n", pieceSize: 1) == Array("Wiki0123456789".utf8))
    }

    /// An incomplete body is not complete.
    @Test func waitsForTheLastChunk() throws {
        #expect(try decode("4\r\nWiki\r\n") == nil)
    }

    /// A non-hex size is 400.
    @Test func refusesNonHexSize() {
        #expect(throws: HTTPParseError.invalidChunk("chunk size is not hexadecimal")) { try decode("g\r\nx\r\n0\r\n\r\n") }
    }

    /// A size with a sign is 400.
    @Test func refusesSignedSize() {
        #expect(throws: HTTPParseError.invalidChunk("chunk size is not hexadecimal")) { try decode("-4\r\nWiki\r\n0\r\n\r\n") }
    }

    /// An absurdly long size is 400 rather than overflowing.
    @Test func refusesOverlongSize() {
        #expect(throws: HTTPParseError.invalidChunk("chunk size too long")) { try decode("1000000000000000000\r\n") }
    }

    /// Data not followed by CRLF is 400.
    @Test func refusesMissingCRLFAfterData() {
        #expect(throws: HTTPParseError.invalidChunk("chunk data not followed by CRLF")) { try decode("4\r\nWikiX\r\n0\r\n\r\n") }
    }

    /// A size line ended by a bare LF is 400.
    @Test func refusesBareLFAfterSize() {
        #expect(throws: HTTPParseError.invalidChunk("unexpected byte after chunk size")) { try decode("4 \nWiki\r\n0\r\n\r\n") }
    }

    /// A decoded body of exactly maxBodyBytes is accepted; one more byte is 413.
    @Test func enforcesBodyLimitExactly() throws {
        var limits = HTTPLimits(); limits.maxBodyBytes = 8
        #expect(try decode("4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n", limits: limits)?.count == 8)
        #expect(throws: HTTPParseError.bodyTooLarge(limit: 8)) { try decode("4\r\nabcd\r\n5\r\nefghi\r\n0\r\n\r\n", limits: limits) }
    }
}
