import ConsentDomain
import Foundation
import HTTPLite
import Testing
@testable import ConsentService

@Suite struct DecisionRoutesTests {
    static let visitor = "visitor_0002"
    static let essential = RouteHarness.firstLiteral(.essential)
    static let analytics = RouteHarness.firstLiteral(.analytics)

    /// POSTs a decision request expecting 200 and checks the exact wire keys of the body, its
    /// verdicts, dropped lines and consent mode.
    private func decide(_ harness: RouteHarness, _ body: String, headers: HTTPHeaders = [:],
                        contentType: String = "application/json") async throws -> [String: Any] {
        let response = await harness.send(.POST, "/v1/decisions", headers: headers, body: body, contentType: contentType)
        #expect(response.status == .ok)
        let decision = try RouteHarness.object(response)
        #expect(keys(decision) == WireKeys.decision)
        #expect(keys(decision["choices"]) == WireKeys.choices)
        #expect(keys(decision["consentMode"]) == WireKeys.consentMode)
        for verdict in decision["verdicts"] as? [[String: Any]] ?? [] {
            let expected = verdict["reason"] as? String == "undeclared" ? WireKeys.verdict.subtracting(["category"]) : WireKeys.verdict
            #expect(keys(verdict) == expected)
        }
        for dropped in decision["dropSetCookies"] as? [[String: Any]] ?? [] { #expect(keys(dropped) == WireKeys.dropped) }
        return decision
    }

    private func verdicts(_ decision: [String: Any]) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for verdict in decision["verdicts"] as? [[String: Any]] ?? [] { out[verdict["name"] as? String ?? ""] = verdict }
        return out
    }

