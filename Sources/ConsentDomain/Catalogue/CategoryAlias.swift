/// Maps the category labels that privacy policies use to the four canonical categories.
///
/// Matching ignores case, surrounding whitespace, repeated inner whitespace and a trailing
/// word "cookies" ("Analytical cookies" reads as "Analytical"). Recognised labels:
/// - essential: "essential", "strictly necessary", "necessary"
/// - functionality: "functionality", "functional", "preference", "preferences",
///   "functionality or preference", and the seed's stray "feature" (an ambiguous label must
///   need consent, so it is never treated as essential)
/// - analytics: "analytics", "analytical"
/// - targeting: "targeting", "advertising", "targeting or advertising"
///
/// Anything else is unknown (`nil`), never guessed.
///
/// `sourceCategory` rule: the raw label (trimmed) is kept only when its normalised form is not
/// exactly the canonical id. So "Essential", "ANALYTICS", " functionality " keep nothing, while
/// "Feature", "Analytical", "strictly necessary" and "Analytics cookies" are kept as written.
public enum CategoryAlias {
    private static let table: [String: CookieCategory] = [
        "essential": .essential, "strictly necessary": .essential, "necessary": .essential,
        "functionality": .functionality, "functional": .functionality, "preference": .functionality,
        "preferences": .functionality, "functionality or preference": .functionality, "feature": .functionality,
        "analytics": .analytics, "analytical": .analytics,
        "targeting": .targeting, "advertising": .targeting, "targeting or advertising": .targeting,
    ]

    /// The canonical category for `label`, or `nil` when the label is not recognised.
    public static func category(for label: String) -> CookieCategory? {
        table[normalise(label)]
    }

    /// The raw label to keep as `sourceCategory`: `nil` when `label` is the canonical id
    /// itself (ignoring case and whitespace) or is not recognised, else `label` trimmed.
    public static func sourceCategory(for label: String) -> String? {
        guard let category = category(for: label) else { return nil }
        let key = collapse(label).lowercased()
        return key == category.rawValue ? nil : collapse(label)
    }

    /// Lower-cased, whitespace-collapsed, without a trailing " cookies" / " cookie".
    static func normalise(_ label: String) -> String {
        var key = collapse(label).lowercased()
        for suffix in [" cookies", " cookie"] where key.hasSuffix(suffix) && key.count > suffix.count {
            key.removeLast(suffix.count)
            break
        }
        return key
    }

    /// Trims and collapses runs of whitespace to one space.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
