import Foundation
import Testing
@testable import ConsentDomain

@Suite struct SetCookieTests {
    /// Name, value and every interpreted attribute are read from a full line.
    @Test func parsesNameValueAndAttributes() throws {
        let line = try SetCookieLine(parsing: "_ga=GA1.2.3; Max-Age=100; Domain=.Example.COM; Path=/app; Secure; HttpOnly; SameSite=Lax")
        #expect(line.name == "_ga" && line.value == "GA1.2.3")
        #expect(line.maxAge == .seconds(100) && line.domain == "example.com" && line.path == "/app")
        #expect(line.isSecure && line.isHTTPOnly && line.sameSite == .lax && line.isPersistent)
    }

    /// A line without attributes is a session cookie with defaults.
    @Test func bareLine_isSessionCookie() throws {
        let line = try SetCookieLine(parsing: "  sid = abc  ")
        #expect(line.name == "sid" && line.value == "abc" && !line.isPersistent && !line.isSecure && line.path == nil)
    }

    /// A quoted value keeps its quotes (RFC 6265 §5.2) and `unquotedValue` strips them.
    @Test func quotedValue_keptAndUnquoted() throws {
        let line = try SetCookieLine(parsing: #"pref="a b"; Path=/"#)
        #expect(line.value == #""a b""# && line.unquotedValue == "a b")
    }

    /// `=` inside the value belongs to the value; an empty value is allowed.
    @Test func valueMayContainEqualsOrBeEmpty() throws {
        #expect(try SetCookieLine(parsing: "a=b=c").value == "b=c")
        #expect(try SetCookieLine(parsing: "a=").value == "")
    }

    /// `Expires` in the IMF-fixdate form is parsed to the right instant.
    @Test func expires_imfFixdate() throws {
        let line = try SetCookieLine(parsing: "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT")
        #expect(line.expires == Date(timeIntervalSince1970: 1_445_412_480))
    }

    /// `Expires` in the RFC 850 form (two-digit year) and asctime form parse too.
    @Test func expires_legacyForms() throws {
        let expected = Date(timeIntervalSince1970: 784_111_777)
        #expect(try SetCookieLine(parsing: "a=1; expires=Sunday, 06-Nov-94 08:49:37 GMT").expires == expected)
        #expect(try SetCookieLine(parsing: "a=1; Expires=Sun Nov  6 08:49:37 1994").expires == expected)
    }

    /// A leap day parses; an impossible date or time makes the attribute ignored.
    @Test func expires_invalidDatesIgnored() throws {
        #expect(try SetCookieLine(parsing: "a=1; Expires=Thu, 29 Feb 2024 00:00:00 GMT").expires
            == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(try SetCookieLine(parsing: "a=1; Expires=Fri, 30 Feb 2024 00:00:00 GMT").expires == nil)
        #expect(try SetCookieLine(parsing: "a=1; Expires=Wed, 21 Oct 2015 25:28:00 GMT").expires == nil)
        #expect(try SetCookieLine(parsing: "a=1; Expires=tomorrow").expires == nil)
    }

    /// `Max-Age` accepts a negative value, ignores non-numeric ones, and saturates on overflow.
    @Test func maxAge_rules() throws {
        #expect(try SetCookieLine(parsing: "a=1; Max-Age=-5").maxAge == .seconds(-5))
        #expect(try SetCookieLine(parsing: "a=1; Max-Age=5s").maxAge == nil)
        #expect(try SetCookieLine(parsing: "a=1; Max-Age=+5").maxAge == nil)
        #expect(try SetCookieLine(parsing: "a=1; Max-Age=99999999999999999999999").maxAge == .seconds(Int64.max))
    }

    /// The last occurrence of an attribute wins; a path not starting with `/` means the default path.
    @Test func lastAttributeWins() throws {
        let line = try SetCookieLine(parsing: "a=1; Path=/x; Path=relative; SameSite=Strict; SameSite=None")
        #expect(line.path == nil && line.sameSite == .unrestricted)
    }

    /// An unknown `SameSite` value is ignored; unknown attributes are kept as extensions.
    @Test func unknownAttributes_keptAsExtensions() throws {
        let line = try SetCookieLine(parsing: "a=1; SameSite=Bogus; Partitioned; Priority=High")
        #expect(line.sameSite == nil)
        #expect(line.extensions.map(\.name) == ["Partitioned", "Priority"] && line.extensions.map(\.value) == [nil, "High"])
    }

    /// Garbage lines are reported with a typed error, never a crash.
    @Test(arguments: [
        ("garbage", SetCookieParseError.missingEquals),
        ("; Path=/", .missingEquals),
        ("=value", .emptyName),
        ("   =v; Secure", .emptyName),
        ("a=b\u{0}c", .controlCharacter),
        ("a=b\r\nSet-Cookie: x=y", .controlCharacter),
    ])
    func garbageLines_areInvalid(line: String, error: SetCookieParseError) {
        #expect(throws: error) { try SetCookieLine(parsing: line) }
    }

    /// A line of exactly the limit parses; one byte more is refused.
    @Test func lineLimit_isExact() throws {
        let limits = SetCookieLimits(maxLineBytes: 64)
        let fits = "a=" + String(repeating: "v", count: 62)
        #expect(try SetCookieLine(parsing: fits, limits: limits).value.count == 62)
        #expect(throws: SetCookieParseError.tooLong(limit: 64)) { try SetCookieLine(parsing: fits + "v", limits: limits) }
    }

    /// Name plus value over 4,096 bytes is refused.
    @Test func nameValueLimit() {
        let line = "a=" + String(repeating: "v", count: 4_096)
        #expect(throws: SetCookieParseError.nameValueTooLong(limit: 4_096)) { try SetCookieLine(parsing: line) }
    }

    /// An attribute value over 1,024 bytes is ignored, the line still parses.
    @Test func overlongAttributeValue_isIgnored() throws {
        let line = try SetCookieLine(parsing: "a=1; Path=/" + String(repeating: "p", count: 1_024))
        #expect(line.path == nil)
    }

    /// Ten thousand pseudo-random lines over a cookie-ish alphabet never crash.
    @Test func randomLines_neverCrash() {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("a=;= \t\"-,:/.Ex0119Max-AgeSecure\u{7F}\u{1}é".unicodeScalars)
        var parsed = 0
        for _ in 0..<10_000 {
            let length = Int(rng.next() % 40)
            var s = String.UnicodeScalarView()
            for _ in 0..<length { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            if (try? SetCookieLine(parsing: String(s))) != nil { parsed += 1 }
        }
        #expect(parsed > 0 && parsed < 10_000)
    }
}
