import Testing
@testable import ConsentDomain

@Suite struct CookieNamePatternTests {
    /// The seed's spaced pattern is normalised to `hc-{user_identifier}-preview`.
    @Test func removesStraySpacesAroundPlaceholders() throws {
        let pattern = try CookieNamePattern(declared: "hc- {user_identifier} -preview")
        #expect(pattern.description == "hc-{user_identifier}-preview")
        #expect(pattern.parts == [.literal("hc-"), .placeholder("user_identifier"), .literal("-preview")])
        #expect(!pattern.isLiteral)
    }

    /// An upper-case key after the last dot is a placeholder.
    @Test func treatsUpperCaseDotKeyAsPlaceholder() throws {
        let pattern = try CookieNamePattern(declared: "_pendo_meta.PENDO_API_KEY")
        #expect(pattern.parts == [.literal("_pendo_meta."), .placeholder("PENDO_API_KEY")])
        #expect(pattern.description == "_pendo_meta.{PENDO_API_KEY}")
    }

    /// The braced canonical form parses to the same pattern (round trip).
    @Test(arguments: ["hc- {user_identifier} -preview", "_pendo_meta.PENDO_API_KEY", "_pendo_launcher-closed.PENDO_API_KEY",
                      "_zendesk_session", "ZD-automaticAnswers", "_ob_pub-9dc679b8d7a3ce7af1cebb6a169a466c"])
    func reparsesItsOwnDescription(declared: String) throws {
        let pattern = try CookieNamePattern(declared: declared)
        #expect(try CookieNamePattern(declared: pattern.description) == pattern)
    }

    /// Names with lower-case, single-letter or nothing-before-the-dot keys stay literal.
    @Test(arguments: ["_zendesk_session", "ZD-automaticAnswers", "a.b", "a.Bc", "a.B", ".ABC", "__cfduid", "SIDCC", "a.1BC"])
    func keepsOrdinaryNamesLiteral(name: String) throws {
        let pattern = try CookieNamePattern(declared: name)
        #expect(pattern.isLiteral)
        #expect(pattern.description == name)
    }

    /// A pattern matches concrete names whose placeholder part is one or more characters.
    @Test(arguments: ["hc-42-preview", "hc-a-preview", "hc-user-7-preview", "hc---preview"])
    func matchesInstancesOfThePattern(name: String) throws {
        #expect(try CookieNamePattern(declared: "hc- {user_identifier} -preview").matches(name))
    }

    /// Names that do not fit the pattern do not match.
    @Test(arguments: ["hc--preview", "hc-42-preview-x", "xhc-42-preview", "hc-42-nbmin", "hc-42-previe", "HC-42-preview",
                      "hc-42", "", "hc-{user_identifier}-prev"])
    func rejectsNonInstances(name: String) throws {
        #expect(try !CookieNamePattern(declared: "hc- {user_identifier} -preview").matches(name))
    }

    /// The pendo key placeholder matches any non-empty key and nothing else.
    @Test func matchesPendoKeys() throws {
        let pattern = try CookieNamePattern(declared: "_pendo_meta.PENDO_API_KEY")
        #expect(pattern.matches("_pendo_meta.abc123"))
        #expect(pattern.matches("_pendo_meta.PENDO_API_KEY"))
        #expect(!pattern.matches("_pendo_meta."))
        #expect(!pattern.matches("_pendo_meta"))
        #expect(!pattern.matches("_pendo_visitorId.abc"))
    }

    /// A literal matches only itself, case-sensitively.
    @Test func literalMatchesOnlyItself() throws {
        let pattern = try CookieNamePattern(declared: "__cfduid")
        #expect(pattern.matches("__cfduid"))
        #expect(!pattern.matches("__CFDUID"))
        #expect(!pattern.matches("__cfduid2"))
        #expect(!pattern.matches("_cfduid"))
    }

    /// Empty names, separators, bad placeholders and ambiguous placeholder pairs are refused.
    @Test func rejectsUnusableNames() {
        #expect(throws: CookieNameError.empty) { try CookieNamePattern(declared: "  \t ") }
        #expect(throws: CookieNameError.invalidCharacter("a;b")) { try CookieNamePattern(declared: "a;b") }
        #expect(throws: CookieNameError.invalidCharacter("a=b")) { try CookieNamePattern(declared: "a=b") }
        #expect(throws: CookieNameError.invalidCharacter("é")) { try CookieNamePattern(declared: "é") }
        #expect(throws: CookieNameError.invalidCharacter("a}")) { try CookieNamePattern(declared: "a}") }
        #expect(throws: CookieNameError.invalidPlaceholder("a{}")) { try CookieNamePattern(declared: "a{}") }
        #expect(throws: CookieNameError.invalidPlaceholder("a{b")) { try CookieNamePattern(declared: "a{b") }
        #expect(throws: CookieNameError.invalidPlaceholder("a{b-c}")) { try CookieNamePattern(declared: "a{b-c}") }
        #expect(throws: CookieNameError.adjacentPlaceholders("{a}{b}")) { try CookieNamePattern(declared: "{a}{b}") }
    }

    /// Matching a long hostile name against a pattern finishes (no exponential blow-up) and is false.
    @Test func longNonMatchingNameIsRejected() throws {
        let pattern = try CookieNamePattern(declared: "hc-{id}-preview")
        #expect(!pattern.matches("hc-" + String(repeating: "-", count: 4_000) + "-previex"))
    }
}
