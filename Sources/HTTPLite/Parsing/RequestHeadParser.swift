/// Parses a request head (RFC 9112 §2–§5) from bytes in place. Pure and incremental:
/// it either finds a complete head within the limits, asks for more bytes, or throws.
enum RequestHeadParser {
    /// Parses the head at the start of `bytes`.
    /// - Parameters:
    ///   - limits: `maxRequestLineBytes` (→ 414), `maxHeadBytes` and `maxHeaderCount` (→ 431).
    ///   - searchFrom: Where to resume looking for the end of the head (bytes before it were
    ///     already searched); 0 when unsure.
    /// - Returns: The head and the bytes it occupied (leading empty lines included), or `.needMoreBytes`.
    /// - Throws: `HTTPParseError` for a limit or a malformed line.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, limits: HTTPLimits, searchFrom: Int = 0) throws(HTTPParseError) -> ParseStatus<RequestHead> {
        let n = bytes.count
        // RFC 9112 §2.2: ignore empty lines before the request line.
        var start = 0
        while start < n, bytes[start] == HeaderSyntax.cr || bytes[start] == HeaderSyntax.lf {
            if bytes[start] == HeaderSyntax.cr {
                guard start + 1 < n else { return .needMoreBytes }
                guard bytes[start + 1] == HeaderSyntax.lf else { throw .bareCR }
                start += 2
            } else {
                throw .bareLF
            }
            if start > limits.maxHeadBytes { throw .headTooLarge(limit: limits.maxHeadBytes) }
        }
        guard start < n else { return .needMoreBytes }

        // The request line must end within its limit (CR LF not counted).
        var lineEnd = start
        let lineScanLimit = min(n, start + limits.maxRequestLineBytes + 2)
        while lineEnd < lineScanLimit, bytes[lineEnd] != HeaderSyntax.lf { lineEnd += 1 }
        if lineEnd == lineScanLimit {
            if n - start > limits.maxRequestLineBytes + 1 { throw .requestLineTooLong(limit: limits.maxRequestLineBytes) }
            return .needMoreBytes
        }
        let requestLineLength = lineEnd - start - (lineEnd > start && bytes[lineEnd - 1] == HeaderSyntax.cr ? 1 : 0)
        if requestLineLength > limits.maxRequestLineBytes { throw .requestLineTooLong(limit: limits.maxRequestLineBytes) }

        // Find the empty line that ends the head: LF (CR) LF.
        var end = -1
        var i = max(lineEnd, searchFrom)
        while i < n {
            if bytes[i] == HeaderSyntax.lf {
                if i + 1 < n, bytes[i + 1] == HeaderSyntax.lf { end = i + 2; break }
                if i + 2 < n, bytes[i + 1] == HeaderSyntax.cr, bytes[i + 2] == HeaderSyntax.lf { end = i + 3; break }
            }
            i += 1
        }
        if end < 0 {
            if n - start >= limits.maxHeadBytes { throw .headTooLarge(limit: limits.maxHeadBytes) }
            return .needMoreBytes
        }
        if end - start > limits.maxHeadBytes { throw .headTooLarge(limit: limits.maxHeadBytes) }

