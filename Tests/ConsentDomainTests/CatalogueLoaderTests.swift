import Testing
@testable import ConsentDomain

@Suite struct CatalogueLoaderTests {
    /// A cookie entry as JSON text with seed-style defaults; pass `nil` to drop a field.
    static func entry(id: String? = "\"c1\"", name: String? = "\"_ga\"", services: String? = "\"Support, Guide\"",
                      category: String? = "\"Analytics\"", purpose: String? = "\"Counts visits\"",
                      duration: String? = "\"1 year old\"", extra: String = "") -> String {
        let fields = [("id", id), ("name", name), ("services", services), ("category", category),
                      ("purpose", purpose), ("duration", duration)]
        let body = fields.compactMap { key, value in value.map { "\"\(key)\": \($0)" } }.joined(separator: ", ")
        return "{" + body + extra + "}"
    }

    static func load(_ entries: [String], top: String = "") throws(CatalogueLoadError) -> Catalogue {
        try CatalogueLoader().load(Array(("{\"cookies\": [" + entries.joined(separator: ",") + "]" + top + "}").utf8))
    }

    /// Seed-style labels are accepted and normalised like the built-in table.
    @Test func loadsSeedStyleEntry() throws {
        let catalogue = try Self.load([Self.entry(name: "\"hc- {user_identifier} -preview\"", category: "\"Feature\"")])
        let cookie = try #require(catalogue.cookie(id: "c1"))
        #expect(cookie.name.description == "hc-{user_identifier}-preview")
        #expect(cookie.services == ["Support", "Guide"])
        #expect(cookie.category == .functionality)
        #expect(cookie.sourceCategory == "Feature")
        #expect(cookie.duration == .persistent(iso8601: "P1Y", seconds: 31_536_000, label: "1 year old"))
    }

    /// Categories not described in the file keep the built-in texts; described ones replace them.
    @Test func mergesCategoriesWithDefaults() throws {
        let catalogue = try Self.load([Self.entry()], top: #", "categories": [{"id": "Analytical", "name": "Stats", "description": "We count."}]"#)
        #expect(catalogue.info(for: .analytics)?.name == "Stats")
        #expect(catalogue.info(for: .essential) == DefaultCatalogue.categories[0])
        #expect(catalogue.categories.count == 4)
    }

    /// Duration objects, services arrays and the API's derived fields are accepted.
    @Test func loadsAPIShapedEntry() throws {
        let entry = #"{"id": "x", "name": "_pendo_meta.{PENDO_API_KEY}", "pattern": true, "services": ["Portal"], "category": "analytics", "purpose": "p", "duration": {"type": "persistent", "iso8601": "P100D", "seconds": 8640000, "label": "100 days"}, "lint": []}"#
        let catalogue = try Self.load([entry], top: #", "version": "0123456789abcdef""#)
        let cookie = try #require(catalogue.cookie(id: "x"))
        #expect(cookie.duration == .persistent(iso8601: "P100D", seconds: 8_640_000, label: "100 days"))
        #expect(cookie.name.parts == [.literal("_pendo_meta."), .placeholder("PENDO_API_KEY")])
    }

    /// Bytes that are not JSON are malformed JSON.
    @Test(arguments: ["", "{", "{\"cookies\": [}", "nul", "\u{FF}"])
    func rejectsMalformedJSON(text: String) {
        #expect {
            try CatalogueLoader().load(Array(text.utf8))
        } throws: { error in
            guard case CatalogueLoadError.malformedJSON = error else { return false }
            return true
        }
    }

    /// Invalid UTF-8 bytes are malformed JSON, not a crash.
    @Test func rejectsInvalidUTF8() {
        #expect {
            try CatalogueLoader().load([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D])
        } throws: { error in
            guard case CatalogueLoadError.malformedJSON = error else { return false }
            return true
        }
    }

