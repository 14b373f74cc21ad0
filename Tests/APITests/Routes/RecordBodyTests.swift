import ConsentDomain
import Foundation
import Testing
@testable import ConsentService

@Suite struct RecordBodyTests {
    /// The body `JSONWriter` gives for the ids and times, followed by `tail`.
    static func expected(consentID: String, visitor: VisitorID, recordedAt: Date, lifetime: TimeInterval, tail: [UInt8]) -> [UInt8] {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.member("consentId", consentID)
        json.member("visitorId", visitor.rawValue)
        json.member("recordedAt", WireTimestamp.format(recordedAt))
        json.member("expiresAt", WireTimestamp.format(recordedAt.addingTimeInterval(lifetime)))
        return json.bytes + Array(",".utf8) + tail
    }

    /// The body is the JSON writer's encoding of the ids and times plus the tail, for generated ids and
    /// for consent ids that need escaping (quotes, backslashes, control and non-ASCII characters).
    @Test(arguments: ["3f1c9a52-7d4e-4b8a-9c01-23456789abcd", "c-1", "a\"b", "back\\slash", "tab\there", "caf\u{E9}\u{2028}", ""])
    func bytes_areTheWritersEncodingOfEveryMember(consentID: String) {
        let visitor = VisitorID(rawValue: "visitor_0001-x")!
        let draft = ConsentDraft(consentID: consentID, visitorID: visitor, action: .grant, choices: .all,
                                 catalogueVersion: "0123456789abcdef", categoryVersions: [:])
        let tail = ConsentWire.RecordBody.tail(choices: .all, catalogueVersion: "0123456789abcdef", gpcApplied: false,
                                               allowedCookies: Array("[]".utf8))
        let body = ConsentWire.RecordBody(draft, tail: tail, lifetime: 86_400 * 180)
        let recordedAt = Date(timeIntervalSince1970: 1_795_000_000.123)
        #expect(body.bytes(recordedAt: recordedAt)
            == Self.expected(consentID: consentID, visitor: visitor, recordedAt: recordedAt, lifetime: 86_400 * 180, tail: tail))
    }

    /// The memo answers exactly the directly encoded times for interleaved record times and lifetimes
    /// (group commits of mixed acceptances and refusals, more pairs than it keeps, times going back).
    @Test func timesMemo_givesTheDirectEncodingForEveryPair() {
        let lifetimes: [TimeInterval] = [86_400 * 180, 86_400 * 365, 0.5, 86_400 * 180, 7, 3, 86_400 * 365]
        let starts = [1_795_000_000.123, 1_795_000_000.124, 1_795_000_000.123, 4_102_444_800, 0]
        for start in starts {
            let recordedAt = Date(timeIntervalSince1970: start)
            for lifetime in lifetimes {
                #expect(RecordTimesMemo.times(recordedAt: recordedAt, lifetime: lifetime)
                    == ConsentWire.RecordBody.times(recordedAt: recordedAt, lifetime: lifetime))
            }
        }
    }

    /// A body joined from memoised times is the body stamped directly.
    @Test func bytesWithTimes_equalBytesStampedDirectly() {
        let draft = ConsentDraft(consentID: "3f1c9a52-7d4e-4b8a-9c01-23456789abcd", visitorID: VisitorID(rawValue: "abcdefgh")!,
                                 action: .grant, choices: .essentialOnly, catalogueVersion: "0123456789abcdef", categoryVersions: [:])
        let body = ConsentWire.RecordBody(draft, tail: Array("\"x\":1}".utf8), lifetime: 3_600)
        let recordedAt = Date(timeIntervalSince1970: 1_795_000_000.5)
        #expect(body.bytes(times: RecordTimesMemo.times(recordedAt: recordedAt, lifetime: body.lifetime)) == body.bytes(recordedAt: recordedAt))
    }
}
