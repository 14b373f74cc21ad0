import HTTPLite

/// Reads a JSON request body: checks the media type and the size, then parses strictly.
/// `text/plain` is accepted because `navigator.sendBeacon` and no-preflight `fetch` send it.
struct JSONRequestBody: Sendable {
    /// Media types accepted, in the order named in a 415 problem.
    static let supportedMediaTypes = ["application/json", "text/plain"]

    /// Largest body, in bytes. Default 65,536 (64 KiB). Exceeding it → 413.
    var maxBytes = 65_536
    /// Deepest nesting of arrays and objects. Default 32. Exceeding it → 400.
    var maxDepth = 32

    init(maxBytes: Int = 65_536, maxDepth: Int = 32) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    /// Decodes `request`'s body.
    /// - Returns: the parsed document.
    /// - Throws: `APIError.unsupportedMediaType` (415) for a missing or other `Content-Type` or a charset other
    ///   than UTF-8; `.contentTooLarge` (413); `.malformedJSON` (400) for empty, invalid, duplicate-key or too-deep JSON.
    func decode(_ request: HTTPRequest) throws(APIError) -> JSONValue {
        guard Self.isSupported(contentType: request.headers["Content-Type"]) else {
            throw .unsupportedMediaType(supported: Self.supportedMediaTypes)
        }
        guard request.body.count <= maxBytes else { throw .contentTooLarge(limit: maxBytes) }
        guard !request.body.isEmpty else { throw .malformedJSON(reason: "the body is empty") }
        do {
            return try JSONParser(maxDepth: maxDepth).parse(request.body)
        } catch {
            throw .malformedJSON(reason: error.reason)
        }
    }

    /// Decodes the body and requires a JSON object at the top.
    /// - Throws: as `decode(_:)`, plus `.validation` with pointer `""` when the document is not an object.
    func decodeObject(_ request: HTTPRequest) throws(APIError) -> JSONValue {
        let value = try decode(request)
        guard case .object = value else {
            throw .validation([FieldProblem(.root, "must be an object, got \(value.typeName)")])
        }
        return value
    }

    /// True when a byte-level request reader (`ConsentRequestReader`, `DecisionRequestReader`) may take
    /// a body instead of `decodeObject`: the media type is supported, the body is within `maxBytes`, and
    /// `maxDepth` allows the readers' two levels. Otherwise only `decodeObject` gives the exact error.
    func admitsFastReader(contentType: String?, bodyCount: Int) -> Bool {
        maxDepth >= 2 && bodyCount <= maxBytes && Self.isSupported(contentType: contentType)
    }

    /// True for `application/json` or `text/plain` (RFC 9110 §8.3.1: type and subtype are
    /// case-insensitive), with parameters allowed as long as any `charset` is UTF-8.
    static func isSupported(contentType: String?) -> Bool {
        guard let contentType else { return false }
        // Fast paths: a bare `application/json` (almost every request) needs no splitting; as sent
        // (lower case) it is one byte comparison.
        if contentType == "application/json" || HTTPHeaders.namesEqual(contentType, "application/json") { return true }
        let parts = contentType.split(separator: ";", omittingEmptySubsequences: false)
        guard let mediaType = parts.first.map(trim) else { return false }
        guard supportedMediaTypes.contains(where: { HTTPHeaders.namesEqual($0, mediaType) }) else { return false }
        for parameter in parts.dropFirst() {
            let pair = trim(parameter)
            if pair.isEmpty { continue }  // RFC 9110 §5.6.6 allows empty parameters ("a/b;").
            guard let equals = pair.firstIndex(of: "=") else { return false }
            let name = trim(pair[..<equals])
            var value = trim(pair[pair.index(after: equals)...])
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            if HTTPHeaders.namesEqual(name, "charset"), !HTTPHeaders.namesEqual(value, "utf-8"), !HTTPHeaders.namesEqual(value, "utf8") {
                return false
            }
        }
        return true
    }

    private static func trim<S: StringProtocol>(_ text: S) -> Substring {
        var s = Substring(text)
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
