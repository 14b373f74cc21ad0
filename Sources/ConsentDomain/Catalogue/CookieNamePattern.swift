/// A cookie name as declared: a literal (`_cf_bm`) or a pattern with placeholders
/// (`hc-{user_identifier}-preview`, `_pendo_meta.{PENDO_API_KEY}`). A placeholder
/// stands for one or more characters.
public struct CookieNamePattern: Hashable, Sendable, CustomStringConvertible {
    public enum Part: Hashable, Sendable {
        case literal(String)
        case placeholder(String)
    }

    public let parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// A name with no placeholders.
    public init(literal: String) { parts = [.literal(literal)] }

    /// Parses `{placeholder}` segments out of `text`; everything else is literal.
    /// Unbalanced braces are literal characters.
    public init(braced text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"),
              let close = rest[open...].firstIndex(of: "}"),
              rest.index(after: open) < close {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            parts.append(.placeholder(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    public var isLiteral: Bool { parts.allSatisfy { if case .literal = $0 { true } else { false } } }

    /// The canonical text: literals as is, placeholders in braces.
    public var description: String {
        parts.map { part in
            switch part {
            case .literal(let s): s
            case .placeholder(let p): "{\(p)}"
            }
        }.joined()
    }

    /// True when the concrete cookie `name` is an instance of this pattern.
    public func matches(_ name: String) -> Bool {
        Self.match(parts[...], Substring(name))
    }

    private static func match(_ parts: ArraySlice<Part>, _ name: Substring) -> Bool {
        guard let first = parts.first else { return name.isEmpty }
        switch first {
        case .literal(let literal):
            guard name.hasPrefix(literal) else { return false }
            return match(parts.dropFirst(), name.dropFirst(literal.count))
        case .placeholder:
            let rest = parts.dropFirst()
            if rest.isEmpty { return !name.isEmpty }
            // A placeholder takes at least one character; try every split point.
            guard !name.isEmpty else { return false }
            var i = name.index(after: name.startIndex)
            while true {
                if match(rest, name[i...]) { return true }
                if i == name.endIndex { break }
                i = name.index(after: i)
            }
            return false
        }
    }
}
