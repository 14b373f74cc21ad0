import ConsentDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Request validation and response rendering for `POST /v1/consents` and
/// `GET|DELETE /v1/visitors/{visitorId}/consent`.
///
/// Request (`ConsentRequest`): `{visitorId?, choices:{essential?, functionality?, analytics?, targeting?},
/// catalogueVersion?, noticeVersion?, locale?, source?}`; every problem becomes one `{pointer, message}`
/// of a 422. Responses are written with `JSONWriter` in the key order of `wire.md`.
enum ConsentWire {
    /// Longest `noticeVersion` and `source`, in Unicode scalars (JSON Schema `maxLength` counts code points): 64.
    static let maxLabelLength = 64
    /// Longest `locale`, in characters: 35 (BCP 47 tags fit; openapi `maxLength`).
    static let maxLocaleLength = 35
    /// Most bytes of a `Sec-GPC` value kept as evidence: 1,024 (longer values are cut at a
    /// scalar boundary so the log line stays bounded).
    static let maxGPCEvidenceBytes = 1_024

    /// The members a consent request may have.
    static let requestMembers: Set<String> = ["visitorId", "choices", "catalogueVersion", "noticeVersion", "locale", "source"]
    /// The members `choices` may have (requests of both endpoints).
    static let choiceMembers: Set<String> = ["essential", "functionality", "analytics", "targeting"]

    /// `requestMembers` and `choiceMembers` as lists, for the linear member check on the request path.
    private static let requestMemberList = Array(requestMembers)
    private static let choiceMemberList = Array(choiceMembers)

    /// The pointers of a consent request's members, built once: a valid request builds no pointer text.
    private enum Pointer {
        static let visitorID = JSONPointer.root.appending("visitorId")
        static let choices = JSONPointer.root.appending("choices")
        static let catalogueVersion = JSONPointer.root.appending("catalogueVersion")
        static let noticeVersion = JSONPointer.root.appending("noticeVersion")
        static let source = JSONPointer.root.appending("source")
        static let locale = JSONPointer.root.appending("locale")
        /// `choices` members under `/choices`.
        static let choiceMembers = ChoicePointers(.root.appending("choices"))
    }

    /// The pointers of the four members of a `choices` object at one place.
    struct ChoicePointers: Sendable {
        let essential: JSONPointer
        let functionality: JSONPointer
        let analytics: JSONPointer
        let targeting: JSONPointer

        init(_ base: JSONPointer) {
            essential = base.appending("essential")
            functionality = base.appending("functionality")
            analytics = base.appending("analytics")
            targeting = base.appending("targeting")
        }
    }

    /// A validated consent request.
    struct Request: Sendable, Equatable {
        var visitorID: VisitorID?
        /// As sent; missing categories are `false`, `essential` is ignored.
        var choices: ConsentChoices
        var catalogueVersion: String?
        var noticeVersion: String?
        var locale: String?
        var source: String?
    }

    /// Validates a parsed body.
    /// - Parameter isKnownVersion: Whether a (well-formed) `catalogueVersion` is one the service knows.
    /// - Throws: `APIError.validation` listing every problem.
    static func request(_ body: JSONValue, isKnownVersion: (String) -> Bool) throws(APIError) -> Request {
        var fields = FieldValidator()
        fields.rejectUnknownMembers(of: body, at: .root, allowedList: requestMemberList)
        let visitorID = visitorID(body["visitorId"], at: Pointer.visitorID, fields: &fields)
        var choices = ConsentChoices.essentialOnly
        if let value = body["choices"] {
            choices = self.choices(value, at: Pointer.choices, members: Pointer.choiceMembers, fields: &fields) ?? .essentialOnly
        } else {
            fields.record(Pointer.choices, "is required")
        }
        var catalogueVersion: String?
        let versionPointer = Pointer.catalogueVersion
        if let version = fields.string(body["catalogueVersion"], at: versionPointer, maxLength: Int.max) {
            if !CatalogueArchive.isValidVersion(version) {
                fields.record(versionPointer, "must be 16 lower-case hex digits")
            } else if !isKnownVersion(version) {
                fields.record(versionPointer, "unknown catalogue version")
            } else {
                catalogueVersion = version
            }
        }
        let noticeVersion = label(body["noticeVersion"], at: Pointer.noticeVersion, fields: &fields)
        let source = label(body["source"], at: Pointer.source, fields: &fields)
        var locale: String?
        let localePointer = Pointer.locale
        if let text = fields.string(body["locale"], at: localePointer, maxLength: Int.max) {
            if text.unicodeScalars.count > maxLocaleLength {
                fields.record(localePointer, "must be at most \(maxLocaleLength) characters")
            } else if !isLanguageTag(text) {
                fields.record(localePointer, "must be a BCP 47 language tag such as en-GB")
            } else {
                locale = text
            }
        }
        try fields.finish()
        return Request(visitorID: visitorID, choices: choices, catalogueVersion: catalogueVersion,
                       noticeVersion: noticeVersion, locale: locale, source: source)
    }

