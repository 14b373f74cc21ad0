import ConsentDomain
import Foundation
import Testing
@testable import ConsentService

@Suite struct DecisionRequestReaderTests {
    static let limits = DecisionLimits()

    /// The generic path: strict parse, object check, `DecisionWire.request`; `nil` for any 4xx.
    static func generic(_ body: [UInt8], limits: DecisionLimits = limits) -> DecisionWire.Request? {
        guard let value = try? JSONParser(maxDepth: 32).parse(body), case .object = value else { return nil }
        return try? DecisionWire.request(value, limits: limits)
    }

    static func read(_ text: String, limits: DecisionLimits = limits) -> DecisionWire.Request? {
        DecisionRequestReader.read(Array(text.utf8), limits: limits)
    }

    /// Valid bodies in the reader's subset: the reader gives exactly the generic path's request.
    static let fastBodies = [
        #"{}"#,
        #"{"visitorId":"visitor-00000001","cookies":["_zendesk_session","_cf_bm","ajs_user_id","hc-7-preview","unknown_cookie"]}"#,
        " {\n\t\"cookies\" : [ \"a\" , \"b\" ] ,\r\n \"visitorId\":\"abcdefgh\" } \n",
        #"{"choices":{"essential":false,"functionality":true,"analytics":false,"targeting":true},"cookies":[]}"#,
        #"{"choices":{},"cookieHeader":"a=1; b=2","setCookies":["a=1; Path=/","garbage",""]}"#,
        #"{"cookies":["caf\#u{E9}","\#u{1F36A}","","<>","del\#u{7F}","/"]}"#,
        #"{"setCookies":[],"cookies":["x"],"cookieHeader":""}"#,
    ]

    /// Each fast body is read by the reader, and to the same request as the generic path.
    @Test(arguments: fastBodies) func fastBody_isReadAsTheGenericPathReadsIt(body: String) throws {
        let fast = try #require(Self.read(body))
        #expect(fast == Self.generic(Array(body.utf8)))
    }

    /// Bodies outside the subset or invalid are left to the generic path (`nil`): escapes, null,
    /// numbers, unknown, duplicate or escaped member names, both visitorId and choices, a bad visitor
    /// id, bounds exceeded, malformed JSON, invalid UTF-8, trailing data.
    @Test func bodiesOutsideTheSubset_areLeftToTheGenericPath() {
        let tooManyNames = "{\"cookies\":[" + (0...200).map { "\"c\($0)\"" }.joined(separator: ",") + "]}"
        let longName = "{\"cookies\":[\"" + String(repeating: "a", count: 4_097) + "\"]}"
        let longHeader = "{\"cookieHeader\":\"" + String(repeating: "a", count: 8_193) + "\"}"
        let tooManyLines = "{\"setCookies\":[" + (0...200).map { "\"c\($0)=1\"" }.joined(separator: ",") + "]}"
        let bodies = [
            #"{"cookies":["a\"b"]}"#, #"{"cookies":["\u0041"]}"#, #"{"visitorId":null}"#, #"{"cookies":[1]}"#,
            #"{"extra":true}"#, #"{"cookies":[],"cookies":[]}"#, #"{"cookie\u0073":[]}"#,
            #"{"visitorId":"abcdefgh","choices":{}}"#, #"{"visitorId":"short"}"#, #"{"visitorId":"has space1"}"#,
            #"{"choices":{"ads":true}}"#, #"{"choices":{"analytics":1}}"#, #"{"choices":{"analytics":true,"analytics":false}}"#,
            tooManyNames, longName, longHeader, tooManyLines,
            "", "[]", "{", #"{"cookies":["a"]"#, #"{"cookies":["a",]}"#, #"{,}"#, #"{"cookies":["a"]} x"#,
            "{\"cookies\":[\"tab\there\"]}", "\u{FEFF}{}",
        ]
        for body in bodies { #expect(Self.read(body) == nil, "\(body.prefix(60))") }
        #expect(DecisionRequestReader.read([0x7B, 0x22, 0x63, 0x6F, 0x6F, 0x6B, 0x69, 0x65, 0x73, 0x22, 0x3A, 0x5B, 0x22, 0xC3, 0x28,
                                            0x22, 0x5D, 0x7D], limits: Self.limits) == nil)  // {"cookies":["\xC3("]}
    }

    /// Limits are taken from the engine's `DecisionLimits`: at the bound is read, one over is not.
    @Test func limits_areTheEnginesLimits() {
        let limits = DecisionLimits(maxCookieNames: 2, maxCookieNameBytes: 3, maxSetCookieLines: 1, maxCookieHeaderBytes: 4)
        #expect(Self.read(#"{"cookies":["abc","de"],"setCookies":["x"],"cookieHeader":"a=bc"}"#, limits: limits) != nil)
        #expect(Self.read(#"{"cookies":["abc","de","f"]}"#, limits: limits) == nil)
        #expect(Self.read(#"{"cookies":["abcd"]}"#, limits: limits) == nil)
        #expect(Self.read(#"{"setCookies":["x","y"]}"#, limits: limits) == nil)
        #expect(Self.read(#"{"cookieHeader":"a=bcd"}"#, limits: limits) == nil)
    }

    /// Random mutations of valid bodies (bytes dropped, duplicated, replaced by JSON punctuation, quotes,
    /// backslashes, control or high bytes): whenever the reader accepts one, the generic path accepts it
    /// too with the same request; and the reader accepts a good share of them.
    @Test func mutatedBodies_neverDisagreeWithTheGenericPath() {
        let replacements: [UInt8] = Array(#"{}[],:" \0tfn1"#.utf8) + [0x5C, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xE9, 0xFF, 0x09, 0x0A]
        let mutated = BodyMutation.mutations(of: Self.fastBodies, perBody: 400, replacements: replacements, seed: 5)
        var accepted = 0
        for bytes in mutated {
            guard let fast = DecisionRequestReader.read(bytes, limits: Self.limits) else { continue }
            accepted += 1
            #expect(fast == Self.generic(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
        let tried = mutated.count
        #expect(tried == Self.fastBodies.count * 400)
        #expect(accepted > tried / 20)
    }
}