    /// An unknown category is reported with the entry's index and id.
    @Test func reportsUnknownCategory() {
        #expect(throws: CatalogueLoadError.invalidCookie(index: 1, id: "c2", field: "category", reason: .unknownCategory("Marketing"))) {
            try Self.load([Self.entry(), Self.entry(id: "\"c2\"", category: "\"Marketing\"")])
        }
    }

    /// An unknown duration label is reported with index, id and the label.
    @Test func reportsUnknownDurationLabel() {
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: "c1", field: "duration", reason: .unknownDurationLabel("forever"))) {
            try Self.load([Self.entry(duration: "\"forever\"")])
        }
    }

    /// A repeated id names the later entry and the first one.
    @Test func reportsDuplicateID() {
        #expect(throws: CatalogueLoadError.invalidCookie(index: 2, id: "c1", field: "id", reason: .duplicateID(firstIndex: 0))) {
            try Self.load([Self.entry(), Self.entry(id: "\"c2\""), Self.entry()])
        }
    }

    /// An empty (or all-whitespace) name is refused.
    @Test(arguments: ["\"\"", "\"   \""])
    func reportsEmptyName(name: String) {
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: "c1", field: "name", reason: .empty)) {
            try Self.load([Self.entry(name: name)])
        }
    }

    /// Ids that are not URL-safe are refused, and reported with the raw id.
    @Test(arguments: ["a b", "-lead", ".", "..", "a/b", "é", String(repeating: "a", count: 65)])
    func reportsBadID(id: String) {
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: id, field: "id", reason: .invalidID)) {
            try Self.load([Self.entry(id: "\"\(id)\"")])
        }
    }

    /// Missing required fields are named.
    @Test(arguments: ["id", "name", "category", "purpose", "duration"])
    func reportsMissingField(field: String) {
        let entry = Self.entry(id: field == "id" ? nil : "\"c1\"", name: field == "name" ? nil : "\"_ga\"",
                               category: field == "category" ? nil : "\"Analytics\"",
                               purpose: field == "purpose" ? nil : "\"p\"", duration: field == "duration" ? nil : "\"Session\"")
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: field == "id" ? nil : "c1", field: field, reason: .missing)) {
            try Self.load([entry])
        }
    }

    /// Wrong JSON types are named with what was expected and found.
    @Test func reportsWrongType() {
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: "c1", field: "name", reason: .wrongType(expected: "string", found: "number"))) {
            try Self.load([Self.entry(name: "5")])
        }
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: nil, field: "", reason: .wrongType(expected: "object", found: "array"))) {
            try Self.load(["[]"])
        }
        #expect(throws: CatalogueLoadError.invalidDocument(field: "cookies", reason: .wrongType(expected: "array", found: "object"))) {
            try CatalogueLoader().load(Array(#"{"cookies": {}}"#.utf8))
        }
    }

    /// Unknown keys (typos) are refused, in entries and at the top level.
    @Test func reportsUnknownFields() {
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: "c1", field: "purpse", reason: .unknownField)) {
            try Self.load([Self.entry(extra: #", "purpse": "x""#)])
        }
        #expect(throws: CatalogueLoadError.invalidDocument(field: "cookie", reason: .unknownField)) {
            try CatalogueLoader().load(Array(#"{"cookies": [], "cookie": []}"#.utf8))
        }
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: "c1", field: "duration.days", reason: .unknownField)) {
            try Self.load([Self.entry(duration: #"{"type": "session", "days": 1}"#)])
        }
    }

    /// Bad duration objects are refused with the sub-field named.
    @Test func reportsBadDurationObjects() {
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: "c1", field: "duration.iso8601", reason: .missing)) {
            try Self.load([Self.entry(duration: #"{"type": "persistent"}"#)])
        }
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: "c1", field: "duration.type", reason: .invalidDuration("unknown type forever"))) {
            try Self.load([Self.entry(duration: #"{"type": "forever"}"#)])
        }
        #expect(throws: CatalogueLoadError.invalidCookie(index: 0, id: "c1", field: "duration.iso8601", reason: .invalidDuration("not a positive ISO 8601 duration: P0D"))) {
            try Self.load([Self.entry(duration: #"{"type": "persistent", "iso8601": "P0D"}"#)])
        }
    }

    /// A missing `cookies` array and a non-object document are refused.
    @Test func reportsDocumentShape() {
        #expect(throws: CatalogueLoadError.invalidDocument(field: "cookies", reason: .missing)) {
            try CatalogueLoader().load(Array("{}".utf8))
        }
        #expect(throws: CatalogueLoadError.invalidDocument(field: "", reason: .wrongType(expected: "object", found: "array"))) {
            try CatalogueLoader().load(Array("[]".utf8))
        }
    }

    /// Category entries: unknown id, duplicates and empty texts are reported with their index.
    @Test func reportsCategoryProblems() {
        #expect(throws: CatalogueLoadError.invalidCategory(index: 0, field: "id", reason: .unknownCategory("social"))) {
            try Self.load([], top: #", "categories": [{"id": "social", "name": "n", "description": "d"}]"#)
        }
        #expect(throws: CatalogueLoadError.invalidCategory(index: 1, field: "id", reason: .duplicateCategory(firstIndex: 0))) {
            try Self.load([], top: #", "categories": [{"id": "analytics", "name": "n", "description": "d"}, {"id": "Analytical", "name": "n", "description": "d"}]"#)
        }
        #expect(throws: CatalogueLoadError.invalidCategory(index: 0, field: "name", reason: .empty)) {
            try Self.load([], top: #", "categories": [{"id": "analytics", "name": " ", "description": "d"}]"#)
        }
    }

    /// The size limits are data: one byte over the file limit, or one entry over the count limit, is refused.
    @Test func enforcesLimits() {
        var limits = CatalogueLimits()
        let text = Array("{\"cookies\": []}".utf8)
        limits.maxFileBytes = text.count - 1
        #expect(throws: CatalogueLoadError.tooLarge(limit: text.count - 1)) { try CatalogueLoader(limits: limits).load(text) }
        limits = CatalogueLimits()
        limits.maxCookies = 1
        let two = Array(("{\"cookies\": [" + Self.entry() + "," + Self.entry(id: "\"c2\"") + "]}").utf8)
        #expect(throws: CatalogueLoadError.invalidDocument(field: "cookies", reason: .tooMany(limit: 1))) {
            try CatalogueLoader(limits: limits).load(two)
        }
    }

    /// Error descriptions name the entry, id, field and reason (the start-up message).
    @Test func describesErrorsForHumans() {
        let error = CatalogueLoadError.invalidCookie(index: 3, id: "x", field: "duration", reason: .unknownDurationLabel("forever"))
        #expect(error.description == "cookies[3] (id \"x\") field \"duration\": unknown duration label \"forever\"")
    }

    /// Deeply nested JSON is refused without crashing.
    @Test func survivesDeepNesting() {
        let text = "{\"cookies\": " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        #expect(throws: CatalogueLoadError.self) { try CatalogueLoader().load(Array(text.utf8)) }
    }
}

extension CatalogueLoaderTests {
    /// Every truncation of a valid file is refused as malformed JSON (never a crash, never a partial catalogue).
    @Test func refusesEveryTruncation() {
        let bytes = Array(#"{"cookies": [{"id": "a", "name": "_ga", "category": "Analytics", "purpose": "p", "duration": "Session"}]}"#.utf8)
        for length in 0..<bytes.count {
            #expect(throws: CatalogueLoadError.self) { try CatalogueLoader().load(Array(bytes[0..<length])) }
        }
    }

    /// Seeded random byte mutations of the built-in file either load or throw a `CatalogueLoadError`; none crash.
    @Test func survivesMutatedFiles() {
        let original = CatalogueEncoder.encode(DefaultCatalogue.catalogue)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var loaded = 0
        for _ in 0..<50 {
            var bytes = original
            for _ in 0..<(1 + next() % 4) {
                bytes[next() % bytes.count] = UInt8(truncatingIfNeeded: next())
            }
            if (try? CatalogueLoader().load(bytes)) != nil { loaded += 1 }
        }
        // Some mutations land inside purposes and still load; most break the JSON or a field.
        #expect(loaded < 50)
    }
}

extension CatalogueLoaderTests {
    /// The example in `CatalogueLoader`'s documentation (and the README) loads as described.
    @Test func loadsTheDocumentedExample() throws {
        let text = """
        {
          "categories": [
            {"id": "analytics", "name": "Analytical cookies", "description": "These cookies track…"}
          ],
          "cookies": [
            {"id": "support-zendesk-session", "name": "_zendesk_session", "services": "Support, Guide",
             "category": "Essential", "purpose": "Default rails cookie", "duration": "Session"},
            {"id": "support-cfduid-1", "name": "__cfduid", "services": ["Support"], "category": "Feature",
             "purpose": "Cloudflare client security settings", "duration": "1 year old"},
            {"id": "guide-hc-preview", "name": "hc- {user_identifier} -preview", "services": "Guide",
             "category": "functionality", "purpose": "Stores preview data", "duration": "P1D"},
            {"id": "support-ob", "name": "ob", "services": "Support", "category": "Functionality",
             "purpose": "Session information",
             "duration": {"type": "until-replaced", "label": "No expiration, replaced on login"}}
          ]
        }
        """
        let catalogue = try CatalogueLoader().load(Array(text.utf8))
        #expect(catalogue.cookies.map(\.id) == ["support-zendesk-session", "support-cfduid-1", "guide-hc-preview", "support-ob"])
        #expect(catalogue.cookie(id: "support-zendesk-session")?.services == ["Support", "Guide"])
        #expect(catalogue.cookie(id: "support-cfduid-1")?.sourceCategory == "Feature")
        #expect(catalogue.cookie(id: "guide-hc-preview")?.duration == .persistent(iso8601: "P1D", seconds: 86_400, label: "1 day"))
        #expect(catalogue.cookie(id: "support-ob")?.lint == [.neverExpires])
        #expect(catalogue.info(for: .analytics)?.description == "These cookies track…")
    }
}
