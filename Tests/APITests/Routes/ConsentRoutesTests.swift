@testable import ConsentDomain
import Foundation
import HTTPLite
import Synchronization
import Testing
@testable import ConsentService

/// A clock tests move by hand.
final class ManualClock: WallClock {
    private let date: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { date = Mutex(start) }
    func now() -> Date { date.withLock { $0 } }
    func advance(seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The service in-process over a real consent log in `<directory>/log`, with the catalogue archived
/// as `serve` does at start.
struct RouteHarness {
    /// The default catalogue plus one targeting cookie (`_test_ads`, id `test-ads`), so every
    /// category has an entry.
    static let catalogue: Catalogue = {
        var cookies = DefaultCatalogue.catalogue.cookies
        cookies.append(Cookie(id: "test-ads", name: CookieNamePattern(literal: "_test_ads"), services: ["Test"],
                              category: .targeting, purpose: "Test advertising cookie.", duration: .session(label: "Session")))
        return Catalogue(categories: DefaultCatalogue.categories, cookies: cookies)
    }()

    /// `catalogue` with the purpose of its first analytics entry reworded (only analytics changes).
    static let changedAnalyticsCatalogue: Catalogue = {
        var cookies = catalogue.cookies
        if let i = cookies.firstIndex(where: { $0.category == .analytics }) {
            let c = cookies[i]
            cookies[i] = Cookie(id: c.id, name: c.name, services: c.services, category: c.category,
                                sourceCategory: c.sourceCategory, purpose: c.purpose + " Reworded.", duration: c.duration)
        }
        return Catalogue(categories: DefaultCatalogue.categories, cookies: cookies)
    }()

    static func firstLiteral(_ category: CookieCategory) -> Cookie? {
        catalogue.cookies.first { $0.category == category && $0.name.isLiteral }
    }

    static func newDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("consent-routes-\(UUID().uuidString)").path
    }

    let directory: String
    let clock: ManualClock
    let log: ConsentLog
    let context: ServiceContext
    let handler: AppHandler

    init(directory: String = RouteHarness.newDirectory(), catalogue: Catalogue = RouteHarness.catalogue,
         clock: ManualClock = ManualClock(), fsync: FsyncPolicy = .never, faults: LogFaultInjector? = nil,
         maxBodyBytes: Int = 65_536) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var options = LogOptions(fsync: fsync)
        options.faults = faults
        let log = try ConsentLog.open(directory: directory + "/log", options: options, clock: clock).0
        var configuration = ServiceFixtures.configuration()
        configuration.dataDirectory = directory
        configuration.maxBodyBytes = maxBodyBytes
        let metrics = MetricsRegistry(version: "test")
        let context = ServiceContext(configuration: configuration, catalogue: catalogue, log: log, clock: clock,
                                     metrics: metrics, logger: Logger(label: "test", sink: Logger.discard))
        try context.archive.store(catalogue)
        self.directory = directory
        self.clock = clock
        self.log = log
        self.context = context
        self.handler = AppHandler(table: RouteTable(context: context), metrics: metrics, accessLog: AccessLogMiddleware(sink: nil))
    }

    static func request(_ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:], body: String = "",
                        contentType: String? = "application/json") -> HTTPRequest {
        var all = headers
        if let contentType, !body.isEmpty { all.add("Content-Type", contentType) }
        return HTTPRequest(method: method, target: target, headers: all, body: Array(body.utf8))
    }

    func send(_ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:], body: String = "",
              contentType: String? = "application/json") async -> HTTPResponse {
        await handler.respond(Self.request(method, target, headers: headers, body: body, contentType: contentType))
    }

    /// POSTs a consent and returns the decoded 201 body.
    func consent(_ body: String, headers: HTTPHeaders = [:]) async throws -> [String: Any] {
        let response = await send(.POST, "/v1/consents", headers: headers, body: body)
        #expect(response.status == .created)
        return try Self.object(response)
    }

    static func object(_ response: HTTPResponse) throws -> [String: Any] {
        guard case .bytes(let bytes) = response.body else { throw HarnessError.notBytes }
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { throw HarnessError.notObject }
        return object
    }

    /// The `pointer`s of a 422 problem.
    static func pointers(_ response: HTTPResponse) throws -> Set<String> {
        let errors = try object(response)["errors"] as? [[String: Any]] ?? []
        return Set(errors.compactMap { $0["pointer"] as? String })
    }

    static func problemType(_ response: HTTPResponse) throws -> String? {
        try object(response)["type"] as? String
    }

    enum HarnessError: Error { case notBytes, notObject }
}