    /// A `ChoicesInput` object: optional booleans for the four categories, nothing else.
    /// - Returns: The choices (missing → `false`; `essential` accepted and ignored), or `nil` after recording problems.
    static func choices(_ value: JSONValue, at pointer: JSONPointer, fields: inout FieldValidator) -> ConsentChoices? {
        choices(value, at: pointer, members: ChoicePointers(pointer), fields: &fields)
    }

    /// As `choices(_:at:fields:)`, with the members' pointers prepared by the caller (`members` must be
    /// `ChoicePointers(pointer)`), so a valid object builds no pointer text.
    static func choices(_ value: JSONValue, at pointer: JSONPointer, members: ChoicePointers,
                        fields: inout FieldValidator) -> ConsentChoices? {
        guard fields.object(value, at: pointer) != nil else { return nil }
        let before = fields.problems.count
        fields.rejectUnknownMembers(of: value, at: pointer, allowedList: choiceMemberList)
        _ = fields.bool(value["essential"], at: members.essential)
        var choices = ConsentChoices.essentialOnly
        choices.functionality = fields.bool(value["functionality"], at: members.functionality) ?? false
        choices.analytics = fields.bool(value["analytics"], at: members.analytics) ?? false
        choices.targeting = fields.bool(value["targeting"], at: members.targeting) ?? false
        return fields.problems.count == before ? choices : nil
    }

    /// A body `visitorId`: a string of 8–64 `[A-Za-z0-9_-]`.
    static func visitorID(_ value: JSONValue?, at pointer: JSONPointer, fields: inout FieldValidator) -> VisitorID? {
        guard let text = fields.string(value, at: pointer, maxLength: Int.max) else { return nil }
        guard let id = VisitorID(rawValue: text) else {
            fields.record(pointer, "must be 8–64 characters of A–Z, a–z, 0–9, _ and -")
            return nil
        }
        return id
    }

    /// A path `visitorId`.
    /// - Throws: `APIError.badRequest` (400) when absent or malformed.
    static func pathVisitorID(_ text: String?) throws(APIError) -> VisitorID {
        guard let text, let id = VisitorID(rawValue: text) else {
            throw .badRequest(parameter: "visitorId", reason: "must be 8–64 characters of A–Z, a–z, 0–9, _ and -")
        }
        return id
    }

    /// The `Sec-GPC` value kept as evidence: the raw value, cut to `maxGPCEvidenceBytes` at a scalar boundary.
    static func gpcEvidence(_ raw: String?) -> String? {
        guard let raw else { return nil }
        guard raw.utf8.count > maxGPCEvidenceBytes else { return raw }
        var kept = ""
        var bytes = 0
        for scalar in raw.unicodeScalars {
            let size = UTF8.width(scalar)
            guard bytes + size <= maxGPCEvidenceBytes else { break }
            kept.unicodeScalars.append(scalar)
            bytes += size
        }
        return kept
    }

