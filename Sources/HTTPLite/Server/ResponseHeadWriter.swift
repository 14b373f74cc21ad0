/// Serialises a response head into a reused byte buffer: status line, the handler's
/// headers, framing (`Content-Length` or `Transfer-Encoding: chunked`), `Date`, `Connection`.
enum ResponseHeadWriter {
    /// How the body that follows is framed.
    enum Framing {
        /// `Content-Length: n` (also sent for HEAD, describing the GET body).
        case length(Int)
        /// `Transfer-Encoding: chunked` (HTTP/1.1 streams).
        case chunked
        /// No framing header: the body ends at close (HTTP/1.0 streams).
        case closeDelimited
        /// No content and no length (1xx, 204, 304).
        case noContent
    }

    /// Replaces `buffer`'s contents with the head.
    /// - Parameters:
    ///   - keepAlive: The connection stays open; `Connection: keep-alive` is sent to HTTP/1.0 clients.
    ///   - dateLine: The cached `Date: …\r\n` line.
    static func write(
        status: HTTPStatus, headers: HTTPHeaders, framing: Framing, version: HTTPVersion,
        keepAlive: Bool, dateLine: [UInt8], into buffer: inout [UInt8]
    ) {
        buffer.removeAll(keepingCapacity: true)
        writeStart(status: status, headers: headers, framing: framing, into: &buffer)
        writeEnd(version: version, keepAlive: keepAlive, dateLine: dateLine, into: &buffer)
    }

    /// Replaces `buffer`'s contents with the head of a response made from `template`: the same bytes as
    /// `write` for the template's headers with `value`, framed by `Content-Length: bodyCount`
    /// (`nil`: no content).
    static func write(
        template: ResponseHeadTemplate, value: String, bodyCount: Int?, version: HTTPVersion,
        keepAlive: Bool, dateLine: [UInt8], into buffer: inout [UInt8]
    ) {
        buffer.removeAll(keepingCapacity: true)
        template.writeStart(value: value, bodyCount: bodyCount, into: &buffer)
        writeEnd(version: version, keepAlive: keepAlive, dateLine: dateLine, into: &buffer)
    }

    /// Appends what follows the framing header: `Date`, `Connection` when needed, the blank line.
    private static func writeEnd(version: HTTPVersion, keepAlive: Bool, dateLine: [UInt8], into buffer: inout [UInt8]) {
        buffer.append(contentsOf: dateLine)
        if !keepAlive {
            buffer.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http1_0 {
            buffer.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        buffer.append(contentsOf: [HeaderSyntax.cr, HeaderSyntax.lf])
    }

    /// Appends what a head has before `Date`: the status line, the handler's headers (without the
    /// server-owned ones, sanitised) and the framing header. A `PreparedHead` is these bytes.
    static func writeStart(status: HTTPStatus, headers: HTTPHeaders, framing: Framing, into buffer: inout [UInt8]) {
        writeStatusLine(status, into: &buffer)
        writeFields(headers.fields[...], into: &buffer)
        writeFraming(framing, into: &buffer)
    }

    /// The framing header line of `framing`, if it has one.
    static func writeFraming(_ framing: Framing, into buffer: inout [UInt8]) {
        switch framing {
        case .length(let length):
            buffer.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(length, to: &buffer)
            buffer.append(contentsOf: [HeaderSyntax.cr, HeaderSyntax.lf])
        case .chunked:
            buffer.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .closeDelimited, .noContent:
            break
        }
    }

    /// `HTTP/1.1 code reason CRLF`.
    static func writeStatusLine(_ status: HTTPStatus, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status.code, to: &buffer)
        buffer.append(0x20)
        buffer.append(contentsOf: status.reasonPhrase.utf8)
        buffer.append(contentsOf: [HeaderSyntax.cr, HeaderSyntax.lf])
    }

    /// One sanitised `name: value CRLF` line per field, without the server-owned ones.
    static func writeFields(_ fields: ArraySlice<HTTPHeaders.Field>, into buffer: inout [UInt8]) {
        for field in fields where !isServerOwned(field.name) {
            appendSanitised(field.name, to: &buffer)
            buffer.append(contentsOf: ": ".utf8)
            appendSanitised(field.value, to: &buffer)
            buffer.append(contentsOf: [HeaderSyntax.cr, HeaderSyntax.lf])
        }
    }

    /// Headers the server sets itself; a handler's copies are dropped so framing stays ours.
    static func isServerOwned(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: HTTPHeaders.namesEqual(name, "date")
        case 10: HTTPHeaders.namesEqual(name, "connection")
        case 14: HTTPHeaders.namesEqual(name, "content-length")
        case 17: HTTPHeaders.namesEqual(name, "transfer-encoding")
        default: false
        }
    }

    /// Appends `text`, replacing CR, LF and NUL by spaces so a handler cannot split the response.
    /// One bulk copy, then one pass over the copied bytes that only looks closer at bytes below 0x0E
    /// (all three forbidden bytes are; header text almost never has any).
    static func appendSanitised(_ text: String, to buffer: inout [UInt8]) {
        let start = buffer.count
        buffer.append(contentsOf: text.utf8)
        buffer.withUnsafeMutableBufferPointer { bytes in
            for i in start..<bytes.count where bytes[i] < 0x0E {
                let byte = bytes[i]
                if byte == HeaderSyntax.cr || byte == HeaderSyntax.lf || byte == 0 { bytes[i] = 0x20 }
            }
        }
    }

    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        if value < 10 { buffer.append(UInt8(0x30 + value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while v > 0 && count < 20 {
                raw[count] = UInt8(0x30 + v % 10)
                v /= 10
                count += 1
            }
            while count > 0 {
                count -= 1
                buffer.append(raw[count])
            }
        }
    }

    /// `size-in-hex CRLF` for one chunk (RFC 9112 §7.1).
    static func chunkHeader(size: Int) -> [UInt8] {
        Array(String(size, radix: 16).utf8) + [HeaderSyntax.cr, HeaderSyntax.lf]
    }
}
