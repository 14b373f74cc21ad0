import ConsentDomain
import Testing
@testable import ConsentService

@Suite struct ConsentIDTests {
    /// The UUID text of two words, digit by digit from the high nibble down (the reference for the
    /// writer, which fills the string's storage directly).
    static func reference(high: UInt64, low: UInt64) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for i in 0..<32 {
            if [8, 12, 16, 20].contains(i) { text.append("-") }
            let word = i < 16 ? high : low
            text.append(digits[Int((word >> UInt64((15 - i % 16) * 4)) & 0xF)])
        }
        return text
    }

    /// A random consent id is a lower-case version-4 UUID built from the generator's next two words
    /// (version and variant bits set), for many seeds.
    @Test func randomConsentID_isTheVersion4UUIDOfTheNextTwoWords() {
        for seed in 0..<200 as Range<UInt64> {
            var source = DecisionBodyWriterTests.SeededRandom(state: seed &* 0x1234_5678_9ABC)
            var copy = source
            let id = ConsentWire.randomConsentID(using: &source)
            let high = (copy.next() & ~0xF000) | 0x4000
            let low = (copy.next() & ~(0xC << 60)) | (0x8 << 60)
            #expect(id == Self.reference(high: high, low: low))
            let bytes = Array(id.utf8)
            #expect(bytes.count == 36)
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
        }
    }

    /// The `Location` of a visitor's consent is `/v1/visitors/{visitorId}/consent`, for short and long ids.
    @Test(arguments: ["abcdefgh", "visitor-00000001", String(repeating: "Z_-9", count: 16)])
    func location_isTheVisitorsConsentPath(id: String) throws {
        let visitor = try #require(VisitorID(rawValue: id))
        #expect(ConsentRoutes.location(of: visitor) == "/v1/visitors/" + id + "/consent")
    }
}
