import ConsentDomain

/// Reads a `POST /v1/consents` body straight from its bytes into a `ConsentWire.Request`, without
/// building a `JSONValue` tree, JSON pointers or field problems: the fast path for valid requests.
///
/// It accepts only a strict subset of what `JSONParser` + `ConsentWire.request` accept, and for that
/// subset it gives the same `Request`:
/// - a top-level object whose members are the known request members, each at most once, with `choices`;
/// - `visitorId` a valid `VisitorID` string; `choices` an object of known choice members with
///   `true`/`false` values (each at most once);
/// - `catalogueVersion` 16 lower-case hex digits the service knows (`isKnownVersion`, asked once,
///   after the whole body was read);
/// - `noticeVersion` / `source` strings of 1–`ConsentWire.maxLabelLength` Unicode scalars, `locale` a
///   language tag of at most `ConsentWire.maxLocaleLength` characters;
/// - strings without escapes or control characters (other UTF-8 must be well-formed);
/// - JSON whitespace anywhere between tokens.
///
/// Anything else (escapes, `null`, numbers, unknown or duplicate members, a missing `choices`, a
/// value the validator would reject, malformed JSON) gives `nil`, and the caller takes the generic
/// path, which produces the exact 400 / 422 answer, or the same `Request` for valid JSON outside the subset.
enum ConsentRequestReader {
    /// The request in `body`, or `nil` when the body is outside the fast subset.
    /// - Parameter isKnownVersion: As for `ConsentWire.request`: whether a well-formed
    ///   `catalogueVersion` is one the service knows; not called when the body is outside the subset.
    static func read(_ body: [UInt8], isKnownVersion: (String) -> Bool) -> ConsentWire.Request? {
        let request = body.withUnsafeBufferPointer { bytes in
            var json = JSONByteCursor(bytes: bytes)
            return Self.request(from: &json)
        }
        guard let request else { return nil }
        if let version = request.catalogueVersion, !isKnownVersion(version) { return nil }
        return request
    }

    /// Members of the request object, with one bit each to find duplicates.
    private enum Member: UInt8 {
        case visitorID = 1, choices = 2, catalogueVersion = 4, noticeVersion = 8, locale = 16, source = 32
    }

    private static let memberNames: KeyValuePairs<StaticString, Member> = [
        "choices": .choices, "visitorId": .visitorID, "catalogueVersion": .catalogueVersion, "source": .source,
        "locale": .locale, "noticeVersion": .noticeVersion,
    ]

    /// The request at the start of `json`, with its `catalogueVersion` well-formed but not yet checked
    /// against the known versions.
    private static func request(from json: inout JSONByteCursor) -> ConsentWire.Request? {
        var request = ConsentWire.Request(choices: .essentialOnly)
        json.skipWhitespace()
        let seen = json.object(names: memberNames) { json, member in
            switch member {
            case .visitorID:
                guard let id = json.visitorID() else { return false }
                request.visitorID = id
            case .choices:
                guard let choices = json.choices() else { return false }
                request.choices = choices
            case .catalogueVersion:
                guard let version = json.string(maxBytes: 16), CatalogueArchive.isValidVersion(version) else { return false }
                request.catalogueVersion = version
            case .noticeVersion:
                guard let label = json.label() else { return false }
                request.noticeVersion = label
            case .source:
                guard let label = json.label() else { return false }
                request.source = label
            case .locale:
                // A language tag is ASCII, so its bytes are its characters.
                guard let tag = json.string(maxBytes: ConsentWire.maxLocaleLength), ConsentWire.isLanguageTag(tag) else {
                    return false
                }
                request.locale = tag
            }
            return true
        }
        json.skipWhitespace()
        guard let seen, json.isAtEnd, seen & Member.choices.rawValue != 0 else { return nil }
        return request
    }
}

private extension JSONByteCursor {
    /// `noticeVersion` / `source`: 1–`ConsentWire.maxLabelLength` Unicode scalars (a scalar is 1–4 bytes).
    mutating func label() -> String? {
        guard let (raw, isASCII) = rawString(), (1...ConsentWire.maxLabelLength * 4).contains(raw.count) else {
            return nil
        }
        if isASCII {
            guard raw.count <= ConsentWire.maxLabelLength else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }
        guard let text = String(validating: raw, as: UTF8.self),
              text.unicodeScalars.count <= ConsentWire.maxLabelLength else { return nil }
        return text
    }
}
