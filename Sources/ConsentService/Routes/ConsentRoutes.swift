import ConsentDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPLite

/// `POST /v1/consents`, `GET /v1/visitors/{visitorId}/consent` and `DELETE /v1/visitors/{visitorId}/consent`.
/// Registered with `.public` access.
///
/// - **Recording** reads the body with `ConsentRequestReader` (valid requests) or validates it with
///   `ConsentWire.request` (everything else, with the exact problems), applies GPC, appends to the log and
///   answers 201 only in the log's completion, i.e. once the record is durable — no task is created on
///   this path. A `catalogueVersion` is accepted when it is the current version or one in the
///   `CatalogueArchive` (a banner cached across a deploy); the record then keeps that version's
///   per-category versions, so the categories changed since are re-asked. Without one, the current
///   version is recorded.
/// - **Idempotency-Key** (1–255 of `%x21-7E`, else 400): the first 201 is replayed for the same
///   method, target, body and `Sec-GPC` value; anything else under the key → 409, as is a retry while
///   the first request is in flight. A failed append releases the key.
/// - **State** is answered from memory (`ConsentLog.latest`). With `?at=` (auditor token, else 401)
///   the record in force at that instant is read from the visitor's history, the catalogue archived
///   under its version is loaded (the current one when it was never archived), and the state and a
///   full decision at `at` are returned; this path reads disk, so it runs deferred.
/// - **Withdrawal** appends a `withdraw` record (every optional category false) and answers 200.
enum ConsentRoutes {
    static let recordPath = "/v1/consents"
    static let visitorPath = "/v1/visitors/{visitorId}/consent"

    static func register(on router: inout Router, context: ServiceContext) {
        let tails = RecordBodyTails(catalogue: context.catalogue, fragments: context.choiceFragments)
        let shared = DurableAnswerShared(context: context)
        router.add(.POST, recordPath) { request in record(request, context: context, tails: tails, shared: shared) }
        router.add(.GET, visitorPath) { request in state(request, context: context) }
        router.add(.DELETE, visitorPath) { request in withdraw(request, context: context, tails: tails, shared: shared) }
    }

    /// The `Location` of a visitor's consent resource.
    static func location(of visitor: VisitorID) -> String {
        // Written into the string's storage in one go (per 201): three copies, no interpolation growth.
        let prefix: StaticString = "/v1/visitors/", suffix: StaticString = "/consent"
        var id = visitor.rawValue
        return id.withUTF8 { id in
            let prefixCount = prefix.utf8CodeUnitCount, suffixCount = suffix.utf8CodeUnitCount
            return String(unsafeUninitializedCapacity: prefixCount + id.count + suffixCount) { out in
                let raw = UnsafeMutableRawBufferPointer(out)
                raw.copyMemory(from: UnsafeRawBufferPointer(start: prefix.utf8Start, count: prefixCount))
                UnsafeMutableRawBufferPointer(rebasing: raw[prefixCount...]).copyMemory(from: UnsafeRawBufferPointer(id))
                UnsafeMutableRawBufferPointer(rebasing: raw[(prefixCount + id.count)...])
                    .copyMemory(from: UnsafeRawBufferPointer(start: suffix.utf8Start, count: suffixCount))
                return prefixCount + id.count + suffixCount
            }
        }
    }

    // MARK: POST /v1/consents

