import ConsentDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Request validation and response rendering for `POST /v1/decisions`.
///
/// Request: `{visitorId?, choices?, cookies?:[string ≤ 200], cookieHeader?:string, setCookies?:[string ≤ 200]}`
/// with `visitorId` and `choices` mutually exclusive (neither → the essential-only default).
/// Response: `{basis, choices, allowedCookies, deniedCookies, verdicts, dropSetCookies, consentMode,
/// reconsentRequired}`; a verdict is `{name, allowed, reason, cookieIds, category?}` (no `category`
/// for an undeclared name), a dropped line `{index, name|null, reason}` where `reason` is the
/// verdict's code or `malformed` for a line that does not parse.
///
/// These are the reference implementations: the route reads valid requests with `DecisionRequestReader`
/// and writes bodies with `DecisionBodyWriter`, whose tests compare them with `request(_:limits:)` and
/// `body(_:fragments:)`; this path still answers every request outside the reader's subset.
enum DecisionWire {
    /// The members a decision request may have.
    static let requestMembers: Set<String> = ["visitorId", "choices", "cookies", "cookieHeader", "setCookies"]

    /// A validated decision request.
    struct Request: Sendable, Equatable {
        /// The visitor whose stored consent decides; `nil` with explicit choices or neither.
        var visitorID: VisitorID?
        /// Choices, names and lines for the engine (`now` is set by the route).
        var input: DecisionInput
    }

    /// Validates a parsed body against the engine's `limits`.
    /// - Throws: `APIError.validation` listing every problem (unknown members, wrong types, both
    ///   `visitorId` and `choices`, over-long entries per `DecisionInput.violations(of:)`).
    static func request(_ body: JSONValue, limits: DecisionLimits) throws(APIError) -> Request {
        var fields = FieldValidator()
        fields.rejectUnknownMembers(of: body, at: .root, allowed: requestMembers)
        let visitorID = ConsentWire.visitorID(body["visitorId"], at: .root.appending("visitorId"), fields: &fields)
        var choices: ConsentChoices?
        if let value = body["choices"] {
            if body["visitorId"] != nil {
                fields.record(.root.appending("choices"), "give either visitorId or choices, not both")
            }
            choices = ConsentWire.choices(value, at: .root.appending("choices"), fields: &fields)
        }
        let cookiesPointer = JSONPointer.root.appending("cookies")
        let setCookiesPointer = JSONPointer.root.appending("setCookies")
        let cookies = fields.strings(body["cookies"], at: cookiesPointer, maxCount: limits.maxCookieNames, maxLength: Int.max)
        let cookieHeader = fields.string(body["cookieHeader"], at: .root.appending("cookieHeader"), maxLength: Int.max)
        let setCookies = fields.strings(body["setCookies"], at: setCookiesPointer,
                                        maxCount: limits.maxSetCookieLines, maxLength: Int.max)
        let input = DecisionInput(choices: choices, cookieNames: cookies ?? [], cookieHeader: cookieHeader,
                                  setCookieLines: setCookies ?? [])
        for violation in input.violations(of: limits) {
            switch violation {
            case .tooManyCookieNames(let limit):
                fields.record(cookiesPointer, "must have at most \(limit) items")
            case .cookieNameTooLong(let index, let limit):
                fields.record(cookiesPointer.appending(index), "must be at most \(limit) bytes")
            case .tooManySetCookieLines(let limit):
                fields.record(setCookiesPointer, "must have at most \(limit) items")
            case .cookieHeaderTooLong(let limit):
                fields.record(.root.appending("cookieHeader"), "must be at most \(limit) bytes")
            }
        }
        try fields.finish()
        return Request(visitorID: visitorID, input: input)
    }

    /// The response body.
    /// - Parameter fragments: Pre-encoded parts of the engine that made `decision`, or `nil` to write everything.
    static func body(_ decision: Decision, fragments: ChoiceFragments? = nil) -> [UInt8] {
        var json = JSONWriter(capacity: 2_048)
        write(decision, fragments: fragments, to: &json)
        return json.bytes
    }

    /// Writes the decision object (also embedded in point-in-time consent states).
    /// - Parameter fragments: Pre-encoded id arrays and Consent Mode objects of the engine that made
    ///   `decision`; spliced when they agree with it (same counts, same signals), written afresh otherwise.
    static func write(_ decision: Decision, fragments: ChoiceFragments? = nil, to json: inout JSONWriter) {
        let entry = fragments?.entry(for: decision.choices)
        json.beginObject()
        json.member("basis", decision.basis.rawValue)
        json.key("choices")
        ConsentWire.writeChoices(decision.choices, to: &json)
        json.key("allowedCookies")
        if let entry, entry.allowedCount == decision.allowedCookieIDs.count {
            json.encoded(entry.allowedCookies)
        } else {
            ConsentWire.writeStrings(decision.allowedCookieIDs, to: &json)
        }
        json.key("deniedCookies")
        if let entry, entry.deniedCount == decision.deniedCookieIDs.count {
            json.encoded(entry.deniedCookies)
        } else {
            ConsentWire.writeStrings(decision.deniedCookieIDs, to: &json)
        }
        json.key("verdicts")
        json.beginArray()
        for verdict in decision.verdicts {
            json.beginObject()
            json.member("name", verdict.name)
            json.member("allowed", verdict.isAllowed)
            json.member("reason", verdict.reason.rawValue)
            json.key("cookieIds")
            ConsentWire.writeStrings(verdict.cookieIDs, to: &json)
            if let category = verdict.category { json.member("category", category.rawValue) }
            json.endObject()
        }
        json.endArray()
        json.key("dropSetCookies")
        json.beginArray()
        for dropped in decision.droppedSetCookies {
            json.beginObject()
            json.member("index", dropped.index)
            json.key("name")
            json.string(dropped.name)
            json.member("reason", reasonCode(dropped.reason))
            json.endObject()
        }
        json.endArray()
        json.key("consentMode")
        if let entry, entry.signals == decision.consentMode {
            json.encoded(entry.consentMode)
        } else {
            writeConsentMode(decision.consentMode, to: &json)
        }
        json.key("reconsentRequired")
        ConsentWire.writeStrings(decision.reconsentRequired.map(\.rawValue), to: &json)
        json.endObject()
    }

    /// `{"ad_storage":"granted"|"denied",…}` in Google's documented order.
    static func writeConsentMode(_ signals: ConsentModeSignals, to json: inout JSONWriter) {
        json.beginObject()
        for field in signals.fields { json.member(field.key, field.status.rawValue) }
        json.endObject()
    }

    /// The wire code of a dropped line: the verdict's reason, or `malformed` for a line that does not parse.
    static func reasonCode(_ reason: DroppedSetCookie.Reason) -> String {
        switch reason {
        case .denied(let verdictReason): verdictReason.rawValue
        case .invalid: "malformed"
        }
    }
}
