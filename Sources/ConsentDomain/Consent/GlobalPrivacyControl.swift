/// The Global Privacy Control signal (GPC specification §3: the `Sec-GPC` request header).
public enum GlobalPrivacyControl {
    /// Whether a `Sec-GPC` header value asserts the signal: exactly `1` once optional
    /// whitespace (SP, HTAB) is trimmed. Any other value, or no header, is no signal.
    public static func isAsserted(byHeader value: String?) -> Bool {
        guard let value else { return false }
        let trimmed = value.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
        return trimmed.count == 1 && trimmed.first == UInt8(ascii: "1")
    }

    /// Applies the signal to `choices`: when asserted, `targeting` is forced `false`
    /// (the sale/sharing of personal data the signal opts out of).
    /// - Returns: The adjusted choices and whether the signal changed them.
    public static func apply(to choices: ConsentChoices, asserted: Bool) -> (choices: ConsentChoices, changed: Bool) {
        guard asserted, choices.targeting else { return (choices, false) }
        var adjusted = choices
        adjusted.targeting = false
        return (adjusted, true)
    }
}
