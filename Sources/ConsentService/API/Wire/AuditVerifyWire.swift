import ConsentDomain

/// `VerifyReport` (`GET /v1/audit/verify`): the same facts `consent-service verify DIR` prints.
enum AuditVerifyWire {
    /// `{"intact":…,"records":…,"segments":…,"headHash":…,"lastSequence":…,"firstFault":null|{segment,offset,reason}}`.
    static func json(_ report: VerificationReport) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.member("intact", report.isIntact)
        json.member("records", report.records)
        json.member("segments", report.segments)
        json.member("headHash", report.headHash)
        json.key("lastSequence"); json.number(report.lastSequence)
        json.key("firstFault")
        if let fault = report.firstFault {
            json.beginObject()
            json.member("segment", fault.segment)
            json.member("offset", fault.offset)
            json.member("reason", fault.reason)
            json.endObject()
        } else {
            json.null()
        }
        json.endObject()
        return json.bytes
    }
}
