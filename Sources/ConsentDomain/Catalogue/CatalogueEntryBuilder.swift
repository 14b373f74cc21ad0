/// Turns one row of a policy's cookie table (already split into strings) into a `Cookie`.
/// Shared by `CatalogueLoader` and `DefaultCatalogue`, so the built-in table goes through
/// exactly the normalisation a loaded file does.
struct CatalogueEntryBuilder: Sendable {
    /// A field name and what is wrong with it.
    struct Failure: Error, Equatable {
        var field: String
        var problem: CatalogueFieldProblem
    }

    var limits: CatalogueLimits

    /// - Parameters:
    ///   - sourceCategory: An explicit raw label; when `nil`, derived from `categoryLabel`
    ///     per `CategoryAlias.sourceCategory(for:)`.
    /// - Throws: The first bad field, checked in the order id, name, services, category,
    ///   sourceCategory, purpose, duration.
    func makeCookie(id: String, name: String, services: [String], categoryLabel: String,
                    sourceCategory: String?, purpose: String, duration: CookieDuration) throws(Failure) -> Cookie {
        guard !id.isEmpty else { throw Failure(field: "id", problem: .empty) }
        guard limits.isValidID(id) else { throw Failure(field: "id", problem: .invalidID) }
        guard name.utf8.count <= limits.maxNameBytes else {
            throw Failure(field: "name", problem: .tooLong(limit: limits.maxNameBytes))
        }
        let pattern: CookieNamePattern
        do {
            pattern = try CookieNamePattern(declared: name)
        } catch .empty {
            throw Failure(field: "name", problem: .empty)
        } catch {
            throw Failure(field: "name", problem: .invalidName(error))
        }
        let cleanServices = ServiceNames.dedupe(services)
        guard cleanServices.count <= limits.maxServices else {
            throw Failure(field: "services", problem: .tooMany(limit: limits.maxServices))
        }
        guard cleanServices.allSatisfy({ $0.utf8.count <= limits.maxServiceBytes }) else {
            throw Failure(field: "services", problem: .tooLong(limit: limits.maxServiceBytes))
        }
        guard let category = CategoryAlias.category(for: categoryLabel) else {
            throw Failure(field: "category", problem: .unknownCategory(CategoryAlias.collapse(categoryLabel)))
        }
        var source = CategoryAlias.sourceCategory(for: categoryLabel)
        if let sourceCategory {
            let trimmed = CategoryAlias.collapse(sourceCategory)
            guard !trimmed.isEmpty else { throw Failure(field: "sourceCategory", problem: .empty) }
            guard trimmed.utf8.count <= limits.maxTextBytes else {
                throw Failure(field: "sourceCategory", problem: .tooLong(limit: limits.maxTextBytes))
            }
            source = trimmed
        }
        let cleanPurpose = purpose.trimmingWhitespace()
        guard !cleanPurpose.isEmpty else { throw Failure(field: "purpose", problem: .empty) }
        guard cleanPurpose.utf8.count <= limits.maxTextBytes else {
            throw Failure(field: "purpose", problem: .tooLong(limit: limits.maxTextBytes))
        }
        return Cookie(id: id, name: pattern, services: cleanServices, category: category,
                      sourceCategory: source, purpose: cleanPurpose, duration: duration)
    }

    /// Reads a duration label, reporting failure against the `duration` field.
    func duration(label: String) throws(Failure) -> CookieDuration {
        do {
            return try CookieDuration(label: label)
        } catch {
            switch error {
            case .unknownLabel(let text): throw Failure(field: "duration", problem: .unknownDurationLabel(text))
            }
        }
    }
}
