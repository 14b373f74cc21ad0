import Testing
@testable import ConsentDomain

@Suite struct CookieHeaderTests {
    /// Pairs are split on `;` and trimmed.
    @Test func parsesPairs() throws {
        let header = try CookieHeader(parsing: "_ga=GA1.2.3;  _lang=fr ;sid=abc")
        #expect(header.pairs.map(\.name) == ["_ga", "_lang", "sid"])
        #expect(header.pairs.map(\.value) == ["GA1.2.3", "fr", "abc"])
    }

    /// Pieces with no `=`, an empty name or a non-token name are skipped and counted.
    @Test func skipsMalformedPieces() throws {
        let header = try CookieHeader(parsing: "flag; =v; a b=1; ok=1")
        #expect(header.names == ["ok"] && header.skippedCount == 3)
    }

    /// Empty pieces (trailing or doubled `;`) are neither pairs nor skipped pieces.
    @Test func ignoresEmptyPieces() throws {
        let header = try CookieHeader(parsing: "a=1;; ;b=2;")
        #expect(header.names == ["a", "b"] && header.skippedCount == 0)
    }

    /// Duplicates are kept as pairs; `names` lists each once.
    @Test func duplicates_keptInPairs_uniqueInNames() throws {
        let header = try CookieHeader(parsing: "a=1; b=2; a=3")
        #expect(header.pairs.count == 3 && header.names == ["a", "b"])
    }

    /// `=` in a value belongs to the value; an empty value is allowed.
    @Test func valueMayContainEquals() throws {
        let header = try CookieHeader(parsing: "tok=a=b; e=")
        #expect(header.pairs.map(\.value) == ["a=b", ""])
    }

    /// A value of exactly the limit parses; one byte more is refused.
    @Test func lengthLimit_isExact() throws {
        let fits = "a=" + String(repeating: "x", count: 30)
        #expect(try CookieHeader(parsing: fits, maxBytes: 32).names == ["a"])
        #expect(throws: CookieHeader.ParseError.tooLong(limit: 32)) { try CookieHeader(parsing: fits + "x", maxBytes: 32) }
    }

    /// An empty header has no pairs.
    @Test func emptyHeader_hasNoPairs() throws {
        #expect(try CookieHeader(parsing: "").pairs.isEmpty)
    }
}
