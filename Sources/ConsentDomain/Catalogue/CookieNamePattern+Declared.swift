/// Reading a cookie name as a privacy policy declares it.
extension CookieNamePattern {
    /// Parses a declared name into literals and placeholders.
    ///
    /// Normalisation, in order:
    /// 1. All whitespace is removed: a cookie-name is an RFC 6265 §4.1.1 token, which has no
    ///    spaces, so `hc- {user_identifier} -preview` becomes `hc-{user_identifier}-preview`.
    /// 2. `{name}` is a placeholder; `name` is 1+ characters from `[A-Za-z0-9_]`.
    /// 3. If the name then ends in a literal `.KEY`, where `KEY` is two or more characters from
    ///    `[A-Z0-9_]` starting with a letter and something precedes the dot, `KEY` is a
    ///    placeholder too: `_pendo_meta.PENDO_API_KEY` → `_pendo_meta.` + `{PENDO_API_KEY}`.
    ///
    /// Literal characters must be RFC 6265 token characters (visible ASCII except separators).
    /// - Throws: `CookieNameError` for an empty name, a bad character, an empty or unclosed
    ///   placeholder, or two placeholders in a row (ambiguous to match).
    public init(declared: String) throws(CookieNameError) {
        let compact = String(declared.unicodeScalars.filter { !$0.properties.isWhitespace })
        guard !compact.isEmpty else { throw .empty }
        var parts: [Part] = []
        var literal = ""
        var scalars = compact.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "{" {
                var name = ""
                var closed = false
                while let inner = scalars.next() {
                    if inner == "}" { closed = true; break }
                    guard Self.isPlaceholderCharacter(inner) else { throw .invalidPlaceholder(compact) }
                    name.unicodeScalars.append(inner)
                }
                guard closed, !name.isEmpty else { throw .invalidPlaceholder(compact) }
                if literal.isEmpty {
                    if case .placeholder = parts.last { throw .adjacentPlaceholders(compact) }
                } else {
                    parts.append(.literal(literal))
                    literal = ""
                }
                parts.append(.placeholder(name))
            } else {
                guard Self.isTokenCharacter(scalar) else { throw .invalidCharacter(compact) }
                literal.unicodeScalars.append(scalar)
            }
        }
        if !literal.isEmpty {
            if let dot = literal.lastIndex(of: "."), dot > literal.startIndex || !parts.isEmpty {
                let key = literal[literal.index(after: dot)...]
                if Self.isUpperCaseKey(key) {
                    parts.append(.literal(String(literal[...dot])))
                    parts.append(.placeholder(String(key)))
                    literal = ""
                }
            }
            if !literal.isEmpty { parts.append(.literal(literal)) }
        }
        self.init(parts: parts)
    }

    /// RFC 6265 §4.1.1 cookie-name = token (RFC 2616 §2.2): visible ASCII but no separators.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value > 0x20, scalar.value < 0x7F else { return false }
        return !"()<>@,;:\\\"/[]?={}".unicodeScalars.contains(scalar)
    }

    private static func isPlaceholderCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_": true
        default: false
        }
    }

    private static func isUpperCaseKey(_ key: Substring) -> Bool {
        guard key.unicodeScalars.count >= 2, let first = key.unicodeScalars.first,
              ("A"..."Z").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// Why a declared cookie name is not usable.
public enum CookieNameError: Error, Equatable, Sendable {
    /// Nothing left after removing whitespace.
    case empty
    /// A literal character that is not an RFC 6265 token character; carries the compacted name.
    case invalidCharacter(String)
    /// `{}` or an unclosed `{`, or a placeholder name outside `[A-Za-z0-9_]`.
    case invalidPlaceholder(String)
    /// `{a}{b}`: two placeholders with nothing between them.
    case adjacentPlaceholders(String)
}
