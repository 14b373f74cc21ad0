/// A category as a banner shows it: its id plus a human name and description.
public struct CategoryInfo: Hashable, Sendable {
    public let category: CookieCategory
    public let name: String
    public let description: String

    public init(category: CookieCategory, name: String, description: String) {
        self.category = category
        self.name = name
        self.description = description
    }
}
