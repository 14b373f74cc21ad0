import Testing
@testable import ConsentService

@Suite struct CSVCellTests {
    private func cell(_ value: String) -> String {
        var out: [UInt8] = []
        CSVCell.appendText(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Plain text is written bare.
    @Test func plainText_isBare() {
        #expect(cell("banner") == "banner")
    }

    /// Commas, quotes and line breaks force quoting, with inner quotes doubled (RFC 4180 §2 rules 6–7).
    @Test(arguments: [("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("a\nb", "\"a\nb\""), ("a\rb", "\"a\rb\"")])
    func specialCharacters_areQuoted(value: String, expected: String) {
        #expect(cell(value) == expected)
    }

    /// A leading `=`, `+`, `-`, `@`, TAB or CR is prefixed with `'` so it is never evaluated as a formula.
    @Test(arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
    func formulaTriggers_arePrefixed(value: String) {
        #expect(cell(value) == "'" + value)
    }

    /// A leading CR is both guarded and quoted.
    @Test func leadingCarriageReturn_isGuardedAndQuoted() {
        #expect(cell("\r=1") == "\"'\r=1\"")
    }

    /// A trigger character that is not first is left alone.
    @Test func triggerInside_isNotPrefixed() {
        #expect(cell("a=b-c") == "a=b-c")
    }
}
