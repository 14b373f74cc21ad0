/// The `GET /v1/cookies` filters, as a value: every set criterion must hold (AND); values
/// within one criterion are alternatives (OR).
///
/// Ages compare lifetimes in seconds (`ISO8601Duration.totalSeconds`, month = 30 days,
/// year = 365 days). A session cookie's lifetime is 0, the shortest: any `maxAge` includes
/// it and only a zero `minAge` (`P0D`) does. An until-replaced cookie's lifetime is unbounded:
/// any `minAge` includes it and any `maxAge` excludes it. Both bounds are inclusive.
public struct CatalogueFilter: Hashable, Sendable {
    /// Categories to keep; empty keeps all.
    public var categories: Set<CookieCategory> = []
    /// Service names to keep, compared ignoring case; empty keeps all.
    public var services: Set<String> = []
    /// Duration kinds to keep (`session`, `persistent`, `until-replaced`); empty keeps all.
    public var durationKinds: Set<String> = []
    /// Shortest lifetime kept, inclusive.
    public var minAge: ISO8601Duration?
    /// Longest lifetime kept, inclusive.
    public var maxAge: ISO8601Duration?

    /// The accepted `duration` values.
    public static let durationKindValues: [String] = ["session", "persistent", "until-replaced"]

    public init(categories: Set<CookieCategory> = [], services: Set<String> = [], durationKinds: Set<String> = [],
                minAge: ISO8601Duration? = nil, maxAge: ISO8601Duration? = nil) {
        self.categories = categories
        self.services = services
        self.durationKinds = durationKinds
        self.minAge = minAge
        self.maxAge = maxAge
    }

    /// True when no criterion is set (the unfiltered list).
    public var isEmpty: Bool {
        categories.isEmpty && services.isEmpty && durationKinds.isEmpty && minAge == nil && maxAge == nil
    }

    /// Whether `cookie` passes every criterion.
    public func includes(_ cookie: Cookie) -> Bool {
        if !categories.isEmpty, !categories.contains(cookie.category) { return false }
        if !services.isEmpty {
            let wanted = Set(services.map { $0.lowercased() })
            guard cookie.services.contains(where: { wanted.contains($0.lowercased()) }) else { return false }
        }
        if !durationKinds.isEmpty, !durationKinds.contains(cookie.duration.kind) { return false }
        let lifetime = cookie.duration.lifetimeSeconds  // nil = unbounded
        if let minAge, let lifetime, lifetime < minAge.totalSeconds { return false }
        if let maxAge {
            guard let lifetime, lifetime <= maxAge.totalSeconds else { return false }
        }
        return true
    }

    /// The cookies that pass, in their catalogue order.
    public func apply(to cookies: [Cookie]) -> [Cookie] {
        cookies.filter(includes)
    }

    /// The catalogue's cookies that pass, in catalogue order.
    public func apply(to catalogue: Catalogue) -> [Cookie] {
        apply(to: catalogue.cookies)
    }
}
