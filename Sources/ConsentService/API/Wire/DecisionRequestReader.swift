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

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func request(limits: DecisionLimits) -> DecisionWire.Request? {
            var seen: UInt8 = 0
            var visitorID: VisitorID?
            var input = DecisionInput()
            skipWhitespace()
            guard take(UInt8(ascii: "{")) else { return nil }
            skipWhitespace()
            if !take(UInt8(ascii: "}")) {
                repeat {
                    skipWhitespace()
                    guard let member = member(), seen & member.rawValue == 0 else { return nil }
                    seen |= member.rawValue
                    skipWhitespace()
                    guard take(UInt8(ascii: ":")) else { return nil }
                    skipWhitespace()
                    switch member {
                    case .visitorID:
                        guard let text = string(maxBytes: VisitorID.allowedLength.upperBound),
                              let id = VisitorID(rawValue: text) else { return nil }
                        visitorID = id
                    case .choices:
                        guard let choices = choices() else { return nil }
                        input.choices = choices
                    case .cookies:
                        guard let names = strings(maxCount: limits.maxCookieNames, maxBytes: limits.maxCookieNameBytes) else {
                            return nil
                        }
                        input.cookieNames = names
                    case .cookieHeader:
                        guard let header = string(maxBytes: limits.maxCookieHeaderBytes) else { return nil }
                        input.cookieHeader = header
                    case .setCookies:
                        guard let lines = strings(maxCount: limits.maxSetCookieLines, maxBytes: Int.max) else { return nil }
                        input.setCookieLines = lines
                    }
                    skipWhitespace()
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            skipWhitespace()
            guard index == bytes.count, visitorID == nil || input.choices == nil else { return nil }
            return DecisionWire.Request(visitorID: visitorID, input: input)
        }

        // MARK: Tokens

        mutating func skipWhitespace() {
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                index += 1
            }
        }

        /// Consumes `byte` if it is next.
        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// The bytes of a string without escapes or control characters, quotes excluded, and whether
        /// they are all ASCII; `nil` (position unspecified) otherwise.
        mutating func rawString() -> (bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool)? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            var high: UInt8 = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return (UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), high < 0x80)
                }
                guard byte >= 0x20, byte != UInt8(ascii: "\\") else { return nil }
                high |= byte
                index += 1
            }
            return nil
        }

        /// A string of at most `maxBytes` UTF-8 bytes (well-formed UTF-8 required).
        mutating func string(maxBytes: Int) -> String? {
            guard let (raw, isASCII) = rawString(), raw.count <= maxBytes else { return nil }
            if isASCII { return String(decoding: raw, as: UTF8.self) }
            return String(validating: raw, as: UTF8.self)
        }

        /// An array of at most `maxCount` strings of at most `maxBytes` bytes each.
        mutating func strings(maxCount: Int, maxBytes: Int) -> [String]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var items: [String] = []
            items.reserveCapacity(8)
            skipWhitespace()
            if take(UInt8(ascii: "]")) { return items }
            repeat {
                skipWhitespace()
                guard items.count < maxCount, let item = string(maxBytes: maxBytes) else { return nil }
                items.append(item)
                skipWhitespace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? items : nil
        }

        /// `true` or `false`.
        mutating func bool() -> Bool? {
            if matchLiteral("true") { return true }
            if matchLiteral("false") { return false }
            return nil
        }

        mutating func matchLiteral(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            let matches = literal.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
            }
            if matches { index += count }
            return matches
        }

        /// A request member name.
        mutating func member() -> Member? {
            guard let (name, _) = rawString() else { return nil }
            if equals(name, "visitorId") { return .visitorID }
            if equals(name, "cookies") { return .cookies }
            if equals(name, "choices") { return .choices }
            if equals(name, "cookieHeader") { return .cookieHeader }
            if equals(name, "setCookies") { return .setCookies }
            return nil
        }

        /// A `choices` object: `essential`, `functionality`, `analytics`, `targeting`, booleans, each at most once.
        mutating func choices() -> ConsentChoices? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var choices = ConsentChoices.essentialOnly
            var seen: UInt8 = 0
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return choices }
            repeat {
                skipWhitespace()
                guard let (name, _) = rawString() else { return nil }
                let bit: UInt8
                if equals(name, "essential") { bit = 1 } else if equals(name, "functionality") { bit = 2 }
                else if equals(name, "analytics") { bit = 4 } else if equals(name, "targeting") { bit = 8 } else { return nil }
                guard seen & bit == 0 else { return nil }
                seen |= bit
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                guard let value = bool() else { return nil }
                switch bit {
                case 2: choices.functionality = value
                case 4: choices.analytics = value
                case 8: choices.targeting = value
                default: break  // `essential` is accepted and has no effect, as in `ConsentWire.choices`.
                }
                skipWhitespace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}")) ? choices : nil
        }

        private func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
            name.withUTF8Buffer { expected in expected.elementsEqual(bytes) }
        }
    }
}
