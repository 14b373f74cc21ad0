import ConsentDomain

/// Reads JSON tokens straight from a body's bytes, for the fast request readers
/// (`DecisionRequestReader`, `ConsentRequestReader`): no `JSONValue` tree, no pointers, no problems.
///
/// Every method accepts only a strict subset of JSON — strings without escapes or control
/// characters, `true` / `false`, objects of known members — and answers `nil` / `false` for
/// anything else, leaving the position unspecified: a reader then gives up and its caller takes
/// the generic parser and validator, which produce the exact answer.
struct JSONByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Whether every byte has been read.
    var isAtEnd: Bool { index == bytes.count }

    /// Skips JSON whitespace (space, tab, line feed, carriage return).
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
    /// they are all ASCII; `nil` otherwise.
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
            for i in 0..<count where bytes[index + i] != expected[i] { return false }
            return true
        }
        if matches { index += count }
        return matches
    }

    /// Whitespace, `:` and whitespace: what separates a member name from its value.
    mutating func nameSeparator() -> Bool {
        skipWhitespace()
        guard take(UInt8(ascii: ":")) else { return false }
        skipWhitespace()
        return true
    }

    /// A `visitorId` string that is a valid `VisitorID`.
    mutating func visitorID() -> VisitorID? {
        string(maxBytes: VisitorID.allowedLength.upperBound).flatMap { VisitorID(rawValue: $0) }
    }

    /// A `choices` object: `essential`, `functionality`, `analytics`, `targeting`, booleans, each at
    /// most once (missing → `false`; `essential` accepted and without effect, as in `ConsentWire.choices`).
    mutating func choices() -> ConsentChoices? {
        var choices = ConsentChoices.essentialOnly
        let read = object(names: Self.choiceNames) { json, category in
            guard let value = json.bool() else { return false }
            switch category {
            case .functionality: choices.functionality = value
            case .analytics: choices.analytics = value
            case .targeting: choices.targeting = value
            case .essential: break
            }
            return true
        }
        return read == nil ? nil : choices
    }

    /// Members of a `choices` object, with one bit each to find duplicates.
    private enum ChoiceMember: UInt8 { case essential = 1, functionality = 2, analytics = 4, targeting = 8 }
    private static let choiceNames: KeyValuePairs<StaticString, ChoiceMember> = [
        "essential": .essential, "functionality": .functionality, "analytics": .analytics, "targeting": .targeting,
    ]

    /// An object whose members are known names, each at most once, possibly none: reads `{`, then per
    /// member its name (one of `names`), the separator and — through `value` — its value, then `}`.
    /// - Parameter value: Reads the member's value from the cursor; `false` when it is outside the subset.
    /// - Returns: The members read, as their `rawValue` bits or-ed together; `nil` for an unknown or repeated
    ///   name, a `false` from `value`, or malformed JSON.
    mutating func object<Member: RawRepresentable>(
        names: KeyValuePairs<StaticString, Member>, value: (inout JSONByteCursor, Member) -> Bool
    ) -> Member.RawValue? where Member.RawValue == UInt8 {
        guard take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt8 = 0
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return seen }
        repeat {
            skipWhitespace()
            guard let (name, _) = rawString(), let member = names.first(where: { Self.equals(name, $0.key) })?.value,
                  seen & member.rawValue == 0 else { return nil }
            seen |= member.rawValue
            guard nameSeparator(), value(&self, member) else { return nil }
            skipWhitespace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? seen : nil
    }

    /// Whether `bytes` spell `name` exactly (lengths first: most names are told apart without a byte read).
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        return name.withUTF8Buffer { expected in
            for i in 0..<expected.count where expected[i] != bytes[i] { return false }
            return true
        }
    }
}
