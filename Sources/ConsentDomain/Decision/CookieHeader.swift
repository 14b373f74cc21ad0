/// The cookies in a `Cookie:` request header value (RFC 6265 §4.2.1 / §5.4):
/// `name=value` pairs separated by `;`.
///
/// Parsing is lenient in what it skips and strict in what it keeps: a piece with no `=`,
/// an empty name, or a name holding a control character, space or separator is skipped
/// and counted, never fatal. The input is bounded: a value over `maxBytes` is refused.
public struct CookieHeader: Sendable, Hashable {
    /// One `name=value` pair, trimmed of surrounding whitespace.
    public struct Pair: Sendable, Hashable {
        public let name: String
        public let value: String
    }

    /// Why a header value was refused as a whole.
    public enum ParseError: Error, Sendable, Hashable {
        /// Longer than the limit (bytes).
        case tooLong(limit: Int)
    }

    /// Default bound on a header value: 8,192 bytes (the usual per-field limit of servers).
    public static let defaultMaxBytes = 8_192

    /// Pairs in header order; duplicates kept.
    public let pairs: [Pair]
    /// Pieces skipped as malformed (no `=`, empty or invalid name).
    public let skippedCount: Int

    /// Parses a `Cookie` header value.
    /// - Parameters:
    ///   - value: The raw header value.
    ///   - maxBytes: Bound on `value` in UTF-8 bytes (default 8,192).
    /// - Throws: `.tooLong` when `value` exceeds `maxBytes`.
    public init(parsing value: String, maxBytes: Int = CookieHeader.defaultMaxBytes) throws(ParseError) {
        let bytes = Array(value.utf8)
        guard bytes.count <= maxBytes else { throw .tooLong(limit: maxBytes) }
        var pairs: [Pair] = []
        var skipped = 0
        for piece in bytes.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            let trimmed = CookieSyntax.trimWhitespace(piece)
            if trimmed.isEmpty { continue }  // "a=1;" or "a=1; ;b=2"
            guard let eq = trimmed.firstIndex(of: UInt8(ascii: "=")) else { skipped += 1; continue }
            let name = CookieSyntax.trimWhitespace(trimmed[..<eq])
            guard !name.isEmpty, name.allSatisfy(CookieSyntax.isTokenByte) else { skipped += 1; continue }
            let rawValue = CookieSyntax.trimWhitespace(trimmed[trimmed.index(after: eq)...])
            pairs.append(Pair(name: String(decoding: name, as: UTF8.self),
                              value: String(decoding: rawValue, as: UTF8.self)))
        }
        self.pairs = pairs
        skippedCount = skipped
    }

    /// Distinct names, in first-seen order.
    public var names: [String] {
        var seen = Set<String>()
        return pairs.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    }
}