/// The wire key sets (wire.md / openapi, closed objects).
enum WireKeys {
    static let consentResponse: Set<String> = ["consentId", "visitorId", "recordedAt", "expiresAt", "choices",
                                               "catalogueVersion", "gpcApplied", "allowedCookies"]
    static let choices: Set<String> = ["essential", "functionality", "analytics", "targeting"]
    static let stateDefault: Set<String> = ["visitorId", "state", "choices", "reconsentRequired"]
    static let stateRecorded: Set<String> = stateDefault.union(["recordedAt", "expiresAt", "catalogueVersion", "consentId"])
    static let decision: Set<String> = ["basis", "choices", "allowedCookies", "deniedCookies", "verdicts",
                                        "dropSetCookies", "consentMode", "reconsentRequired"]
    static let verdict: Set<String> = ["name", "allowed", "reason", "cookieIds", "category"]
    static let dropped: Set<String> = ["index", "name", "reason"]
    static let consentMode: Set<String> = ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
                                           "functionality_storage", "personalization_storage", "security_storage"]
}

func keys(_ value: Any?) -> Set<String> { Set((value as? [String: Any])?.keys.map { $0 } ?? []) }

@Suite struct ConsentRoutesTests {
    static let visitor = "visitor_0001"

    /// A valid POST answers 201 with Location, the exact response keys, effective choices (essential true
    /// despite essential:false) and the cookie ids those choices allow; one record is written.
    @Test func post_records201WithLocationAndBody() async throws {
        let harness = try RouteHarness()
        let response = await harness.send(.POST, "/v1/consents", body: """
            {"visitorId":"\(Self.visitor)","choices":{"essential":false,"analytics":true},"noticeVersion":"n-1","locale":"en-GB","source":"banner"}
            """)
        #expect(response.status == .created)
        #expect(response.headers["Location"] == "/v1/visitors/\(Self.visitor)/consent")
        let body = try RouteHarness.object(response)
        #expect(keys(body) == WireKeys.consentResponse)
        #expect(keys(body["choices"]) == WireKeys.choices)
        let choices = try #require(body["choices"] as? [String: Bool])
        #expect(choices == ["essential": true, "functionality": false, "analytics": true, "targeting": false])
        #expect(body["visitorId"] as? String == Self.visitor)
        #expect(body["catalogueVersion"] as? String == RouteHarness.catalogue.version)
        #expect(body["gpcApplied"] as? Bool == false)
        #expect(body["recordedAt"] as? String == "2026-11-18T11:06:40.000Z")
        #expect(body["expiresAt"] as? String == "2027-05-17T11:06:40.000Z")
        let allowed = Set(body["allowedCookies"] as? [String] ?? [])
        let expected = Set(RouteHarness.catalogue.cookies.filter { $0.category == .essential || $0.category == .analytics }.map(\.id))
        #expect(allowed == expected)
        #expect(harness.log.stats.appended == 1)
        let visitorID = try #require(VisitorID(rawValue: Self.visitor))
        let stored = try #require(harness.log.latest(for: visitorID))
        #expect(stored.consentID == body["consentId"] as? String)
    }

