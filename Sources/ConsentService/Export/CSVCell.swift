/// One CSV cell per RFC 4180 §2, with protection against formula injection (OWASP "CSV
/// injection"): a text cell that starts with `=`, `+`, `-`, `@`, TAB or CR is prefixed with `'`
/// so spreadsheets show it as text instead of evaluating it.
enum CSVCell {
    /// The record separator: CRLF (RFC 4180 §2 rule 1).
    static let lineEnd: [UInt8] = [0x0D, 0x0A]

    /// Appends a cell whose value came from outside (ids, source, locale…): guarded, then quoted if needed.
    static func appendText(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { appendText($0, to: &out) }
    }

    /// Appends a text cell given as UTF-8 bytes: `'` first when it starts like a formula, and the whole
    /// cell (guard included) in double quotes with inner quotes doubled when needed.
    static func appendText(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let isGuarded = bytes.first.map(isFormulaTrigger) ?? false
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        if needsQuotes { out.append(UInt8(ascii: "\"")) }
        if isGuarded { out.append(UInt8(ascii: "'")) }
        if needsQuotes {
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { out.append(byte) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: bytes)
        }
    }

    /// Whether a leading byte would make a spreadsheet treat the cell as a formula.
    static func isFormulaTrigger(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 0x09 || byte == 0x0D
    }
}
