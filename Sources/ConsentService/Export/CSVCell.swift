/// One CSV cell per RFC 4180 §2, with protection against formula injection (OWASP "CSV
/// injection"): a text cell that starts with `=`, `+`, `-`, `@`, TAB or CR is prefixed with `'`
/// so spreadsheets show it as text instead of evaluating it.
enum CSVCell {
    /// The record separator: CRLF (RFC 4180 §2 rule 1).
    static let lineEnd: [UInt8] = [0x0D, 0x0A]

    /// Appends a cell whose value came from outside (ids, source, locale…): guarded, then quoted if needed.
    static func appendText(_ value: String, to out: inout [UInt8]) {
        var bytes = Array(value.utf8)
        if let first = bytes.first, isFormulaTrigger(first) { bytes.insert(UInt8(ascii: "'"), at: 0) }
        appendQuotedIfNeeded(bytes, to: &out)
    }

    /// Appends a cell the service produced itself (numbers, booleans, times, hex hashes): written as is.
    static func appendPlain<Bytes: Sequence>(_ value: Bytes, to out: inout [UInt8]) where Bytes.Element == UInt8 {
        out.append(contentsOf: value)
    }

    /// Whether a leading byte would make a spreadsheet treat the cell as a formula.
    static func isFormulaTrigger(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 0x09 || byte == 0x0D
    }

    /// Encloses the cell in double quotes, doubling inner quotes, when it holds a comma, a quote,
    /// CR or LF (RFC 4180 §2 rules 6–7); otherwise writes it bare.
    static func appendQuotedIfNeeded(_ bytes: [UInt8], to out: inout [UInt8]) {
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else { out.append(contentsOf: bytes); return }
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
