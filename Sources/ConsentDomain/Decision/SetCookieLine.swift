#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One `Set-Cookie` header value, parsed as a user agent would (RFC 6265 §5.2, with the
/// control-character and size rules of RFC 6265bis §5.6).
///
/// A line a user agent would ignore (no `=`, empty name, control characters, over a size
/// limit) throws a `SetCookieParseError`; it never crashes. Unparseable attributes are
/// ignored, as §5.2 asks, and the last occurrence of an attribute wins (§5.3).
public struct SetCookieLine: Sendable, Hashable {
    /// `SameSite` values (RFC 6265bis §5.6.7); any other value is ignored.
    public enum SameSite: String, Sendable, Hashable {
        case strict = "Strict"
        case lax = "Lax"
        /// `SameSite=None` (named so it cannot be confused with `Optional.none`).
        case unrestricted = "None"
    }

    /// An attribute this parser does not interpret (e.g. `Partitioned`, `Priority=High`).
    public struct ExtensionAttribute: Sendable, Hashable {
        public let name: String
        /// `nil` when the attribute had no `=`.
        public let value: String?
    }

    public let name: String
    /// The value as sent, surrounding double quotes kept (RFC 6265 §5.2 stores them).
    public let value: String
    /// `Expires`, when it held a valid cookie-date (§5.1.1).
    public let expires: Date?
    /// `Max-Age`; zero or negative means "expire now" (§5.2.2). Values beyond `Int64` are clamped.
    public let maxAge: Duration?
    /// `Domain`, lower-cased, leading dot removed (§5.2.3); `nil` when absent or empty.
    public let domain: String?
    /// `Path` when it starts with `/` (§5.2.4); `nil` means the default path.
    public let path: String?
    public let isSecure: Bool
    public let isHTTPOnly: Bool
    public let sameSite: SameSite?
    public let extensions: [ExtensionAttribute]

    /// The value without one pair of surrounding double quotes (RFC 6265 §4.1.1 `cookie-value`).
    public var unquotedValue: String {
        let bytes = Array(value.utf8)
        guard bytes.count >= 2, bytes.first == 0x22, bytes.last == 0x22 else { return value }
        return String(decoding: bytes[1..<(bytes.count - 1)], as: UTF8.self)
    }

    /// Whether this line deletes the cookie rather than setting it: `Max-Age` ≤ 0, or, when
    /// there is no `Max-Age` (which takes precedence, RFC 6265 §5.3 step 3), an `Expires`
    /// at or before `now`. With `now == nil` only `Max-Age` is considered.
    public func isDeletion(now: Date?) -> Bool {
        if let maxAge { return maxAge <= .zero }
        guard let expires, let now else { return false }
        return expires <= now
    }

    /// Whether the cookie outlives the browser session (has `Max-Age` or `Expires`).
    public var isPersistent: Bool { maxAge != nil || expires != nil }

    /// Parses one `Set-Cookie` value (without the `Set-Cookie:` field name).
    /// - Parameters:
    ///   - line: The raw header value.
    ///   - limits: Size bounds; defaults follow RFC 6265bis.
    /// - Throws: `SetCookieParseError` when a user agent would ignore the whole line.
    public init(parsing line: String, limits: SetCookieLimits = SetCookieLimits()) throws(SetCookieParseError) {
        let bytes = Array(line.utf8)
        guard bytes.count <= limits.maxLineBytes else { throw .tooLong(limit: limits.maxLineBytes) }
        // RFC 6265bis §5.6 step 1: control characters other than HTAB abort the line.
        guard !bytes.contains(where: CookieSyntax.isControl) else { throw .controlCharacter }
        let semicolon = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        let pair = bytes[..<semicolon]
        guard let eq = pair.firstIndex(of: UInt8(ascii: "=")) else { throw .missingEquals }
        let name = CookieSyntax.trimWhitespace(pair[..<eq])
        let value = CookieSyntax.trimWhitespace(pair[pair.index(after: eq)...])
        guard !name.isEmpty else { throw .emptyName }
        guard name.count + value.count <= limits.maxNameValueBytes else {
            throw .nameValueTooLong(limit: limits.maxNameValueBytes)
        }
        self.name = String(decoding: name, as: UTF8.self)
        self.value = String(decoding: value, as: UTF8.self)

        var attributes = SetCookieAttributes()
        if semicolon < bytes.endIndex {
            let rest = bytes[bytes.index(after: semicolon)...]
            for piece in rest.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
                attributes.apply(piece, maxValueBytes: limits.maxAttributeValueBytes)
            }
        }
        expires = attributes.expires
        maxAge = attributes.maxAge
        domain = attributes.domain
        path = attributes.path
        isSecure = attributes.isSecure
        isHTTPOnly = attributes.isHTTPOnly
        sameSite = attributes.sameSite
        extensions = attributes.extensions
    }
}

/// Size bounds for `SetCookieLine` parsing.
public struct SetCookieLimits: Sendable, Hashable {
    /// Whole line, in bytes. Default 8,192.
    public var maxLineBytes: Int
    /// Name plus value, in bytes. Default 4,096 (RFC 6265bis §5.6 step 4).
    public var maxNameValueBytes: Int
    /// One attribute value, in bytes; a longer attribute is ignored. Default 1,024 (RFC 6265bis §5.6).
    public var maxAttributeValueBytes: Int

    public init(maxLineBytes: Int = 8_192, maxNameValueBytes: Int = 4_096, maxAttributeValueBytes: Int = 1_024) {
        self.maxLineBytes = maxLineBytes
        self.maxNameValueBytes = maxNameValueBytes
        self.maxAttributeValueBytes = maxAttributeValueBytes
    }
}

/// Why a `Set-Cookie` line is ignored as a whole.
public enum SetCookieParseError: Error, Sendable, Hashable {
    /// The line is longer than the limit (bytes).
    case tooLong(limit: Int)
    /// The name-value pair has no `=` (RFC 6265 §5.2 step 2).
    case missingEquals
    /// The name is empty after trimming (RFC 6265 §5.2 step 5).
    case emptyName
    /// A control character other than HTAB (RFC 6265bis §5.6).
    case controlCharacter
    /// Name plus value exceed the limit (bytes).
    case nameValueTooLong(limit: Int)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .tooLong: "too-long"
        case .missingEquals: "missing-equals"
        case .emptyName: "empty-name"
        case .controlCharacter: "control-character"
        case .nameValueTooLong: "name-value-too-long"
        }
    }
}
