/// What a visitor allowed, per optional category. Essential is always allowed and is
/// not a choice.
public struct ConsentChoices: Hashable, Sendable {
    public var functionality: Bool
    public var analytics: Bool
    public var targeting: Bool

    public init(functionality: Bool = false, analytics: Bool = false, targeting: Bool = false) {
        self.functionality = functionality
        self.analytics = analytics
        self.targeting = targeting
    }

    /// Essential only: nothing optional allowed (the default, and a withdrawal).
    public static let essentialOnly = ConsentChoices()
    public static let all = ConsentChoices(functionality: true, analytics: true, targeting: true)

    /// Whether cookies of `category` may be set under these choices.
    public func allows(_ category: CookieCategory) -> Bool {
        switch category {
        case .essential: true
        case .functionality: functionality
        case .analytics: analytics
        case .targeting: targeting
        }
    }

    public subscript(category: CookieCategory) -> Bool {
        get { allows(category) }
        set {
            switch category {
            case .essential: break
            case .functionality: functionality = newValue
            case .analytics: analytics = newValue
            case .targeting: targeting = newValue
            }
        }
    }

    /// True when every optional category is refused.
    public var isRefusal: Bool { !functionality && !analytics && !targeting }
}
