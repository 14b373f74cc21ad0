import Testing
@testable import ConsentDomain

@Suite struct CatalogueEncoderTests {
    /// The built-in catalogue survives encode → load with the same version and every field intact.
    @Test func roundTripsTheBuiltInCatalogue() throws {
        let original = DefaultCatalogue.catalogue
        let loaded = try CatalogueLoader().load(CatalogueEncoder.encode(original))
        #expect(loaded == original)
        #expect(loaded.version == original.version)
        #expect(loaded.cookies.map(\.id) == original.cookies.map(\.id))
        for (a, b) in zip(loaded.cookies, original.cookies) { #expect(a == b) }
        #expect(loaded.categories == original.categories)
    }

    /// Encoding is deterministic: the same catalogue gives the same bytes.
    @Test func encodesDeterministically() {
        #expect(CatalogueEncoder.encode(DefaultCatalogue.catalogue) == CatalogueEncoder.encode(DefaultCatalogue.catalogue))
    }

    /// Quotes, backslashes, control characters and non-ASCII text survive the round trip.
    @Test func roundTripsAwkwardText() throws {
        let cookie = Cookie(id: "odd", name: CookieNamePattern(literal: "odd"), services: ["A \"quoted\" \\ service"],
                            category: .functionality, sourceCategory: "Feature", purpose: "Line\nbreak\ttab \u{1} – “curly” 🍪",
                            duration: .untilReplaced(label: "No expiration"))
        let catalogue = Catalogue(categories: DefaultCatalogue.categories, cookies: [cookie])
        let loaded = try CatalogueLoader().load(CatalogueEncoder.encode(catalogue))
        #expect(loaded.cookie(id: "odd") == cookie)
        #expect(loaded.version == catalogue.version)
    }
}