    /// A random consent id: a version-4 UUID in lower case (122 random bits; URL-safe, and stored
    /// compactly by the log's index).
    static func randomConsentID<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var high: UInt64 = generator.next()
        var low: UInt64 = generator.next()
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & ~(0xC << 60)) | (0x8 << 60)  // variant 10xx
        // Written straight into the string's storage: one allocation, no digit table or byte array per id.
        let digits: StaticString = "0123456789abcdef"
        return digits.withUTF8Buffer { digits in
            String(unsafeUninitializedCapacity: 36) { out in
                var at = 0
                for i in 0..<32 {
                    if i == 8 || i == 12 || i == 16 || i == 20 {
                        out[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    let word = i < 16 ? high : low
                    let shift = UInt64((15 - i % 16) * 4)
                    out[at] = digits[Int((word >> shift) & 0xF)]
                    at += 1
                }
                return at
            }
        }
    }

    // MARK: Responses

    /// The 201 (record) / 200 (withdrawal) body, `{consentId, visitorId, recordedAt, expiresAt,
    /// choices:{essential:true,…}, catalogueVersion, gpcApplied, allowedCookies}`, serialised before the
    /// append except for the two times the log assigns, so the log's completion (on its writer
    /// thread) only formats two timestamps and joins bytes.
    struct RecordBody: Sendable {
        /// The consent id and the visitor id, written by `bytes(recordedAt:)` as they are when both are
        /// printable ASCII without `"` or `\` (always: a generated UUID and a validated `VisitorID`).
        private let consentID: String
        private let visitorID: String
        /// `{"consentId":"…","visitorId":"…"` encoded by `JSONWriter`, kept only when an id needs escaping.
        private let escapedHead: [UInt8]?
        /// `"choices":{…},"catalogueVersion":"…","gpcApplied":…,"allowedCookies":[…]}`.
        private let tail: [UInt8]
        /// The record's lifetime: `expiresAt - recordedAt`, in seconds.
        let lifetime: TimeInterval

        /// - Parameters:
        ///   - draft: What is appended (effective choices, GPC applied).
        ///   - allowedCookies: The `allowedCookies` array, already encoded (`ChoiceFragments.Entry.allowedCookies`
        ///     for the effective choices).
        ///   - lifetime: Seconds from `recordedAt` to `expiresAt` (the policy's TTL for this choice).
        init(_ draft: ConsentDraft, allowedCookies: [UInt8], lifetime: TimeInterval) {
            self.init(draft, tail: Self.tail(choices: draft.choices, catalogueVersion: draft.catalogueVersion,
                                             gpcApplied: draft.gpcApplied, allowedCookies: allowedCookies),
                      lifetime: lifetime)
        }

        /// - Parameters:
        ///   - draft: What is appended; only its consent and visitor ids are encoded here.
        ///   - tail: `tail(choices:catalogueVersion:gpcApplied:allowedCookies:)` for `draft` (e.g. from `RecordBodyTails`).
        ///   - lifetime: Seconds from `recordedAt` to `expiresAt`.
        init(_ draft: borrowing ConsentDraft, tail: [UInt8], lifetime: TimeInterval) {
            consentID = draft.consentID
            visitorID = draft.visitorID.rawValue
            // A `VisitorID` is `[A-Za-z0-9_-]` by construction; only the consent id is checked.
            if Self.isPlain(consentID) {
                escapedHead = nil
            } else {
                var json = JSONWriter(capacity: 96)
                json.beginObject()
                json.member("consentId", consentID)
                json.member("visitorId", visitorID)
                escapedHead = json.bytes
            }
            self.tail = tail
            self.lifetime = lifetime
        }

        /// Printable ASCII without `"` or `\`: what `JSONWriter` copies unchanged between quotes.
        private static func isPlain(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { bytes in
                for byte in bytes where byte < 0x20 || byte >= 0x7F || byte == 0x22 || byte == 0x5C { return false }
                return true
            }
        }

        /// Appends the UTF-8 bytes of `text` (one copy from its contiguous storage).
        private static func append(_ text: String, to out: inout [UInt8]) {
            var text = text
            text.withUTF8 { out.append(contentsOf: $0) }
        }

        /// `"choices":{…},"catalogueVersion":"…","gpcApplied":…,"allowedCookies":[…]}`: the part of the
        /// body after the times, which depends only on the arguments.
        static func tail(choices: ConsentChoices, catalogueVersion: String, gpcApplied: Bool, allowedCookies: [UInt8]) -> [UInt8] {
            var rest = JSONWriter(capacity: 128 + allowedCookies.count)
            rest.beginObject()
            rest.key("choices")
            writeChoices(choices, to: &rest)
            rest.member("catalogueVersion", catalogueVersion)
            rest.member("gpcApplied", gpcApplied)
            rest.key("allowedCookies")
            rest.encoded(allowedCookies)
            rest.endObject()
            return Array(rest.bytes.dropFirst())
        }

        /// The body for a record stamped `recordedAt`.
        func bytes(recordedAt: Date) -> [UInt8] {
            bytes(times: Self.times(recordedAt: recordedAt, lifetime: lifetime))
        }

        /// The body with its times already encoded: `times(recordedAt:lifetime:)` with this body's
        /// `lifetime` (e.g. from a `RecordTimesMemo`).
        func bytes(times: [UInt8]) -> [UInt8] {
            var out = head(times: times, reserving: tail.count)
            out.append(contentsOf: tail)
            return out
        }

        /// The body as two parts, `bytes(times:)` = `head + tail`: the ids and times, made per record,
        /// and the tail, shared with every body of the same choices (not copied).
        func parts(times: [UInt8]) -> (head: [UInt8], tail: [UInt8]) {
            (head(times: times, reserving: 0), tail)
        }

        /// `{"consentId":"…","visitorId":"…"` and `times`, with room for `extra` more bytes.
        private func head(times: [UInt8], reserving extra: Int) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(consentID.utf8.count + visitorID.utf8.count + times.count + extra + 32)
            if let escapedHead {
                out.append(contentsOf: escapedHead)
            } else {
                out.append(contentsOf: #"{"consentId":""#.utf8)
                Self.append(consentID, to: &out)
                out.append(contentsOf: #"","visitorId":""#.utf8)
                Self.append(visitorID, to: &out)
                out.append(UInt8(ascii: "\""))
            }
            out.append(contentsOf: times)
            return out
        }

        /// `,"recordedAt":"…","expiresAt":"…",`: the part of a body between the ids and the tail.
        /// - Parameter lifetime: Seconds from `recordedAt` to `expiresAt`.
        static func times(recordedAt: Date, lifetime: TimeInterval) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(80)
            out.append(contentsOf: #","recordedAt":""#.utf8)
            WireTimestamp.append(recordedAt, to: &out)
            out.append(contentsOf: #"","expiresAt":""#.utf8)
            WireTimestamp.append(recordedAt.addingTimeInterval(lifetime), to: &out)
            out.append(contentsOf: #"","#.utf8)
            return out
        }
    }

    /// The state body: `{visitorId, state, recordedAt?, expiresAt?, choices, catalogueVersion?,
    /// reconsentRequired, consentId?}`, plus `at` and `decision` for a point-in-time answer.
    static func stateBody(visitor: VisitorID, state: ConsentState, at: Date? = nil, decision: Decision? = nil) -> [UInt8] {
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.member("visitorId", visitor.rawValue)
        json.member("state", state.name)
        let snapshot = state.snapshot
        if let snapshot { json.member("recordedAt", WireTimestamp.format(snapshot.recordedAt)) }
        if let expiresAt = state.expiresAt { json.member("expiresAt", WireTimestamp.format(expiresAt)) }
        json.key("choices")
        writeChoices(state.effectiveChoices, to: &json)
        if let snapshot { json.member("catalogueVersion", snapshot.catalogueVersion) }
        json.key("reconsentRequired")
        writeStrings(state.reconsentRequired.map(\.rawValue), to: &json)
        if let snapshot { json.member("consentId", snapshot.consentID) }
        if let at { json.member("at", WireTimestamp.format(at)) }
        if let decision {
            json.key("decision")
            DecisionWire.write(decision, to: &json)
        }
        json.endObject()
        return json.bytes
    }

    /// `{essential:true, functionality, analytics, targeting}`.
    static func writeChoices(_ choices: ConsentChoices, to json: inout JSONWriter) {
        json.beginObject()
        json.member("essential", true)
        json.member("functionality", choices.functionality)
        json.member("analytics", choices.analytics)
        json.member("targeting", choices.targeting)
        json.endObject()
    }

    static func writeStrings(_ strings: [String], to json: inout JSONWriter) {
        json.beginArray()
        for string in strings { json.string(string) }
        json.endArray()
    }

    // MARK: Helpers

    /// `noticeVersion` / `source`: 1–64 Unicode scalars.
    private static func label(_ value: JSONValue?, at pointer: JSONPointer, fields: inout FieldValidator) -> String? {
        guard let text = fields.string(value, at: pointer, maxLength: Int.max) else { return nil }
        let length = text.unicodeScalars.count
        guard (1...maxLabelLength).contains(length) else {
            fields.record(pointer, "must be 1–\(maxLabelLength) characters")
            return nil
        }
        return text
    }

    /// `^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$` (the openapi pattern; a superset of BCP 47 shapes).
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy(isLetter) else { return false }
        for part in parts.dropFirst() {
            guard (1...8).contains(part.count), part.allSatisfy({ isLetter($0) || (0x30...0x39).contains($0) }) else { return false }
        }
        return true
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
}
