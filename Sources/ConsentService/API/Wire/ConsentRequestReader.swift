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
            var cursor = Cursor(bytes: bytes)
            return cursor.request()
        }
        guard let request else { return nil }
        if let version = request.catalogueVersion, !isKnownVersion(version) { return nil }
        return request
    }

    /// Members of the request object, with one bit each to find duplicates.
    private enum Member: UInt8 {
        case visitorID = 1, choices = 2, catalogueVersion = 4, noticeVersion = 8, locale = 16, source = 32
    }

    /// A `JSONByteCursor` at the start of a consent request.
    private struct Cursor {
        var json: JSONByteCursor

        init(bytes: UnsafeBufferPointer<UInt8>) { json = JSONByteCursor(bytes: bytes) }

        /// The request with its `catalogueVersion` well-formed but not yet checked against the known versions.
        mutating func request() -> ConsentWire.Request? {
            var seen: UInt8 = 0
            var request = ConsentWire.Request(choices: .essentialOnly)
            json.skipWhitespace()
            guard json.take(UInt8(ascii: "{")) else { return nil }
            repeat {
                json.skipWhitespace()
                guard let member = member(), seen & member.rawValue == 0 else { return nil }
                seen |= member.rawValue
                guard json.nameSeparator() else { return nil }
                switch member {
                case .visitorID:
                    guard let id = json.visitorID() else { return nil }
                    request.visitorID = id
                case .choices:
                    guard let choices = json.choices() else { return nil }
                    request.choices = choices
                case .catalogueVersion:
                    guard let version = json.string(maxBytes: 16), CatalogueArchive.isValidVersion(version) else { return nil }
                    request.catalogueVersion = version
                case .noticeVersion:
                    guard let label = label() else { return nil }
                    request.noticeVersion = label
                case .source:
                    guard let label = label() else { return nil }
                    request.source = label
                case .locale:
                    // A language tag is ASCII, so its bytes are its characters.
                    guard let tag = json.string(maxBytes: ConsentWire.maxLocaleLength), ConsentWire.isLanguageTag(tag) else {
                        return nil
                    }
                    request.locale = tag
                }
                json.skipWhitespace()
            } while json.take(UInt8(ascii: ","))
            guard json.take(UInt8(ascii: "}")) else { return nil }
            json.skipWhitespace()
            guard json.isAtEnd, seen & Member.choices.rawValue != 0 else { return nil }
            return request
        }

        /// `noticeVersion` / `source`: 1–`ConsentWire.maxLabelLength` Unicode scalars (a scalar is 1–4 bytes).
        mutating func label() -> String? {
            guard let (raw, isASCII) = json.rawString(), (1...ConsentWire.maxLabelLength * 4).contains(raw.count) else {
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

        /// A request member name.
        mutating func member() -> Member? {
            guard let (name, _) = json.rawString() else { return nil }
            if JSONByteCursor.equals(name, "choices") { return .choices }
            if JSONByteCursor.equals(name, "visitorId") { return .visitorID }
            if JSONByteCursor.equals(name, "catalogueVersion") { return .catalogueVersion }
            if JSONByteCursor.equals(name, "source") { return .source }
            if JSONByteCursor.equals(name, "locale") { return .locale }
            if JSONByteCursor.equals(name, "noticeVersion") { return .noticeVersion }
            return nil
        }
    }
}