        var head = try parseRequestLine(bytes, start, lineEnd)
        try parseFields(bytes, from: lineEnd + 1, to: end, limits: limits, into: &head)
        return .complete(head, consumed: end)
    }

    /// Convenience for tests and callers holding an array.
    static func parse(_ bytes: [UInt8], limits: HTTPLimits) throws(HTTPParseError) -> ParseStatus<RequestHead> {
        try bytes.withUnsafeBufferPointer { (buffer) throws(HTTPParseError) in try parse(buffer, limits: limits) }
    }

    /// `method SP request-target SP HTTP-version CRLF` (RFC 9112 §3), ending at the LF at `lf`.
    private static func parseRequestLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ lf: Int) throws(HTTPParseError) -> RequestHead {
        guard lf > start, b[lf - 1] == HeaderSyntax.cr else { throw .bareLF }
        let end = lf - 1
        var i = start
        while i < end, HeaderSyntax.isToken(b[i]) { i += 1 }
        guard i > start, i < end, b[i] == HeaderSyntax.space else {
            if let bad = firstControl(b, start, end) { throw bad }
            throw .malformedRequestLine("method")
        }
        let method = makeMethod(b, start, i)
        let targetStart = i + 1
        i = targetStart
        while i < end, HeaderSyntax.isTargetByte(b[i]) { i += 1 }
        guard i > targetStart, i < end, b[i] == HeaderSyntax.space else {
            if let bad = firstControl(b, targetStart, end) { throw bad }
            throw .malformedRequestLine("request-target")
        }
        let targetEnd = i
        let version = try parseVersion(b, i + 1, end)
        let target = try makeTarget(b, targetStart, targetEnd, method: method)
        return RequestHead(method: method, target: target, version: version, headers: HTTPHeaders())
    }

    private static func firstControl(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> HTTPParseError? {
        for i in start..<end where b[i] == HeaderSyntax.cr { return .bareCR }
        return nil
    }

    private static func makeMethod(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> HTTPMethod {
        let length = end - start
        if length == 3, b[start] == 0x47, b[start + 1] == 0x45, b[start + 2] == 0x54 { return .GET }
        if length == 4, b[start] == 0x50, b[start + 1] == 0x4F, b[start + 2] == 0x53, b[start + 3] == 0x54 { return .POST }
        return HTTPMethod(rawValue: String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
    }

    /// Origin-form, `*` for OPTIONS, or absolute-form reduced to path and query (RFC 9112 §3.2).
    private static func makeTarget(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, method: HTTPMethod) throws(HTTPParseError) -> String {
        if b[start] == UInt8(ascii: "/") {
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        }
        if end - start == 1, b[start] == UInt8(ascii: "*"), method == .OPTIONS { return "*" }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        for scheme in ["http://", "https://"] where text.lowercased().hasPrefix(scheme) {
            let rest = text.dropFirst(scheme.count)
            guard let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
            let pathAndQuery = rest[authorityEnd...]
            return pathAndQuery.hasPrefix("?") ? "/" + pathAndQuery : String(pathAndQuery)
        }
        throw .malformedRequestLine("request-target")
    }

    /// `HTTP/1.1` or `HTTP/1.0`; any other `HTTP/d.d` is 505, anything else 400.
    private static func parseVersion(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(HTTPParseError) -> HTTPVersion {
        guard end - start == 8,
              b[start] == 0x48, b[start + 1] == 0x54, b[start + 2] == 0x54, b[start + 3] == 0x50, b[start + 4] == 0x2F,
              b[start + 6] == 0x2E else {
            if let bad = firstControl(b, start, end) { throw bad }
            throw .malformedRequestLine("version")
        }
        let major = b[start + 5], minor = b[start + 7]
        guard (0x30...0x39).contains(major), (0x30...0x39).contains(minor) else { throw .malformedRequestLine("version") }
        guard major == 0x31, minor == 0x30 || minor == 0x31 else { throw .unsupportedVersion }
        return minor == 0x31 ? .http1_1 : .http1_0
    }

    /// Header field lines `name ":" OWS value OWS CRLF` up to the empty line (RFC 9112 §5).
    private static func parseFields(_ b: UnsafeBufferPointer<UInt8>, from: Int, to end: Int, limits: HTTPLimits, into head: inout RequestHead) throws(HTTPParseError) {
        var fields: [HTTPHeaders.Field] = []
        fields.reserveCapacity(min(Self.usualFieldCount, limits.maxHeaderCount + 1))
        var hostCount = 0
        var lineStart = from
        while lineStart < end {
            var lf = lineStart
            while b[lf] != HeaderSyntax.lf { lf += 1 }
            guard lf > lineStart, b[lf - 1] == HeaderSyntax.cr else {
                if lf == lineStart { throw .bareLF }
                throw .bareLF
            }
            let lineEnd = lf - 1
            if lineEnd == lineStart { break }  // the empty line
            let first = b[lineStart]
            if first == HeaderSyntax.space || first == HeaderSyntax.tab { throw .obsoleteLineFolding }
            var i = lineStart
            while i < lineEnd, HeaderSyntax.isToken(b[i]) { i += 1 }
            guard i < lineEnd, b[i] == HeaderSyntax.colon else {
                if i < lineEnd, b[i] == HeaderSyntax.space || b[i] == HeaderSyntax.tab { throw .whitespaceBeforeColon }
                if i < lineEnd, b[i] == HeaderSyntax.cr { throw .bareCR }
                throw .invalidHeaderName
            }
            guard i > lineStart else { throw .invalidHeaderName }
            let nameEnd = i
            var valueStart = i + 1
            var valueEnd = lineEnd
            for j in valueStart..<valueEnd where !HeaderSyntax.isFieldValueByte(b[j]) {
                throw b[j] == HeaderSyntax.cr ? .bareCR : .invalidHeaderValue
            }
            while valueStart < valueEnd, b[valueStart] == HeaderSyntax.space || b[valueStart] == HeaderSyntax.tab { valueStart += 1 }
            while valueEnd > valueStart, b[valueEnd - 1] == HeaderSyntax.space || b[valueEnd - 1] == HeaderSyntax.tab { valueEnd -= 1 }
            if fields.count == limits.maxHeaderCount { throw .tooManyHeaders(limit: limits.maxHeaderCount) }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[lineStart..<nameEnd]), as: UTF8.self)
            let value = makeValue(b, valueStart, valueEnd)
            fields.append((name: name, value: value))
            switch nameEnd - lineStart {
            case 4 where HeaderSyntax.equalsLowercase(b, lineStart, nameEnd, "host"):
                hostCount += 1
            case 6 where HeaderSyntax.equalsLowercase(b, lineStart, nameEnd, "expect"):
                head.expectation = value
            case 10 where HeaderSyntax.equalsLowercase(b, lineStart, nameEnd, "connection"):
                noteConnectionTokens(value, into: &head)
            case 14 where HeaderSyntax.equalsLowercase(b, lineStart, nameEnd, "content-length"):
                try noteContentLength(b, valueStart, valueEnd, into: &head)
            case 17 where HeaderSyntax.equalsLowercase(b, lineStart, nameEnd, "transfer-encoding"):
                head.transferEncodings.append(value)
            default:
                break
            }
            lineStart = lf + 1
        }
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1; at most one otherwise.
        if hostCount > 1 { throw .duplicateHost }
        if hostCount == 0, head.version == .http1_1 { throw .missingHost }
        head.headers = HTTPHeaders(fields)
    }

    /// Fields reserved for at once: more than API clients and most browsers send, so the array is not
    /// grown field by field (one allocation of 16 × 32 bytes).
    static let usualFieldCount = 16

    /// A field value as a string; the common `application/json` (too long for a small string) is the
    /// literal, so it costs no allocation.
    private static func makeValue(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        if HeaderSyntax.equals(b, start, end, "application/json") { return "application/json" }
        return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    }

    private static func noteConnectionTokens(_ value: String, into head: inout RequestHead) {
        for token in value.split(separator: ",") {
            let trimmed = token.trimmingSpaces
            if HTTPHeaders.namesEqual(trimmed, "close") { head.hasConnectionClose = true }
            if HTTPHeaders.namesEqual(trimmed, "keep-alive") { head.hasConnectionKeepAlive = true }
        }
    }

    /// `Content-Length = 1*DIGIT`, or a list of identical values (RFC 9110 §8.6). Signs,
    /// spaces inside digits, overflow, and values differing from an earlier one are refused.
    private static func noteContentLength(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into head: inout RequestHead) throws(HTTPParseError) {
        var i = start
        var sawElement = false
        while i <= end {
            var j = i
            while j < end, b[j] != UInt8(ascii: ",") { j += 1 }
            var s = i, e = j
            while s < e, b[s] == HeaderSyntax.space || b[s] == HeaderSyntax.tab { s += 1 }
            while e > s, b[e - 1] == HeaderSyntax.space || b[e - 1] == HeaderSyntax.tab { e -= 1 }
            guard e > s else { throw .invalidContentLength }
            var value = 0
            for k in s..<e {
                let digit = b[k] &- 0x30
                guard digit <= 9 else { throw .invalidContentLength }
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(digit))
                guard !o1, !o2 else { throw .invalidContentLength }
                value = sum
            }
            if let existing = head.contentLength, existing != value { throw .differingContentLengths }
            head.contentLength = value
            sawElement = true
            i = j + 1
        }
        if !sawElement { throw .invalidContentLength }
    }
}
