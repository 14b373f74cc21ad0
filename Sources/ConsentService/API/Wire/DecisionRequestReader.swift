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
            var json = JSONByteCursor(bytes: bytes)
            return request(from: &json, limits: limits)
        }
    }

    /// Members of the request object, with one bit each to find duplicates.
    private enum Member: UInt8 {
        case visitorID = 1, choices = 2, cookies = 4, cookieHeader = 8, setCookies = 16
    }

    private static let memberNames: KeyValuePairs<StaticString, Member> = [
        "visitorId": .visitorID, "cookies": .cookies, "choices": .choices, "cookieHeader": .cookieHeader,
        "setCookies": .setCookies,
    ]

    /// The request at the start of `json`.
    private static func request(from json: inout JSONByteCursor, limits: DecisionLimits) -> DecisionWire.Request? {
        var visitorID: VisitorID?
        var input = DecisionInput()
        json.skipWhitespace()
        let read = json.object(names: memberNames) { json, member in
            switch member {
            case .visitorID:
                guard let id = json.visitorID() else { return false }
                visitorID = id
            case .choices:
                guard let choices = json.choices() else { return false }
                input.choices = choices
            case .cookies:
                guard let names = json.strings(maxCount: limits.maxCookieNames, maxBytes: limits.maxCookieNameBytes) else {
                    return false
                }
                input.cookieNames = names
            case .cookieHeader:
                guard let header = json.string(maxBytes: limits.maxCookieHeaderBytes) else { return false }
                input.cookieHeader = header
            case .setCookies:
                guard let lines = json.strings(maxCount: limits.maxSetCookieLines, maxBytes: Int.max) else { return false }
                input.setCookieLines = lines
            }
            return true
        }
        json.skipWhitespace()
        guard read != nil, json.isAtEnd, visitorID == nil || input.choices == nil else { return nil }
        return DecisionWire.Request(visitorID: visitorID, input: input)
    }
}
