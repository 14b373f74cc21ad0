import Testing
@testable import ConsentService

@Suite struct JSONParserTests {
    private func parse(_ text: String, maxDepth: Int = 32) throws(JSONParseError) -> JSONValue {
        try JSONParser(maxDepth: maxDepth).parse(Array(text.utf8))
    }

    private func error(_ text: String, maxDepth: Int = 32) -> JSONParseError? {
        do { _ = try parse(text, maxDepth: maxDepth); return nil } catch { return error }
    }

    /// Objects keep members in order and values keep their types; `true` is not the number 1.
    @Test func object_keepsOrderAndTypes() throws {
        let value = try parse(#" {"b": true, "a": 1, "c": [null, "x", -0.5e3]} "#)
        #expect(value.objectValue?.map(\.key) == ["b", "a", "c"])
        #expect(value["b"] == .bool(true))
        #expect(value["a"] == .number("1"))
        #expect(value["a"]?.boolValue == nil)
        #expect(value["c"] == .array([.null, .string("x"), .number("-0.5e3")]))
    }

    /// Escapes decode, including a surrogate pair.
    @Test func escapes_decode() throws {
        #expect(try parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\né😀"))
    }

    /// A repeated member name is refused with the pointer of the duplicate.
    @Test func duplicateKey_isRejectedWithPointer() {
        #expect(error(#"{"choices":{"analytics":true,"analytics":false}}"#) == .duplicateKey(pointer: "/choices/analytics"))
    }

    /// A duplicate inside an array element is named through the element index and the enclosing members.
    @Test func duplicateKey_insideArrayElement_pointsThroughTheIndex() {
        #expect(error(#"{"a":[{"x":1},{"b":1,"b":2}]}"#) == .duplicateKey(pointer: "/a/1/b"))
    }

    /// Member names on the way to a duplicate are escaped per RFC 6901 (`~` → `~0`, `/` → `~1`).
    @Test func duplicateKey_pointerEscapesEnclosingNames() {
        #expect(error(#"{"a/b":{"c~d":{"e":1,"e":2}}}"#) == .duplicateKey(pointer: "/a~1b/c~0d/e"))
    }

    /// Objects past the linear-scan size still refuse a duplicate (checked by a set of names).
    @Test func duplicateKey_inLargeObject_isRejected() {
        let members = (0..<40).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        #expect(error("{" + members + #","k3":0}"#) == .duplicateKey(pointer: "/k3"))
        #expect(error("{" + members + #","k39":0}"#) == .duplicateKey(pointer: "/k39"))
    }

    /// Nesting one level past the limit is refused; at the limit it parses.
    @Test func depthLimit_isEnforcedAtLimitPlusOne() throws {
        _ = try parse(String(repeating: "[", count: 4) + String(repeating: "]", count: 4), maxDepth: 4)
        #expect(error(String(repeating: "[", count: 5) + String(repeating: "]", count: 5), maxDepth: 4) == .tooDeep(limit: 4))
    }

    /// Hostile nesting far past the limit fails fast instead of overflowing the stack.
    @Test func deepNesting_doesNotCrash() {
        #expect(error(String(repeating: "[", count: 100_000)) == .tooDeep(limit: 32))
    }

    /// Grammar violations are rejected, never repaired.
    @Test(arguments: ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", ".5", "+1", "1e", "tru", "nul", "'a'", "{a:1}",
                      "[1] x", "\"\\x\"", "\"\u{01}\"", "\"\\ud800\"", "\"\\udc00\"", "\"unterminated", "{\"a\" 1}", "NaN", "//c\n1"])
    func invalidDocuments_areRejected(text: String) {
        #expect(error(text) != nil)
    }

    /// Invalid UTF-8 (a lone continuation byte, an overlong form, a surrogate) is rejected.
    @Test(arguments: [[0x22, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22]])
    func invalidUTF8_isRejected(bytes: [UInt8]) {
        #expect(throws: JSONParseError.invalidUTF8(offset: 1)) { try JSONParser().parse(bytes) }
    }

    /// Valid multi-byte UTF-8 passes through.
    @Test func validUTF8_isKept() throws {
        #expect(try parse("\"Zoë ✓ 𝄞\"") == .string("Zoë ✓ 𝄞"))
    }

    /// Integer accessors reject fractions, exponents and out-of-range values.
    @Test func intValue_isStrict() throws {
        #expect(JSONValue.number("42").intValue == 42)
        #expect(JSONValue.number("4.2").intValue == nil)
        #expect(JSONValue.number("1e2").intValue == nil)
        #expect(JSONValue.number("99999999999999999999").intValue == nil)
    }
}

@Suite struct JSONWriterTests {
    /// Members come out in the order written, with commas placed automatically.
    @Test func writer_keepsOrder() {
        var json = JSONWriter()
        json.beginObject()
        json.member("z", 1)
        json.key("a"); json.beginArray(); json.bool(true); json.null(); json.string("s"); json.endArray()
        json.key("o"); json.beginObject(); json.endObject()
        json.endObject()
        #expect(json.text == #"{"z":1,"a":[true,null,"s"],"o":{}}"#)
    }

    /// Quotes, backslashes, control characters and line separators are escaped.
    @Test func writer_escapesStrings() {
        var json = JSONWriter()
        json.string("q\"b\\n\n\u{01}\u{2028}é")
        #expect(json.text == #""q\"b\\n\n\u0001\u2028é""#)
    }

    /// Non-finite doubles are written as null, which is valid JSON.
    @Test func writer_nonFiniteDoubleIsNull() {
        var json = JSONWriter()
        json.beginArray(); json.number(Double.nan); json.number(0.25); json.endArray()
        #expect(json.text == "[null,0.25]")
    }

    /// What the writer produces, the parser reads back to the same value.
    @Test func writer_roundTripsThroughParser() throws {
        let original = JSONValue.object([("k", .array([.string("\u{0}x\"😀"), .number("-1.5E+3"), .bool(false)])), ("n", .null)])
        var json = JSONWriter()
        json.value(original)
        #expect(try JSONParser().parse(json.bytes) == original)
    }
}