    /// Neither visitorId nor choices: basis default, essential allowed, the rest denied as no-record,
    /// Consent Mode all denied except security_storage.
    @Test func neither_isEssentialOnlyDefault() async throws {
        let harness = try RouteHarness()
        let essential = try #require(Self.essential)
        let analytics = try #require(Self.analytics)
        let decision = try await decide(harness, #"{"cookies":["\#(essential.name)","\#(analytics.name)"]}"#)
        #expect(decision["basis"] as? String == "default")
        #expect(decision["choices"] as? [String: Bool] == ["essential": true, "functionality": false, "analytics": false, "targeting": false])
        let byName = verdicts(decision)
        #expect(byName[essential.name.description]?["allowed"] as? Bool == true)
        #expect(byName[essential.name.description]?["reason"] as? String == "essential")
        #expect(byName[analytics.name.description]?["reason"] as? String == "no-record")
        #expect(byName[analytics.name.description]?["category"] as? String == "analytics")
        #expect(decision["consentMode"] as? [String: String] == [
            "ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied", "analytics_storage": "denied",
            "functionality_storage": "denied", "personalization_storage": "denied", "security_storage": "granted"])
        let allowed = Set(decision["allowedCookies"] as? [String] ?? [])
        #expect(allowed == Set(RouteHarness.catalogue.cookies.filter { $0.category == .essential }.map(\.id)))
        #expect((decision["deniedCookies"] as? [String] ?? []).contains(analytics.id))
    }

    /// Explicit choices decide (basis consent, reason explicit-choice) and map to Consent Mode.
    @Test func explicitChoices_areConsentBasis() async throws {
        let harness = try RouteHarness()
        let analytics = try #require(Self.analytics)
        let decision = try await decide(harness, #"{"choices":{"analytics":true},"cookies":["\#(analytics.name)","_test_ads"]}"#)
        #expect(decision["basis"] as? String == "consent")
        let byName = verdicts(decision)
        #expect(byName[analytics.name.description]?["allowed"] as? Bool == true)
        #expect(byName[analytics.name.description]?["reason"] as? String == "explicit-choice")
        #expect(byName["_test_ads"]?["allowed"] as? Bool == false)
        #expect(byName["_test_ads"]?["reason"] as? String == "explicit-choice")
        let mode = decision["consentMode"] as? [String: String]
        #expect(mode?["analytics_storage"] == "granted")
        #expect(mode?["ad_storage"] == "denied")
    }

    /// A visitor's stored consent decides (basis consent); once it expires, basis and reason are expired.
    @Test func visitor_storedThenExpired() async throws {
        let harness = try RouteHarness()
        let analytics = try #require(Self.analytics)
        _ = try await harness.consent(#"{"visitorId":"\#(Self.visitor)","choices":{"analytics":true}}"#)
        let body = #"{"visitorId":"\#(Self.visitor)","cookies":["\#(analytics.name)"]}"#
        let stored = try await decide(harness, body)
        #expect(stored["basis"] as? String == "consent")
        #expect(verdicts(stored)[analytics.name.description]?["allowed"] as? Bool == true)
        harness.clock.advance(seconds: 180 * 86_400)
        let expired = try await decide(harness, body)
        #expect(expired["basis"] as? String == "expired")
        #expect(verdicts(expired)[analytics.name.description]?["reason"] as? String == "expired")
    }

    /// `Sec-GPC: 1` with targeting chosen: basis gpc, targeting cookies denied with reason gpc.
    @Test func gpc_isBasisAndReason() async throws {
        let harness = try RouteHarness()
        let decision = try await decide(harness, #"{"choices":{"targeting":true},"cookies":["_test_ads"]}"#, headers: ["Sec-GPC": "1"])
        #expect(decision["basis"] as? String == "gpc")
        #expect((decision["choices"] as? [String: Bool])?["targeting"] == false)
        #expect(verdicts(decision)["_test_ads"]?["reason"] as? String == "gpc")
        #expect((decision["consentMode"] as? [String: String])?["ad_user_data"] == "denied")
    }

    /// A concrete name matches a declared pattern; a name in no entry is denied as undeclared without a category.
    @Test func patternsMatchAndUnknownNamesAreUndeclared() async throws {
        let harness = try RouteHarness()
        let decision = try await decide(harness, #"{"choices":{"functionality":true},"cookies":["hc-42-preview","tracker"]}"#)
        let byName = verdicts(decision)
        #expect(byName["hc-42-preview"]?["cookieIds"] as? [String] == ["guide-hc-preview"])
        #expect(byName["hc-42-preview"]?["category"] as? String == "functionality")
        #expect(byName["hc-42-preview"]?["allowed"] as? Bool == true)
        #expect(byName["tracker"]?["allowed"] as? Bool == false)
        #expect(byName["tracker"]?["reason"] as? String == "undeclared")
        #expect(byName["tracker"]?["cookieIds"] as? [String] == [])
    }

    /// Cookie header names are judged; Set-Cookie lines for denied or undeclared names and garbage
    /// lines are dropped (garbage as malformed with a null name); deletions are kept.
    @Test func cookieHeaderAndSetCookies() async throws {
        let harness = try RouteHarness()
        let essential = try #require(Self.essential)
        let analytics = try #require(Self.analytics)
        let body = """
            {"cookieHeader":"\(essential.name)=a; tracker=b","setCookies":["\(analytics.name)=1; Path=/","tracker=1; Secure",
             "no equals sign","\(analytics.name)=; Max-Age=0","\(essential.name)=x"]}
            """
        let decision = try await decide(harness, body)
        let byName = verdicts(decision)
        #expect(byName[essential.name.description]?["allowed"] as? Bool == true)
        #expect(byName["tracker"]?["reason"] as? String == "undeclared")
        let dropped = decision["dropSetCookies"] as? [[String: Any]] ?? []
        #expect(dropped.compactMap { $0["index"] as? Int } == [0, 1, 2])
        #expect(dropped.first?["reason"] as? String == "no-record")
        #expect(dropped.first?["name"] as? String == analytics.name.description)
        #expect(dropped.dropFirst().first?["reason"] as? String == "undeclared")
        #expect(dropped.last?["reason"] as? String == "malformed")
        #expect(dropped.last?["name"] is NSNull)
    }

    /// After a catalogue change in analytics, a stored analytics choice yields catalogue-changed.
    @Test func catalogueChange_isReasonAndReconsent() async throws {
        let directory = RouteHarness.newDirectory()
        let clock = ManualClock()
        let first = try RouteHarness(directory: directory, clock: clock)
        _ = try await first.consent(#"{"visitorId":"\#(Self.visitor)","choices":{"analytics":true}}"#)
        first.log.close()
        let second = try RouteHarness(directory: directory, catalogue: RouteHarness.changedAnalyticsCatalogue, clock: clock)
        let analytics = try #require(Self.analytics)
        let decision = try await decide(second, #"{"visitorId":"\#(Self.visitor)","cookies":["\#(analytics.name)"]}"#)
        #expect(decision["reconsentRequired"] as? [String] == ["analytics"])
        #expect(verdicts(decision)[analytics.name.description]?["reason"] as? String == "catalogue-changed")
    }

    /// text/plain bodies are accepted; other media types 415; malformed JSON 400.
    @Test func mediaTypesAndMalformedJSON() async throws {
        let harness = try RouteHarness()
        _ = try await decide(harness, #"{"cookies":["_ga"]}"#, contentType: "text/plain")
        #expect(await harness.send(.POST, "/v1/decisions", body: "{}", contentType: "application/x-www-form-urlencoded").status
                == .unsupportedMediaType)
        #expect(await harness.send(.POST, "/v1/decisions", body: "{,}").status == .badRequest)
    }

    /// Invalid bodies answer 422 with one pointer per problem: both visitorId and choices, unknown
    /// members, wrong types, too many names.
    @Test func validationPointers() async throws {
        let harness = try RouteHarness()
        let both = await harness.send(.POST, "/v1/decisions", body: #"{"visitorId":"\#(Self.visitor)","choices":{}}"#)
        #expect(both.status == .unprocessableContent)
        #expect(try RouteHarness.pointers(both) == ["/choices"])
        let mixed = await harness.send(.POST, "/v1/decisions",
                                       body: #"{"cookies":[1,"ok"],"cookieHeader":true,"setCookies":"x","extra":null,"choices":{"ads":true}}"#)
        #expect(mixed.status == .unprocessableContent)
        #expect(try RouteHarness.pointers(mixed) == ["/cookies/0", "/cookieHeader", "/setCookies", "/extra", "/choices/ads"])
        let names = (0...200).map { "\"c\($0)\"" }.joined(separator: ",")
        let tooMany = await harness.send(.POST, "/v1/decisions", body: #"{"cookies":[\#(names)]}"#)
        #expect(tooMany.status == .unprocessableContent)
        #expect(try RouteHarness.pointers(tooMany) == ["/cookies"])
        let notObject = await harness.send(.POST, "/v1/decisions", body: "[]")
        #expect(notObject.status == .unprocessableContent)
    }

    /// A body outside the fast reader's subset (escaped names, an escaped member name) is answered by the
    /// generic path with the same body as its plain spelling.
    @Test func escapedBody_answersAsItsPlainSpelling() async throws {
        let harness = try RouteHarness()
        let plain = await harness.send(.POST, "/v1/decisions", body: #"{"cookies":["_ga","hc-1-preview"],"choices":{"analytics":true}}"#)
        let escaped = await harness.send(.POST, "/v1/decisions",
                                         body: #"{"cookie\u0073":["\u005fga","hc-1-preview"],"choices":{"analytics":true}}"#)
        #expect(plain.status == .ok)
        #expect(escaped.status == .ok)
        guard case .bytes(let plainBody) = plain.body, case .bytes(let escapedBody) = escaped.body else {
            Issue.record("decision bodies are bytes")
            return
        }
        #expect(escapedBody == plainBody)
        #expect(plain.headers["Cache-Control"] == "no-store")
        #expect(plain.headers["Content-Type"] == "application/json")
    }
}

@Suite struct DecisionHeadersTests {
    /// One pass finds the same `Content-Type` and `Sec-GPC` values as `HTTPHeaders[_:]`: first value
    /// wins, names match up to ASCII case, look-alike names of the same length do not match.
    @Test func findsTheSameValuesAsHeaderLookup() {
        let cases: [HTTPHeaders] = [
            [:],
            ["Content-Type": "application/json"],
            ["content-TYPE": "text/plain", "Content-Type": "application/json", "SEC-GPC": "1", "Sec-GPC": "0"],
            ["Content-Typf": "x", "Sec-GPD": "1", "Content-Length": "2", "Host": "h"],
            ["Sec-Gpc": " 1 ", "X": "y"],
            ["Cont\u{E9}nt-Type": "x", "S\u{E9}c-GPC": "1"],
        ]
        for headers in cases {
            let found = DecisionHeaders(headers)
            #expect(found.contentType == headers["Content-Type"])
            #expect(found.gpc == headers["Sec-GPC"])
        }
        #expect(DecisionHeaders(cases[2]) == DecisionHeaders(contentType: "text/plain", gpc: "1"))
    }
}
