import ConsentDomain

/// Writes the `POST /v1/decisions` response body straight into bytes: the fast twin of
/// `DecisionWire.body(_:fragments:)`, producing byte for byte the same JSON (same members, same
/// order, same escaping).
///
/// Member names and punctuation are static bytes, the id arrays and the Consent Mode object are
/// spliced from `ChoiceFragments`, and strings that need no escaping (printable ASCII without `"`
/// or `\`, i.e. every id and almost every cookie name) are copied as they are. A string that needs
/// escaping is written by `JSONWriter`, so the two writers cannot disagree on it.
struct DecisionBodyWriter {
    private(set) var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes.
    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The response body for `decision`.
    /// - Parameter fragments: Pre-encoded parts of the engine that made `decision`. When they disagree
    ///   with it (another engine's), the body is written by `DecisionWire.body(_:)` instead.
    static func body(_ decision: Decision, fragments: ChoiceFragments) -> [UInt8] {
        let entry = fragments.entry(for: decision.choices)
        guard entry.allowedCount == decision.allowedCookieIDs.count, entry.deniedCount == decision.deniedCookieIDs.count,
              entry.signals == decision.consentMode else {
            return DecisionWire.body(decision)
        }
        var writer = DecisionBodyWriter(capacity: entry.allowedCookies.count + entry.deniedCookies.count
                                        + entry.consentMode.count + 256 + 160 * decision.verdicts.count
                                        + 64 * decision.droppedSetCookies.count)
        writer.write(decision, entry: entry)
        return writer.bytes
    }

    private mutating func write(_ decision: Decision, entry: ChoiceFragments.Entry) {
        raw(#"{"basis":""#)
        raw(decision.basis.wireBytes)
        raw(#"","choices":{"essential":true,"functionality":"#)
        bool(decision.choices.functionality)
        raw(#","analytics":"#)
        bool(decision.choices.analytics)
        raw(#","targeting":"#)
        bool(decision.choices.targeting)
        raw(#"},"allowedCookies":"#)
        bytes.append(contentsOf: entry.allowedCookies)
        raw(#","deniedCookies":"#)
        bytes.append(contentsOf: entry.deniedCookies)
        raw(#","verdicts":["#)
        for (i, verdict) in decision.verdicts.enumerated() {
            raw(i == 0 ? #"{"name":"# : #",{"name":"#)
            string(verdict.name)
            raw(verdict.isAllowed ? #","allowed":true,"reason":""# : #","allowed":false,"reason":""#)
            raw(verdict.reason.wireBytes)
            raw(#"","cookieIds":["#)
            for (j, id) in verdict.cookieIDs.enumerated() {
                if j > 0 { raw(",") }
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
        for (i, dropped) in decision.droppedSetCookies.enumerated() {
            raw(i == 0 ? #"{"index":"# : #",{"index":"#)
            bytes.append(contentsOf: String(dropped.index).utf8)
            raw(#","name":"#)
            if let name = dropped.name { string(name) } else { raw("null") }
            raw(#","reason":"#)
            string(DecisionWire.reasonCode(dropped.reason))
            raw("}")
        }
        raw(#"],"consentMode":"#)
        bytes.append(contentsOf: entry.consentMode)
        raw(#","reconsentRequired":["#)
        for (i, category) in decision.reconsentRequired.enumerated() {
            raw(i == 0 ? #"""# : #",""#)
            raw(category.wireBytes)
            raw(#"""#)
        }
        raw("]}")
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    /// A JSON string literal, escaped exactly as `JSONWriter.string(_:)` escapes it.
    private mutating func string(_ value: String) {
        var value = value
        let copied = value.withUTF8 { text -> Bool in
            for byte in text where byte < 0x20 || byte >= 0x7F || byte == 0x22 || byte == 0x5C { return false }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: text)
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        guard !copied else { return }
        var json = JSONWriter(capacity: value.utf8.count * 2 + 2)
        json.string(value)
        bytes.append(contentsOf: json.bytes)
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
