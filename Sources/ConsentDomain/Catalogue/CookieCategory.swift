/// One of the four canonical cookie categories. The raw values are stable API values.
public enum CookieCategory: String, CaseIterable, Codable, Sendable, Comparable {
    case essential
    case functionality
    case analytics
    case targeting

    /// Essential cookies are always allowed and cannot be refused.
    public var isRequired: Bool { self == .essential }

    /// The categories a visitor chooses for (every one but `essential`).
    public static let optional: [CookieCategory] = [.functionality, .analytics, .targeting]

    /// Banner order: essential first, then as declared.
    public static func < (a: CookieCategory, b: CookieCategory) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
