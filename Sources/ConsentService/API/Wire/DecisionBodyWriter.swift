import ConsentDomain

/// Writes the `POST /v1/decisions` response body straight into bytes: the fast twin of
/// `DecisionWire.body(_:fragments:)`, producing byte for byte the same JSON (same members, same
/// order, same escaping).
///
/// The body is written once into an array allocated at an upper bound of its size: member names and
/// punctuation are static bytes, the id arrays and the Consent Mode object are copied from
/// `ChoiceFragments`, and strings that need no escaping (printable ASCII without `"` or `\`, i.e.
/// every id and almost every cookie name) are copied as they are. A string that needs escaping is
/// written by `JSONWriter`, so the two writers cannot disagree on it.
struct DecisionBodyWriter {
    /// The destination: `capacity` uninitialised bytes.
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Bytes written so far.
    private var count = 0
    /// Set when a write did not fit; nothing more is written.
    private var overflowed = false

    private init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// The response body for `decision`.
    /// - Parameter fragments: Pre-encoded parts of the engine that made `decision`. When they disagree
    ///   with it (another engine's), the body is written by `DecisionWire.body(_:)` instead.
    static func body(_ decision: Decision, fragments: ChoiceFragments) -> [UInt8] {
        let parts = fragments.decisionParts(for: decision.choices)
        guard parts.allowedCount == decision.allowedCookieIDs.count, parts.deniedCount == decision.deniedCookieIDs.count,
              parts.signals == decision.consentMode else {
            return DecisionWire.body(decision)
        }
        var complete = false
        let body = [UInt8](unsafeUninitializedCapacity: maximumCount(decision, parts: parts)) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            var writer = DecisionBodyWriter(base: base, capacity: buffer.count)
            parts.bytes.withUnsafeBufferPointer { fragments in
                writer.write(decision, allowed: UnsafeBufferPointer(rebasing: fragments[..<parts.allowedEnd]),
                             denied: UnsafeBufferPointer(rebasing: fragments[parts.allowedEnd..<parts.deniedEnd]),
                             consentMode: UnsafeBufferPointer(rebasing: fragments[parts.deniedEnd...]))
            }
            guard !writer.overflowed else { return }
            count = writer.count
            complete = true
        }
        // The bound is an over-estimate, so this does not happen; if it did, the reference writer answers.
        return complete ? body : DecisionWire.body(decision)
    }

    /// An upper bound of the body's size: the static bytes, the fragments, and at most 6 bytes per
    /// byte of every string (the longest escape, `\u00XX`, stands for one byte) plus its quotes.
    static func maximumCount(_ decision: Decision, parts: ChoiceFragments.DecisionParts) -> Int {
        var count = 320 + parts.bytes.count
            + 24 * decision.reconsentRequired.count
        for verdict in decision.verdicts {
            count += 128 + 6 * verdict.name.utf8.count
            for id in verdict.cookieIDs { count += 3 + 6 * id.utf8.count }
        }
        for dropped in decision.droppedSetCookies { count += 96 + 6 * (dropped.name?.utf8.count ?? 0) }
        return count
    }

    private mutating func write(_ decision: Decision, allowed: UnsafeBufferPointer<UInt8>, denied: UnsafeBufferPointer<UInt8>,
                                consentMode: UnsafeBufferPointer<UInt8>) {
        raw(#"{"basis":""#)
        raw(decision.basis.wireBytes)
        raw(#"","choices":{"essential":true,"functionality":"#)
        bool(decision.choices.functionality)
        raw(#","analytics":"#)
        bool(decision.choices.analytics)
        raw(#","targeting":"#)
        bool(decision.choices.targeting)
        raw(#"},"allowedCookies":"#)
        copy(allowed)
        raw(#","deniedCookies":"#)
        copy(denied)
        raw(#","verdicts":["#)
        var first = true
        for verdict in decision.verdicts {
            raw(first ? #"{"name":"# : #",{"name":"#)
            first = false
            string(verdict.name)
            raw(verdict.isAllowed ? #","allowed":true,"reason":""# : #","allowed":false,"reason":""#)
            raw(verdict.reason.wireBytes)
            raw(#"","cookieIds":["#)
            var firstID = true
            for id in verdict.cookieIDs {
                if !firstID { raw(",") }
                firstID = false
                string(id)
            }
            if let category = verdict.category {
                raw(#"],"category":""#)
                raw(category.wireBytes)
                raw(#""}"#)
            } else {
                raw("]}")
            }
        }
        raw(#"],"dropSetCookies":["#)
        first = true
        for dropped in decision.droppedSetCookies {
            raw(first ? #"{"index":"# : #",{"index":"#)
            first = false
            copy(String(dropped.index).utf8)
            raw(#","name":"#)
            if let name = dropped.name { string(name) } else { raw("null") }
            raw(#","reason":"#)
            string(DecisionWire.reasonCode(dropped.reason))
            raw("}")
        }
        raw(#"],"consentMode":"#)
        copy(consentMode)
        raw(#","reconsentRequired":["#)
        first = true
        for category in decision.reconsentRequired {
            raw(first ? #"""# : #",""#)
            first = false
            raw(category.wireBytes)
            raw(#"""#)
        }
        raw("]}")
    }

    // MARK: Bytes

    /// Copies `bytes` if they fit; otherwise stops writing for good.
    private mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !overflowed, bytes.count <= capacity - count else { overflowed = true; return }
        if let source = bytes.baseAddress { (base + count).initialize(from: source, count: bytes.count) }
        count += bytes.count
    }

    private mutating func copy(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { copy($0) }
    }

    private mutating func copy(_ bytes: String.UTF8View) {
        for byte in bytes { self.byte(byte) }
    }

    private mutating func byte(_ value: UInt8) {
        guard !overflowed, count < capacity else { overflowed = true; return }
        (base + count).initialize(to: value)
        count += 1
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { copy($0) }
    }

    private mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    /// A JSON string literal, escaped exactly as `JSONWriter.string(_:)` escapes it.
    private mutating func string(_ value: String) {
        var text = value
        let copied = text.withUTF8 { utf8 -> Bool in
            for byte in utf8 where byte < 0x20 || byte >= 0x7F || byte == 0x22 || byte == 0x5C { return false }
            byte(UInt8(ascii: "\""))
            copy(utf8)
            byte(UInt8(ascii: "\""))
            return true
        }
        guard !copied else { return }
        var json = JSONWriter(capacity: value.utf8.count * 2 + 2)
        json.string(value)
        copy(json.bytes)
    }
}

// The wire codes as static bytes (the raw values, which `DecisionWire` writes), so writing one copies
// bytes without going through `String`. DecisionBodyWriterTests checks them against the raw values.

extension DecisionBasis {
    /// The raw value as static bytes.
    var wireBytes: StaticString {
        switch self {
        case .consent: "consent"
        case .default: "default"
        case .expired: "expired"
        case .gpc: "gpc"
        }
    }
}

extension CookieVerdict.Reason {
    /// The raw value as static bytes.
    var wireBytes: StaticString {
        switch self {
        case .essential: "essential"
        case .explicitChoice: "explicit-choice"
        case .noRecord: "no-record"
        case .expired: "expired"
        case .gpc: "gpc"
        case .catalogueChanged: "catalogue-changed"
        case .undeclared: "undeclared"
        }
    }
}

extension CookieCategory {
    /// The raw value as static bytes.
    var wireBytes: StaticString {
        switch self {
        case .essential: "essential"
        case .functionality: "functionality"
        case .analytics: "analytics"
        case .targeting: "targeting"
        }
    }
}
