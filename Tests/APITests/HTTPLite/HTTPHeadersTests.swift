import Testing
@testable import HTTPLite

@Suite struct HTTPHeadersTests {
    /// Lookup ignores ASCII case, returns the first of repeated fields, and needs equal lengths.
    @Test func lookupIgnoresASCIICaseOnly() {
        let headers: HTTPHeaders = HTTPHeaders([("content-TYPE", "a"), ("Content-Type", "b"), ("X-[", "bracket"), ("Sec-GPC", "1")])
        #expect(headers["Content-Type"] == "a")
        #expect(headers["CONTENT-type"] == "a")
        #expect(headers["Content-Typ"] == nil)
        #expect(headers["Content-Types"] == nil)
        #expect(headers["x-["] == "bracket")
        #expect(headers["X-{"] == nil)  // '[' and '{' differ only in bit 0x20 but are not letters
        #expect(headers["sec-gpc"] == "1")
        #expect(headers["sec-gpC"] == "1")
    }

    /// Lookup agrees with `namesEqual` on every pair of one-byte names (all ASCII and some high bytes).
    @Test func lookupAgreesWithNamesEqual() {
        let bytes: [UInt8] = Array(0x20...0x7E) + [0xC3]
        for a in bytes where a != 0xC3 {
            let name = String(decoding: [a], as: UTF8.self)
            let headers = HTTPHeaders([(name, "v")])
            for b in bytes where b != 0xC3 {
                let other = String(decoding: [b], as: UTF8.self)
                #expect((headers[other] != nil) == HTTPHeaders.namesEqual(name, other))
            }
        }
        #expect(HTTPHeaders([("É", "v")])["é"] == nil)
        #expect(HTTPHeaders([("É", "v")])["É"] == "v")
    }
}
