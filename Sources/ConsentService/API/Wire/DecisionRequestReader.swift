import ConsentDomain

/// Reads a `POST /v1/decisions` body straight from its bytes into a `DecisionWire.Request`, without
/// building a `JSONValue` tree, JSON pointers or field problems: the fast path for valid requests.
///
/// It accepts only a strict subset of what `JSONParser` + `DecisionWire.request` accept, and for that
/// subset it gives the same `Request`:
/// - a top-level object whose members are the known request members, each at most once;
/// - `visitorId` a valid `VisitorID` string, or `choices` an object of known choice members with
///   `true`/`false` values (each at most once), not both;
/// - `cookies` / `setCookies` arrays of strings and `cookieHeader` a string, within `DecisionLimits`;
/// - strings without escapes or control characters (other UTF-8 must be well-formed);
/// - JSON whitespace anywhere between tokens.
///
/// Anything else (escapes, `null`, numbers, unknown or duplicate members, a bound exceeded, malformed
/// JSON, non-ASCII member names) gives `nil`, and the caller takes the generic path, which produces the
/// exact 400 / 422 answer, or the same `Request` for valid JSON outside the subset.
enum DecisionRequestReader {
    /// The request in `body`, or `nil` when the body is outside the fast subset.
    /// - Parameter limits: The engine's bounds; a body exceeding one is left to the generic path.
    static func read(_ body: [UInt8], limits: DecisionLimits) -> DecisionWire.Request? {
        body.withUnsafeBufferPointer { bytes in
            var cursor = Cursor(bytes: bytes)
            return cursor.request(limits: limits)
        }
    }

    /// Members of the request object, with one bit each to find duplicates.
    private enum Member: UInt8 {
        case visitorID = 1, choices = 2, cookies = 4, cookieHeader = 8, setCookies = 16
    }

    /// A `JSONByteCursor` at the start of a decision request.
    private struct Cursor {
        var json: JSONByteCursor

        init(bytes: UnsafeBufferPointer<UInt8>) { json = JSONByteCursor(bytes: bytes) }

        mutating func request(limits: DecisionLimits) -> DecisionWire.Request? {
            var seen: UInt8 = 0
            var visitorID: VisitorID?
            var input = DecisionInput()
            json.skipWhitespace()
            guard json.take(UInt8(ascii: "{")) else { return nil }
            json.skipWhitespace()
            if !json.take(UInt8(ascii: "}")) {
                repeat {
                    json.skipWhitespace()
                    guard let member = member(), seen & member.rawValue == 0 else { return nil }
                    seen |= member.rawValue
                    guard json.nameSeparator() else { return nil }
                    switch member {
                    case .visitorID:
                        guard let id = json.visitorID() else { return nil }
                        visitorID = id
                    case .choices:
                        guard let choices = json.choices() else { return nil }
                        input.choices = choices
                    case .cookies:
                        guard let names = json.strings(maxCount: limits.maxCookieNames, maxBytes: limits.maxCookieNameBytes) else {
                            return nil
                        }
                        input.cookieNames = names
                    case .cookieHeader:
                        guard let header = json.string(maxBytes: limits.maxCookieHeaderBytes) else { return nil }
                        input.cookieHeader = header
                    case .setCookies:
                        guard let lines = json.strings(maxCount: limits.maxSetCookieLines, maxBytes: Int.max) else { return nil }
                        input.setCookieLines = lines
                    }
                    json.skipWhitespace()
                } while json.take(UInt8(ascii: ","))
                guard json.take(UInt8(ascii: "}")) else { return nil }
            }
            json.skipWhitespace()
            guard json.isAtEnd, visitorID == nil || input.choices == nil else { return nil }
            return DecisionWire.Request(visitorID: visitorID, input: input)
        }

        /// A request member name.
        mutating func member() -> Member? {
            guard let (name, _) = json.rawString() else { return nil }
            if JSONByteCursor.equals(name, "visitorId") { return .visitorID }
            if JSONByteCursor.equals(name, "cookies") { return .cookies }
            if JSONByteCursor.equals(name, "choices") { return .choices }
            if JSONByteCursor.equals(name, "cookieHeader") { return .cookieHeader }
            if JSONByteCursor.equals(name, "setCookies") { return .setCookies }
            return nil
        }
    }
}