    /// Without a visitorId the server issues a 22-character base64url id and a UUID consent id.
    @Test func post_withoutVisitorIdIssuesOne() async throws {
        let harness = try RouteHarness()
        let body = try await harness.consent(#"{"choices":{}}"#)
        let visitor = try #require(body["visitorId"] as? String)
        #expect(visitor.count == 22)
        #expect(VisitorID(rawValue: visitor) != nil)
        let consentID = try #require(body["consentId"] as? String)
        #expect(UUID(uuidString: consentID) != nil)
        #expect(consentID == consentID.lowercased())
    }

    /// A text/plain body (what sendBeacon sends), with a charset parameter, is accepted.
    @Test func post_acceptsTextPlain() async throws {
        let harness = try RouteHarness()
        let response = await harness.send(.POST, "/v1/consents", body: #"{"choices":{"functionality":true}}"#,
                                          contentType: "text/plain;charset=UTF-8")
        #expect(response.status == .created)
    }

    /// Malformed JSON answers 400 malformed-json and writes nothing.
    @Test func post_malformedJSONIs400() async throws {
        let harness = try RouteHarness()
        let response = await harness.send(.POST, "/v1/consents", body: #"{"choices":"#)
        #expect(response.status == .badRequest)
        #expect(try RouteHarness.problemType(response) == "https://consent-service.dev/problems/malformed-json")
        #expect(harness.log.stats.appended == 0)
    }

    /// Another content type answers 415.
    @Test func post_otherMediaTypeIs415() async throws {
        let harness = try RouteHarness()
        let response = await harness.send(.POST, "/v1/consents", body: #"{"choices":{}}"#, contentType: "application/xml")
        #expect(response.status == .unsupportedMediaType)
    }

    /// A body over the configured limit answers 413.
    @Test func post_oversizedBodyIs413() async throws {
        let harness = try RouteHarness(maxBodyBytes: 64)
        let response = await harness.send(.POST, "/v1/consents",
                                          body: #"{"choices":{},"source":"\#(String(repeating: "x", count: 60))"}"#)
        #expect(response.status == .contentTooLarge)
    }

    /// Every invalid field is reported with its own JSON pointer in one 422.
    @Test func post_validationListsEveryPointer() async throws {
        let harness = try RouteHarness()
        let longSource = String(repeating: "é", count: 65)
        let response = await harness.send(.POST, "/v1/consents", body: """
            {"visitorId":"short","choices":{"analytics":"yes","marketing":true},"extra":1,
             "catalogueVersion":"00000000000000aa","locale":"en_GB","source":"\(longSource)","noticeVersion":""}
            """)
        #expect(response.status == .unprocessableContent)
        #expect(try RouteHarness.problemType(response) == "https://consent-service.dev/problems/validation-failed")
        #expect(try RouteHarness.pointers(response) == ["/visitorId", "/choices/analytics", "/choices/marketing", "/extra",
                                                        "/catalogueVersion", "/locale", "/source", "/noticeVersion"])
        #expect(harness.log.stats.appended == 0)
    }

    /// A missing `choices` or a malformed `catalogueVersion` is a 422 at its pointer.
    @Test func post_missingChoicesAndBadVersionAre422() async throws {
        let harness = try RouteHarness()
        let response = await harness.send(.POST, "/v1/consents", body: #"{"catalogueVersion":"XYZ"}"#)
        #expect(response.status == .unprocessableContent)
        #expect(try RouteHarness.pointers(response) == ["/choices", "/catalogueVersion"])
    }

    /// An archived (older) catalogue version is accepted and recorded; the categories changed since
    /// are then re-asked.
    @Test func post_archivedVersionIsRecordedAndReasked() async throws {
        let harness = try RouteHarness(catalogue: RouteHarness.changedAnalyticsCatalogue)
        try harness.context.archive.store(RouteHarness.catalogue)
        let body = try await harness.consent("""
            {"visitorId":"\(Self.visitor)","choices":{"analytics":true,"functionality":true},"catalogueVersion":"\(RouteHarness.catalogue.version)"}
            """)
        #expect(body["catalogueVersion"] as? String == RouteHarness.catalogue.version)
        let allowed = Set(body["allowedCookies"] as? [String] ?? [])
        #expect(!allowed.contains { id in RouteHarness.catalogue.cookie(id: id)?.category == .analytics })
        let state = try RouteHarness.object(await harness.send(.GET, "/v1/visitors/\(Self.visitor)/consent"))
        #expect(state["reconsentRequired"] as? [String] == ["analytics"])
        #expect((state["choices"] as? [String: Bool])?["analytics"] == false)
        #expect((state["choices"] as? [String: Bool])?["functionality"] == true)
    }

    /// The same Idempotency-Key with the same body replays the first response and writes nothing more.
    @Test func idempotency_replaysFirstResponseWithoutWriting() async throws {
        let harness = try RouteHarness()
        let body = #"{"choices":{"analytics":true}}"#
        let first = await harness.send(.POST, "/v1/consents", headers: ["Idempotency-Key": "key-1"], body: body)
        let second = await harness.send(.POST, "/v1/consents", headers: ["Idempotency-Key": "key-1"], body: body)
        #expect(first.status == .created)
        #expect(second.status == .created)
        #expect(ServiceFixtures.bodyText(second) == ServiceFixtures.bodyText(first))
        #expect(second.headers["Location"] == first.headers["Location"])
        #expect(harness.log.stats.appended == 1)
    }

    /// The same key with another body answers 409 conflict.
    @Test func idempotency_otherBodyIs409() async throws {
        let harness = try RouteHarness()
        _ = try await harness.consent(#"{"choices":{"analytics":true}}"#, headers: ["Idempotency-Key": "key-2"])
        let response = await harness.send(.POST, "/v1/consents", headers: ["Idempotency-Key": "key-2"],
                                          body: #"{"choices":{"analytics":false}}"#)
        #expect(response.status == .conflict)
        #expect(try RouteHarness.problemType(response) == "https://consent-service.dev/problems/conflict")
        #expect(harness.log.stats.appended == 1)
    }

    /// A retry while the first request still holds the key answers 409; the first then completes.
    @Test func idempotency_inFlightIs409() async throws {
        let harness = try RouteHarness()
        let request = RouteHarness.request(.POST, "/v1/consents", headers: ["Idempotency-Key": "key-3"], body: #"{"choices":{}}"#)
        let pending = harness.handler.handle(request)  // key held; the append has not started
        let retry = await harness.handler.respond(request)
        #expect(retry.status == .conflict)
        #expect(await pending.resolve().status == .created)
        #expect(await harness.handler.respond(request).status == .created)
        #expect(harness.log.stats.appended == 1)
    }

    /// A malformed Idempotency-Key (control characters, too long) answers 400.
    @Test(arguments: ["bad key", String(repeating: "k", count: 256), ""])
    func idempotency_malformedKeyIs400(_ key: String) async throws {
        let harness = try RouteHarness()
        let response = await harness.send(.POST, "/v1/consents", headers: ["Idempotency-Key": key], body: #"{"choices":{}}"#)
        #expect(response.status == .badRequest)
        #expect(harness.log.stats.appended == 0)
    }

    /// When the log's write fails the POST answers 503 log-unavailable with Retry-After, and the
    /// Idempotency-Key is released (a retry is not a 409).
    @Test func logFailure_is503AndReleasesKey() async throws {
        let faults = LogFaultInjector()
        faults.arm(.write, errno: ENOSPC)
        let harness = try RouteHarness(faults: faults)
        let headers: HTTPHeaders = ["Idempotency-Key": "key-4"]
        let response = await harness.send(.POST, "/v1/consents", headers: headers, body: #"{"choices":{}}"#)
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers["Retry-After"] != nil)
        #expect(try RouteHarness.problemType(response) == "https://consent-service.dev/problems/log-unavailable")
        let retry = await harness.send(.POST, "/v1/consents", headers: headers, body: #"{"choices":{}}"#)
        #expect(retry.status == .serviceUnavailable)
        #expect(harness.log.stats.appended == 0)
    }

    /// `Sec-GPC: 1` forces targeting false, reports gpcApplied and keeps the raw header value as evidence.
    @Test func gpc_forcesTargetingOffAndRecordsRawValue() async throws {
        let harness = try RouteHarness()
        let body = try await harness.consent(#"{"visitorId":"\#(Self.visitor)","choices":{"targeting":true,"analytics":true}}"#,
                                             headers: ["Sec-GPC": " 1 "])
        #expect((body["choices"] as? [String: Bool])?["targeting"] == false)
        #expect((body["choices"] as? [String: Bool])?["analytics"] == true)
        #expect(body["gpcApplied"] as? Bool == true)
        #expect(!(body["allowedCookies"] as? [String] ?? []).contains("test-ads"))
        let visitorID = try #require(VisitorID(rawValue: Self.visitor))
        let history = try harness.log.history(for: visitorID)
        #expect(history.last?.record.draft.gpcHeader == " 1 ")
        #expect(history.last?.record.draft.gpcApplied == true)
    }

    /// A Sec-GPC value other than 1 is kept as evidence but does not apply.
    @Test func gpc_otherValueDoesNotApply() async throws {
        let harness = try RouteHarness()
        let body = try await harness.consent(#"{"visitorId":"\#(Self.visitor)","choices":{"targeting":true}}"#,
                                             headers: ["Sec-GPC": "0"])
        #expect(body["gpcApplied"] as? Bool == false)
        #expect((body["allowedCookies"] as? [String] ?? []).contains("test-ads"))
        let visitorID = try #require(VisitorID(rawValue: Self.visitor))
        let history = try harness.log.history(for: visitorID)
        #expect(history.last?.record.draft.gpcHeader == "0")
    }

    /// DELETE appends a withdraw record, answers 200 in the POST shape with every optional category
    /// false, and the state then says so.
    @Test func delete_withdraws() async throws {
        let harness = try RouteHarness()
        _ = try await harness.consent(#"{"visitorId":"\#(Self.visitor)","choices":{"functionality":true,"analytics":true,"targeting":true}}"#)
        let response = await harness.send(.DELETE, "/v1/visitors/\(Self.visitor)/consent")
        #expect(response.status == .ok)
        let body = try RouteHarness.object(response)
        #expect(keys(body) == WireKeys.consentResponse)
        #expect(body["choices"] as? [String: Bool] == ["essential": true, "functionality": false, "analytics": false, "targeting": false])
        let essential = Set(RouteHarness.catalogue.cookies.filter { $0.category == .essential }.map(\.id))
        #expect(Set(body["allowedCookies"] as? [String] ?? []) == essential)
        let visitorID = try #require(VisitorID(rawValue: Self.visitor))
        let history = try harness.log.history(for: visitorID)
        #expect(history.map(\.record.action) == [.grant, .withdraw])
        let state = try RouteHarness.object(await harness.send(.GET, "/v1/visitors/\(Self.visitor)/consent"))
        #expect(state["state"] as? String == "granted")
        #expect((state["choices"] as? [String: Bool])?["analytics"] == false)
    }

    /// A malformed visitor id in the path answers 400 for GET and DELETE.
    @Test func badPathVisitorId_is400() async throws {
        let harness = try RouteHarness()
        #expect(await harness.send(.GET, "/v1/visitors/short/consent").status == .badRequest)
        #expect(await harness.send(.DELETE, "/v1/visitors/has%20space1/consent").status == .badRequest)
        #expect(harness.log.stats.appended == 0)
    }

    /// The state is default before any record, granted after, and expired once the TTL has passed
    /// (checked just before and at the expiry instant).
    @Test func state_defaultGrantedExpired() async throws {
        let harness = try RouteHarness()
        let path = "/v1/visitors/\(Self.visitor)/consent"
        let before = try RouteHarness.object(await harness.send(.GET, path))
        #expect(keys(before) == WireKeys.stateDefault)
        #expect(before["state"] as? String == "default")
        #expect(before["reconsentRequired"] as? [String] == [])
        _ = try await harness.consent(#"{"visitorId":"\#(Self.visitor)","choices":{"analytics":true}}"#)
        let granted = try RouteHarness.object(await harness.send(.GET, path))
        #expect(keys(granted) == WireKeys.stateRecorded)
        #expect(granted["state"] as? String == "granted")
        #expect((granted["choices"] as? [String: Bool])?["analytics"] == true)
        harness.clock.advance(seconds: 180 * 86_400 - 1)
        #expect(try RouteHarness.object(await harness.send(.GET, path))["state"] as? String == "granted")
        harness.clock.advance(seconds: 1)
        let expired = try RouteHarness.object(await harness.send(.GET, path))
        #expect(keys(expired) == WireKeys.stateRecorded)
        #expect(expired["state"] as? String == "expired")
        #expect((expired["choices"] as? [String: Bool])?["analytics"] == false)
    }

    /// After a catalogue change in one category (new service over the same data directory), the state
    /// lists it in reconsentRequired and no longer allows it.
    @Test func state_reconsentRequiredAfterCatalogueChange() async throws {
        let directory = RouteHarness.newDirectory()
        let clock = ManualClock()
        let first = try RouteHarness(directory: directory, clock: clock)
        _ = try await first.consent(#"{"visitorId":"\#(Self.visitor)","choices":{"analytics":true,"functionality":true}}"#)
        first.log.close()
        let second = try RouteHarness(directory: directory, catalogue: RouteHarness.changedAnalyticsCatalogue, clock: clock)
        let state = try RouteHarness.object(await second.send(.GET, "/v1/visitors/\(Self.visitor)/consent"))
        #expect(state["state"] as? String == "granted")
        #expect(state["reconsentRequired"] as? [String] == ["analytics"])
        #expect((state["choices"] as? [String: Bool])?["analytics"] == false)
        #expect((state["choices"] as? [String: Bool])?["functionality"] == true)
    }

    /// A 201'd consent (fsync always) survives closing and reopening the log.
    @Test func consent_survivesRestart() async throws {
        let directory = RouteHarness.newDirectory()
        let clock = ManualClock()
        let first = try RouteHarness(directory: directory, clock: clock, fsync: .always)
        let body = try await first.consent(#"{"visitorId":"\#(Self.visitor)","choices":{"analytics":true}}"#)
        first.log.close()
        let second = try RouteHarness(directory: directory, clock: clock, fsync: .always)
        let state = try RouteHarness.object(await second.send(.GET, "/v1/visitors/\(Self.visitor)/consent"))
        #expect(state["state"] as? String == "granted")
        #expect(state["consentId"] as? String == body["consentId"] as? String)
        #expect((state["choices"] as? [String: Bool])?["analytics"] == true)
    }

    /// `?at=` without the auditor token answers 401 with WWW-Authenticate; with it, a bad time is 400.
    @Test func pointInTime_requiresTokenAndValidTime() async throws {
        let harness = try RouteHarness()
        let path = "/v1/visitors/\(Self.visitor)/consent?at=2026-11-18T11:00:00Z"
        let anonymous = await harness.send(.GET, path)
        #expect(anonymous.status == .unauthorized)
        #expect(anonymous.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
        let wrong = await harness.send(.GET, path, headers: ["Authorization": "Bearer nope"])
        #expect(wrong.status == .unauthorized)
        let auth: HTTPHeaders = ["Authorization": "Bearer \(ServiceFixtures.auditorToken)"]
        for bad in ["yesterday", "2026-02-30T00:00:00Z", "2026-11-18t08:00:00Z", "2026-11-18T08:00:00"] {
            let response = await harness.send(.GET, "/v1/visitors/\(Self.visitor)/consent?at=\(bad)", headers: auth)
            #expect(response.status == .badRequest, "\(bad)")
        }
    }

    /// `?at=` answers the state and full decision as they stood then: before the first record the
    /// default, between grant and withdrawal the grant, with `at` and `decision` in the body.
    @Test func pointInTime_answersStateAndDecisionThen() async throws {
        let harness = try RouteHarness()
        let start = harness.clock.now()
        _ = try await harness.consent(#"{"visitorId":"\#(Self.visitor)","choices":{"analytics":true}}"#)
        harness.clock.advance(seconds: 100)
        #expect(await harness.send(.DELETE, "/v1/visitors/\(Self.visitor)/consent").status == .ok)
        let auth: HTTPHeaders = ["Authorization": "Bearer \(ServiceFixtures.auditorToken)"]

        let during = WireTimestamp.format(start.addingTimeInterval(50))
        let then = try RouteHarness.object(await harness.send(.GET, "/v1/visitors/\(Self.visitor)/consent?at=\(during)", headers: auth))
        #expect(keys(then) == WireKeys.stateRecorded.union(["at", "decision"]))
        #expect(then["at"] as? String == during)
        #expect(then["state"] as? String == "granted")
        #expect((then["choices"] as? [String: Bool])?["analytics"] == true)
        let decision = try #require(then["decision"] as? [String: Any])
        #expect(keys(decision) == WireKeys.decision)
        #expect(decision["basis"] as? String == "consent")
        let analyticsID = try #require(RouteHarness.firstLiteral(.analytics)?.id)
        #expect((decision["allowedCookies"] as? [String] ?? []).contains(analyticsID))

        let earlier = WireTimestamp.format(start.addingTimeInterval(-60))
        let none = try RouteHarness.object(await harness.send(.GET, "/v1/visitors/\(Self.visitor)/consent?at=\(earlier)", headers: auth))
        #expect(none["state"] as? String == "default")
        #expect((none["decision"] as? [String: Any])?["basis"] as? String == "default")

        let now = try RouteHarness.object(await harness.send(.GET, "/v1/visitors/\(Self.visitor)/consent"))
        #expect((now["choices"] as? [String: Bool])?["analytics"] == false)
        #expect(now["at"] == nil)
    }

    /// RFC 3339 times with offsets and fractions parse to the right instant; output is UTC milliseconds.
    @Test func timestamps_parseOffsetsAndFormatUTC() throws {
        let date = try #require(WireTimestamp.parse("2026-11-22T11:00:00.123456+01:00"))
        #expect(WireTimestamp.format(date) == "2026-11-22T10:00:00.123Z")
        #expect(WireTimestamp.parse("2024-02-29T00:00:00Z") != nil)
        #expect(WireTimestamp.parse("2026-11-22T10:00:60Z") == nil)
        #expect(WireTimestamp.parse("2026-11-22T10:00:00.Z") == nil)
        #expect(WireTimestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
    }
}
