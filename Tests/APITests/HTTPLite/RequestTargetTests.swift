import Testing
@testable import HTTPLite

@Suite struct RequestTargetTests {
    /// A target without query or escapes is its own path, `+` and non-ASCII included; with either,
    /// the path is decoded and the query split as before.
    @Test func split_plainTargetIsItsOwnPath() {
        for target in ["/v1/consents", "/", "/a+b/c", "/caf\u{E9}", "/v1/visitors/abc-123/consent"] {
            let split = RequestTarget.split(target)
            #expect(split.path == target)
            #expect(split.query.isEmpty)
        }
        let escaped = RequestTarget.split("/a%20b+c")
        #expect(escaped.path == "/a b+c")
        #expect(escaped.query.isEmpty)
        let queried = RequestTarget.split("/x?a=1+2&b&c=%41")
        #expect(queried.path == "/x")
        #expect(queried.query.map(\.name) == ["a", "b", "c"])
        #expect(queried.query.map(\.value) == ["1 2", "", "A"])
    }
}
