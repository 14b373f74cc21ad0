/// One catalogue entry. Names are not unique (the same cookie can serve two purposes);
/// ids are.
public struct Cookie: Hashable, Sendable, Identifiable {
    /// Stable, unique, URL-safe id (e.g. `support-cfduid-1`).
    public let id: String
    /// The declared name (literal or pattern).
    public let name: CookieNamePattern
    /// Services that set it ("Support, Guide" is two services).
    public let services: [String]
    public let category: CookieCategory
    /// The source's own category label when it was aliased (e.g. "Feature"), else `nil`.
    public let sourceCategory: String?
    public let purpose: String
    public let duration: CookieDuration

    public init(id: String, name: CookieNamePattern, services: [String], category: CookieCategory,
                sourceCategory: String? = nil, purpose: String, duration: CookieDuration) {
        self.id = id
        self.name = name
        self.services = services
        self.category = category
        self.sourceCategory = sourceCategory
        self.purpose = purpose
        self.duration = duration
    }
}
