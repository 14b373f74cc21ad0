import Testing
@testable import ConsentService

@Suite struct SettingValueTests {
    /// Origins must be `*` or scheme://host[:port] without a path.
    @Test func origins_areValidated() {
        #expect(SettingValue.isOrigin("*"))
        #expect(SettingValue.isOrigin("https://shop.example"))
        #expect(SettingValue.isOrigin("http://localhost:3000"))
        #expect(!SettingValue.isOrigin("https://shop.example/"))
        #expect(!SettingValue.isOrigin("shop.example"))
        #expect(!SettingValue.isOrigin("https://"))
    }

    /// Tokens follow RFC 6750 b64token and have at least 16 characters.
    @Test func tokens_areValidated() {
        #expect(SettingValue.isToken("abcdefghijklmnop"))
        #expect(SettingValue.isToken("abc-._~+/DEF0123=="))
        #expect(!SettingValue.isToken("abcdefghijklmno"))
        #expect(!SettingValue.isToken("abcdefgh ijklmnop"))
        #expect(!SettingValue.isToken("abcdefgh=ijklmnop"))
    }

    /// Byte sizes reject overflow and unknown suffixes.
    @Test func byteSizes_rejectOverflowAndUnknownSuffixes() {
        #expect(SettingValue.byteSize("999999999999G") == nil)
        #expect(SettingValue.byteSize("10T") == nil)
        #expect(SettingValue.byteSize("k") == nil)
        #expect(SettingValue.byteSize("2k") == 2_048)
    }

    /// Durations over 100 years, empty or malformed ones are refused.
    @Test func durations_areBounded() {
        #expect(SettingValue.duration("P101Y") == nil)
        #expect(SettingValue.duration("PT") == nil)
        #expect(SettingValue.duration("P1D2") == nil)
        #expect(SettingValue.duration("d") == nil)
        #expect(SettingValue.duration("PT90M") == .seconds(5_400))
    }
}