    /// - Parameters:
    ///   - tails: Response tails for the served catalogue; built here when not given (tests).
    ///   - shared: What the durable answers share (head templates, services); built here when not given (tests).
    static func record(_ request: HTTPRequest, context: ServiceContext, tails: RecordBodyTails? = nil,
                       shared: DurableAnswerShared? = nil) -> HandlerResponse {
        let gpcHeader = request.headers["Sec-GPC"]
        let key: IdempotencyStore.Key?
        let draft: ConsentDraft
        do throws(APIError) {
            key = try idempotencyKey(request)
            var archived: Catalogue?
            let parsed = try recordRequest(request, context: context) { version in
                if version == context.catalogue.version { return true }
                archived = (try? context.archivedCatalogues.entry(version: version))?.catalogue
                return archived != nil
            }
            // The served catalogue's fields from this thread's copies (no reference counts shared with the other loop).
            let versions = archived.map { ($0.version, $0.categoryVersions) } ?? ThreadCatalogueFields.of(context.catalogue)
            let (choices, gpcApplied) = GlobalPrivacyControl.apply(
                to: parsed.choices, asserted: GlobalPrivacyControl.isAsserted(byHeader: gpcHeader))
            var generator = ThreadRandom()
            draft = ConsentDraft(consentID: ConsentWire.randomConsentID(using: &generator),
                                 visitorID: parsed.visitorID ?? VisitorID.random(using: &generator),
                                 action: .grant, choices: choices,
                                 catalogueVersion: versions.0, categoryVersions: versions.1,
                                 gpcHeader: ConsentWire.gpcEvidence(gpcHeader), gpcApplied: gpcApplied,
                                 source: parsed.source, locale: parsed.locale, noticeVersion: parsed.noticeVersion)
        } catch {
            context.metrics.recordAppend(.rejected)
            return .immediate(error.response)
        }

        var ticket: IdempotencyStore.Ticket?
        if let key {
            var evidence = request.body
            evidence.append(0)  // NUL: the GPC value is part of what makes two requests "the same"
            evidence.append(contentsOf: (gpcHeader ?? "").utf8)
            let fingerprint = IdempotencyStore.Fingerprint(method: request.method.rawValue, target: request.target, body: evidence)
            switch context.idempotency.begin(key: key, fingerprint: fingerprint) {
            case .proceed(let held):
                ticket = held
            case .replay(let stored):
                context.metrics.recordAppend(.replayed)
                return .immediate(replayed(stored))
            case .conflict:
                context.metrics.recordAppend(.rejected)
                return .immediate(APIError.conflict(reason: "the Idempotency-Key was used with another request").response)
            case .inProgress:
                context.metrics.recordAppend(.rejected)
                return .immediate(APIError.conflict(reason: "a request with this Idempotency-Key is still in progress").response)
            }
        }
        return append(draft, status: .created, ticket: ticket, context: context, tails: tails, shared: shared)
    }

    /// The validated request: `ConsentRequestReader` when the media type, size and depth limits allow
    /// it and the body is in its subset, else the generic parser and validator (`ConsentWire.request`).
    /// - Throws: `APIError` (415, 413, 400, 422) from the generic path.
    static func recordRequest(_ request: HTTPRequest, context: ServiceContext,
                              isKnownVersion: (String) -> Bool) throws(APIError) -> ConsentWire.Request {
        if context.jsonBody.admitsFastReader(contentType: request.headers["Content-Type"], bodyCount: request.body.count),
           let fast = ConsentRequestReader.read(request.body, isKnownVersion: isKnownVersion) {
            return fast
        }
        let body = try context.jsonBody.decodeObject(request)
        return try ConsentWire.request(body, isKnownVersion: isKnownVersion)
    }

    /// The validated `Idempotency-Key`, `nil` when absent.
    /// - Throws: `.badRequest` (400) for a malformed key or more than one.
    static func idempotencyKey(_ request: HTTPRequest) throws(APIError) -> IdempotencyStore.Key? {
        guard request.headers["Idempotency-Key"] != nil else { return nil }  // the usual case: no list built
        let values = request.headers.values(for: "Idempotency-Key")
        guard let value = values.first else { return nil }
        guard values.count == 1, let key = IdempotencyStore.Key(value) else {
            throw .badRequest(parameter: "Idempotency-Key", reason: "must be one value of 1–255 visible ASCII characters")
        }
        return key
    }

    // MARK: DELETE /v1/visitors/{visitorId}/consent

    static func withdraw(_ request: HTTPRequest, context: ServiceContext, tails: RecordBodyTails? = nil,
                         shared: DurableAnswerShared? = nil) -> HandlerResponse {
        let visitor: VisitorID
        do throws(APIError) {
            visitor = try ConsentWire.pathVisitorID(request.pathParameters["visitorId"])
        } catch {
            context.metrics.recordAppend(.rejected)
            return .immediate(error.response)
        }
        var generator = ThreadRandom()
        let gpcHeader = request.headers["Sec-GPC"]
        let versions = ThreadCatalogueFields.of(context.catalogue)
        let draft = ConsentDraft(consentID: ConsentWire.randomConsentID(using: &generator), visitorID: visitor,
                                 action: .withdraw, choices: .essentialOnly, catalogueVersion: versions.version,
                                 categoryVersions: versions.categoryVersions,
                                 gpcHeader: ConsentWire.gpcEvidence(gpcHeader), gpcApplied: false)
        return append(draft, status: .ok, ticket: nil, context: context, tails: tails, shared: shared)
    }

    // MARK: Appending

