import Testing
@testable import ConsentDomain

@Suite struct CatalogueFilterTests {
    let cookies = DefaultCatalogue.catalogue.cookies

    static func query(_ pairs: [(String, String)]) throws(CatalogueFilterError) -> CatalogueFilter {
        try CatalogueFilter(query: pairs.map { (name: $0.0, value: $0.1) })
    }

    /// No parameters keep every cookie, in order.
    @Test func emptyFilterKeepsEverything() throws {
        let filter = try Self.query([])
        #expect(filter.isEmpty)
        #expect(filter.apply(to: cookies) == cookies)
    }

    /// Categories combine by OR, whether repeated or comma-separated.
    @Test func filtersByCategories() throws {
        #expect(try Self.query([("category", "analytics")]).apply(to: cookies).count == 7)
        #expect(try Self.query([("category", "analytics,functionality")]).apply(to: cookies).count == 19)
        #expect(try Self.query([("category", "analytics"), ("category", "Essential")]).apply(to: cookies).count == 29)
        #expect(try Self.query([("category", "targeting")]).apply(to: cookies).isEmpty)
    }

    /// Service matching ignores case and finds multi-service cookies.
    @Test func filtersByService() throws {
        let guide = try Self.query([("service", "guide")]).apply(to: cookies)
        #expect(guide.count == 22)
        #expect(guide.allSatisfy { $0.services.contains("Guide") })
        #expect(try Self.query([("service", "All products/Developer portal")]).apply(to: cookies).count == 4)
    }

    /// Duration kinds filter exactly.
    @Test func filtersByDurationKind() throws {
        #expect(try Self.query([("duration", "session")]).apply(to: cookies).count == 11)
        #expect(try Self.query([("duration", "persistent")]).apply(to: cookies).count == 29)
        #expect(try Self.query([("duration", "until-replaced")]).apply(to: cookies).map(\.id) == ["support-ob"])
        #expect(try Self.query([("duration", "session,until-replaced")]).apply(to: cookies).count == 12)
    }

    /// maxAge includes every session cookie and excludes until-replaced; bounds are inclusive.
    @Test func maxAgeIncludesSessionsAndExcludesUnbounded() throws {
        let kept = try Self.query([("maxAge", "P30D")]).apply(to: cookies)
        // 11 session + One day ×4 + 7 days ×2 + 10 days + 30 days ×2 (POT, _cf_bm)
        #expect(kept.count == 11 + 4 + 2 + 1 + 2)
        #expect(kept.allSatisfy { ($0.duration.lifetimeSeconds ?? .max) <= 2_592_000 })
        #expect(!kept.contains { $0.id == "support-ob" })
    }

    /// minAge excludes sessions (unless zero) and includes until-replaced.
    @Test func minAgeExcludesSessionsAndIncludesUnbounded() throws {
        let kept = try Self.query([("minAge", "P2Y")]).apply(to: cookies)
        #expect(Set(kept.map(\.duration.kind)) == ["persistent", "until-replaced"])
        #expect(kept.count == 3 + 5 + 1 + 1)  // 20 years ×3, 2 years ×5, 3 years, until-replaced
        #expect(try Self.query([("minAge", "P0D")]).apply(to: cookies).count == 41)
    }

    /// Criteria combine by AND.
    @Test func combinesCriteria() throws {
        let kept = try Self.query([("category", "essential"), ("service", "Guide"), ("duration", "persistent"), ("maxAge", "P1Y")])
            .apply(to: cookies)
        #expect(Set(kept.map(\.id)) == ["support-guide-pot", "support-guide-nid", "support-guide-sidcc", "guide-zendesk-shared-session"])
    }

    /// Unknown parameters are ignored.
    @Test func ignoresUnknownParameters() throws {
        #expect(try Self.query([("_", "12345"), ("utm_source", "x")]).isEmpty)
    }

    /// Bad values name their parameter.
    @Test(arguments: [("category", "marketing"), ("category", "Feature"), ("category", ""), ("category", "analytics,"),
                      ("duration", "forever"), ("duration", ""), ("maxAge", "30 days"), ("minAge", "P"), ("maxAge", ""),
                      ("service", "  ")])
    func rejectsBadValuesNamingTheParameter(name: String, value: String) {
        #expect {
            try Self.query([(name, value)])
        } throws: { error in
            (error as? CatalogueFilterError)?.parameter == name
        }
    }

    /// minAge and maxAge may appear once each.
    @Test func rejectsRepeatedAgeBounds() {
        #expect(throws: CatalogueFilterError.repeated(parameter: "maxAge")) {
            try Self.query([("maxAge", "P1D"), ("maxAge", "P2D")])
        }
    }

    /// A minAge longer than maxAge is an error naming minAge.
    @Test func rejectsEmptyRange() {
        #expect(throws: CatalogueFilterError.emptyRange(minAge: "P1Y", maxAge: "P6M")) {
            try Self.query([("minAge", "P1Y"), ("maxAge", "P6M")])
        }
        #expect(CatalogueFilterError.emptyRange(minAge: "P1Y", maxAge: "P6M").parameter == "minAge")
    }
}

extension CatalogueFilterTests {
    /// A filter built in code compares services ignoring case too.
    @Test func serviceSetInCodeIgnoresCase() {
        #expect(CatalogueFilter(services: ["GUIDE"]).apply(to: cookies).count == 22)
    }
}

extension CatalogueFilterTests {
    /// maxAge P0D keeps exactly the session cookies (lifetime 0, the shortest).
    @Test func zeroMaxAgeKeepsOnlySessions() throws {
        let kept = try Self.query([("maxAge", "P0D")]).apply(to: cookies)
        #expect(kept.count == 11)
        #expect(kept.allSatisfy { $0.duration.kind == "session" })
    }
}
