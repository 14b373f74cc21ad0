import ConsentDomain

/// Renders a record as a consent receipt in the style of Kantara Consent Receipt v1.1 /
/// ISO/IEC TS 27560: receipt id (the consentId), timestamp (seconds since the epoch), collection
/// method (the record's `source`, else `api`), jurisdiction, controller and policy URL from
/// the configuration, and one purpose per category with whether consent was given.
struct ReceiptRenderer: Sendable {
    /// The receipt specification version written in `version`.
    static let version = "KI-CR-v1.1.0"
    /// The one service receipts name: the site's cookies.
    static let serviceName = "Cookies"

    /// `--jurisdiction` (empty when not configured).
    let jurisdiction: String
    /// `--controller` (empty when not configured).
    let controller: String
    /// `--policy-url` (empty when not configured).
    let policyURL: String
    /// Purpose names per category (the catalogue's category names; the id when the catalogue has none).
    let purposeNames: [CookieCategory: String]

    init(jurisdiction: String?, controller: String?, policyURL: String?, catalogue: Catalogue) {
        self.jurisdiction = jurisdiction ?? ""
        self.controller = controller ?? ""
        self.policyURL = policyURL ?? ""
        var names: [CookieCategory: String] = [:]
        for category in CookieCategory.allCases { names[category] = catalogue.info(for: category)?.name ?? category.rawValue }
        self.purposeNames = names
    }

    /// Appends one `ConsentReceipt` object.
    func append(_ stored: StoredRecord, into out: inout [UInt8]) {
        let record = stored.record
        var json = JSONWriter(capacity: 1_024)
        json.beginObject()
        json.member("version", Self.version)
        json.member("receiptId", record.consentID)
        json.member("timestamp", Int((record.recordedAt.timeIntervalSince1970).rounded(.down)))
        json.member("collectionMethod", record.draft.source ?? "api")
        json.member("jurisdiction", jurisdiction)
        json.key("language"); json.string(record.draft.locale)
        json.member("piiPrincipalId", record.visitorID.rawValue)
        json.key("piiControllers")
        json.beginArray()
        json.beginObject(); json.member("piiController", controller); json.endObject()
        json.endArray()
        json.member("policyUrl", policyURL)
        json.key("services")
        json.beginArray()
        json.beginObject()
        json.member("service", Self.serviceName)
        json.key("purposes")
        json.beginArray()
        for category in CookieCategory.allCases {
            json.beginObject()
            json.member("purpose", purposeNames[category] ?? category.rawValue)
            json.key("purposeCategory"); json.beginArray(); json.string(category.rawValue); json.endArray()
            // Essential cookies need no consent (ePrivacy Art. 5(3) exemption); the others are opt-in choices.
            json.member("consentType", category == .essential ? "NOT-REQUIRED" : "EXPLICIT")
            json.member("consentGiven", record.choices.allows(category))
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.endArray()
        json.member("sensitive", false)
        json.key("seq"); json.number(record.sequence)
        json.member("hash", stored.hash)
        json.endObject()
        out.append(contentsOf: json.bytes)
    }
}