    /// Appends `draft` and answers once it is durable: `status` with the record body, or 503
    /// `log-unavailable`. The body is prepared before the append (its tail comes from `tails` under the
    /// current catalogue); the log's completion, on the log's thread, only hands the outcome to the
    /// connection's event loop (`DurableAnswer`), which joins the body and makes the response from a
    /// head template (`.callbackOnLoop`): the writer goes back to the next group commit at once.
    private static func append(_ draft: ConsentDraft, status: HTTPStatus, ticket: IdempotencyStore.Ticket?,
                               context: ServiceContext, tails: RecordBodyTails?, shared: DurableAnswerShared?) -> HandlerResponse {
        let tails = tails ?? RecordBodyTails(catalogue: context.catalogue, fragments: context.choiceFragments)
        let shared = shared ?? DurableAnswerShared(context: context)
        let tail: [UInt8]
        if let cached = tails.tail(for: draft) {
            tail = cached
        } else {
            // Allowed now: the effective choices minus the categories changed since `draft`'s versions.
            var effective = draft.choices
            for category in context.catalogue.changedCategories(since: draft.categoryVersions) where !category.isRequired {
                effective[category] = false
            }
            tail = ConsentWire.RecordBody.tail(choices: draft.choices, catalogueVersion: draft.catalogueVersion,
                                               gpcApplied: draft.gpcApplied,
                                               allowedCookies: context.choiceFragments.entry(for: effective).allowedCookies)
        }
        let lifetime = context.policy.lifetime(action: draft.action, choices: draft.choices)
        let pending = ConsentWire.RecordBody(draft, tail: tail, lifetime: lifetime)
        let location = location(of: draft.visitorID)
        let answer = DurableAnswer(draft: draft, log: context.log, pending: pending, status: status, location: location,
                                   ticket: ticket, shared: shared)
        return .callbackOnLoop { [answer] complete in answer.start(complete) }
    }

    /// A stored first response, sent again.
    private static func replayed(_ stored: IdempotencyStore.StoredResponse) -> HTTPResponse {
        var headers: HTTPHeaders = ["Cache-Control": "no-store"]
        for header in stored.headers { headers.add(header.name, header.value) }
        let status: HTTPStatus = stored.status == HTTPStatus.created.code ? .created : .ok
        return .json(stored.body, status: status, headers: headers)
    }

    // MARK: GET /v1/visitors/{visitorId}/consent

    static func state(_ request: HTTPRequest, context: ServiceContext) -> HandlerResponse {
        let visitor: VisitorID
        let at: Date?
        do throws(APIError) {
            visitor = try ConsentWire.pathVisitorID(request.pathParameters["visitorId"])
            at = try pointInTime(request, context: context)
        } catch {
            return .immediate(error.response)
        }
        let headers: HTTPHeaders = ["Cache-Control": "no-store"]
        guard let at else {
            let state = context.policy.state(for: context.log.latest(for: visitor), catalogue: context.catalogue,
                                             now: context.clock.now())
            return .immediate(.json(ConsentWire.stateBody(visitor: visitor, state: state), headers: headers))
        }
        return .deferred {
            do throws(APIError) {
                let (state, decision) = try stateAndDecision(of: visitor, at: at, context: context)
                return .json(ConsentWire.stateBody(visitor: visitor, state: state, at: at, decision: decision), headers: headers)
            } catch {
                return error.response
            }
        }
    }

    /// The `at` query parameter, `nil` when absent.
    /// - Throws: `.unauthorized` (401) without the auditor token; `.badRequest` (400) for a repeated or
    ///   malformed time. The token is checked first: an anonymous caller learns nothing about the value.
    static func pointInTime(_ request: HTTPRequest, context: ServiceContext) throws(APIError) -> Date? {
        let values = request.queryValues("at")
        guard let value = values.first else { return nil }
        try context.auditorAuth.authorize(request)
        guard values.count == 1, let date = WireTimestamp.parse(value) else {
            throw .badRequest(parameter: "at", reason: "must be one RFC 3339 date-time such as 2026-05-01T12:00:00Z")
        }
        return date
    }

    /// The state and the full decision as they stood at `at`, under the catalogue archived for the
    /// record then in force.
    /// - Throws: `.logUnavailable` (503) when the visitor's history cannot be read.
    static func stateAndDecision(of visitor: VisitorID, at: Date, context: ServiceContext) throws(APIError)
        -> (ConsentState, Decision) {
        let history: [StoredRecord]
        do {
            history = try context.log.history(for: visitor)
        } catch {
            context.logger.error("consent history read failed", metadata: ["error.description": error.description])
            throw .logUnavailable(reason: "the consent log cannot be read right now")
        }
        let inForce = history.last { $0.record.recordedAt <= at }?.record
        var engine = context.decisionEngine
        if let version = inForce?.draft.catalogueVersion, version != context.catalogue.version {
            do {
                if let archived = try context.archivedCatalogues.entry(version: version) { engine = archived.engine }
            } catch {
                context.logger.warning("archived catalogue unreadable; judging by the current one",
                                       metadata: ["catalogue.version": version])
            }
        }
        let state = context.policy.state(for: inForce.map(ConsentSnapshot.init), catalogue: engine.catalogue, now: at)
        let decision = engine.decide(DecisionInput(now: at), state: state, gpc: false)
        return (state, decision)
    }
}
