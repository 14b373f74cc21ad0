import Testing
@testable import ConsentService

@Suite struct JSONPointerTests {
    /// `~` is escaped before `/`, so a key holding the text `~1` stays distinguishable from `/` (RFC 6901 §4).
    @Test func pointer_escapesTildeBeforeSlash() {
        #expect(JSONPointer.root.appending("~1").description == "/~01")
        #expect(JSONPointer.root.appending("/").description == "/~1")
        #expect(JSONPointer.root.appending("a~/~").description == "/a~0~1~0")
    }

    /// Keys without `~` or `/` (every key of a valid request) are used as they are, including non-ASCII ones.
    @Test func pointer_keepsPlainKeys() {
        #expect(JSONPointer.root.appending("analytics").appending("é").description == "/analytics/é")
        #expect(JSONPointer.root.appending("").description == "/")
    }
}
