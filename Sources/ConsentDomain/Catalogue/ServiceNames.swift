/// Reading and normalising the "service" column of a cookie table.
public enum ServiceNames {
    /// Splits a policy's service cell on commas: "Support, Guide" → ["Support", "Guide"].
    /// A slash is part of a name ("All products/Developer Portal" stays one service).
    /// Each name is trimmed and inner whitespace collapsed; empty pieces are dropped, and a
    /// name repeated (ignoring case) within the cell is kept once, first spelling first.
    public static func split(_ cell: String) -> [String] {
        dedupe(cell.split(separator: ",").map { CategoryAlias.collapse(String($0)) })
    }

    /// Trims, collapses whitespace, drops empty names and case-insensitive repeats.
    public static func dedupe(_ names: [String]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for name in names.map(CategoryAlias.collapse) where !name.isEmpty {
            if seen.insert(name.lowercased()).inserted { out.append(name) }
        }
        return out
    }

    /// Unifies service spellings that differ only by case across a whole catalogue.
    ///
    /// Each group of names equal ignoring case is rewritten to its most frequent spelling,
    /// counted over all cookies; a tie goes to the spelling seen first. The seed writes
    /// "All products/Developer Portal" three times and "All products/Developer portal" once,
    /// so all four become "All products/Developer Portal".
    public static func unifySpellings(_ cookies: [Cookie]) -> [Cookie] {
        var counts: [String: [String: Int]] = [:]
        var firstSeen: [String: Int] = [:]
        var order = 0
        for cookie in cookies {
            for service in cookie.services {
                counts[service.lowercased(), default: [:]][service, default: 0] += 1
                if firstSeen[service] == nil { firstSeen[service] = order; order += 1 }
            }
        }
        var preferred: [String: String] = [:]
        for (key, spellings) in counts {
            let best = spellings.max { a, b in
                a.value != b.value ? a.value < b.value : firstSeen[a.key, default: 0] > firstSeen[b.key, default: 0]
            }
            if let best { preferred[key] = best.key }
        }
        return cookies.map { cookie in
            let services = cookie.services.map { preferred[$0.lowercased()] ?? $0 }
            guard services != cookie.services else { return cookie }
            return Cookie(id: cookie.id, name: cookie.name, services: services, category: cookie.category,
                          sourceCategory: cookie.sourceCategory, purpose: cookie.purpose, duration: cookie.duration)
        }
    }
}
