import ConsentDomain
import Foundation
import Testing
@testable import ConsentService

@Suite struct ConsentRequestReaderTests {
    static let knownVersions: Set<String> = ["0123456789abcdef", "fedcba9876543210"]

    /// The generic path: strict parse, object check, `ConsentWire.request`; `nil` for any 4xx.
    static func generic(_ body: [UInt8]) -> ConsentWire.Request? {
        guard let value = try? JSONParser(maxDepth: 32).parse(body), case .object = value else { return nil }
        return try? ConsentWire.request(value) { knownVersions.contains($0) }
    }

    static func read(_ bytes: [UInt8]) -> ConsentWire.Request? {
        ConsentRequestReader.read(bytes) { knownVersions.contains($0) }
    }

    static func read(_ text: String) -> ConsentWire.Request? { read(Array(text.utf8)) }

    /// Valid bodies in the reader's subset: the reader gives exactly the generic path's request.
    static let fastBodies = [
        #"{"choices":{}}"#,
        #"{"visitorId":"visitor-00000001","choices":{"essential":true,"functionality":true,"analytics":false,"targeting":true},"catalogueVersion":"0123456789abcdef","noticeVersion":"2026-05","locale":"de-DE","source":"banner"}"#,
        " {\n\t\"choices\" : { \"analytics\" : true } ,\r\n \"visitorId\":\"abcdefgh\" } \n",
        #"{"source":"caf\#u{E9} \#u{1F36A}","noticeVersion":"<v1/>","choices":{"targeting":false},"locale":"en"}"#,
        #"{"choices":{"essential":false},"catalogueVersion":"fedcba9876543210","locale":"zh-Hant-TW"}"#,
        "{\"choices\":{},\"source\":\"" + String(repeating: "\u{E9}", count: 64) + "\",\"noticeVersion\":\""
            + String(repeating: "n", count: 64) + "\"}",
    ]

    /// Each fast body is read by the reader, and to the same request as the generic path.
    @Test(arguments: fastBodies) func fastBody_isReadAsTheGenericPathReadsIt(body: String) throws {
        let fast = try #require(Self.read(body))
        #expect(fast == Self.generic(Array(body.utf8)))
    }

    /// Random valid bodies with every combination of the optional members and choice members, in
    /// random order with random whitespace: the reader reads each, to the generic path's request.
    @Test func randomValidBodies_areReadAsTheGenericPathReadsThem() throws {
        var rng = DecisionBodyWriterTests.SeededRandom(state: 11)
        let whitespace = ["", " ", "\n", "\t", "\r\n  "]
        func space() -> String { whitespace[Int(rng.next() % UInt64(whitespace.count))] }
        let labels = ["v1", "banner", "caf\u{E9}", "\u{1F36A}x", "a b/c", String(repeating: "z", count: 64), "~"]
        let locales = ["en", "de-DE", "sr-Latn-RS", "abcdefgh-12345678"]
        let visitors = ["abcdefgh", "visitor_0000-0001", String(repeating: "Z", count: 64)]
        var read = 0
        for combination in 0..<(1 << 9) {
            var choiceMembers: [String] = []
            for (bit, name) in ["essential", "functionality", "analytics", "targeting"].enumerated() where combination & (1 << bit) != 0 {
                choiceMembers.append("\"\(name)\"\(space()):\(space())\(rng.next() % 2 == 0)")
            }
            var members = ["\"choices\"\(space()):\(space()){\(space())\(choiceMembers.shuffled(using: &rng).joined(separator: ",\(space())"))\(space())}"]
            if combination & 16 != 0 { members.append("\"visitorId\":\"\(visitors[Int(rng.next() % 3)])\"") }
            if combination & 32 != 0 { members.append("\"catalogueVersion\":\"\(Self.knownVersions.sorted()[Int(rng.next() % 2)])\"") }
            if combination & 64 != 0 { members.append("\"noticeVersion\":\(space())\"\(labels[Int(rng.next() % UInt64(labels.count))])\"") }
            if combination & 128 != 0 { members.append("\"source\":\"\(labels[Int(rng.next() % UInt64(labels.count))])\"\(space())") }
            if combination & 256 != 0 { members.append("\"locale\":\"\(locales[Int(rng.next() % UInt64(locales.count))])\"") }
            let body = space() + "{" + space() + members.shuffled(using: &rng).joined(separator: space() + "," + space()) + "}" + space()
            let fast = try #require(Self.read(body), "\(body)")
            let generic = try #require(Self.generic(Array(body.utf8)))
            #expect(fast == generic, "\(body)")
            read += 1
        }
        #expect(read == 512)
    }

    /// Bodies outside the subset or invalid are left to the generic path (`nil`): escapes, null, numbers,
    /// unknown, duplicate or escaped member names, no `choices`, a bad visitor id, an unknown or malformed
    /// catalogue version, labels empty or too long, a bad or long locale, malformed JSON, invalid UTF-8,
    /// trailing data.
    @Test func bodiesOutsideTheSubset_areLeftToTheGenericPath() {
        let longLabel = "{\"choices\":{},\"source\":\"" + String(repeating: "\u{E9}", count: 65) + "\"}"
        let longASCIILabel = "{\"choices\":{},\"noticeVersion\":\"" + String(repeating: "n", count: 65) + "\"}"
        let bodies = [
            #"{"choices":{},"source":"a\"b"}"#, #"{"choices":{},"source":"\u0041"}"#, #"{"choices":{},"visitorId":null}"#,
            #"{"choices":null}"#, #"{"choices":{"analytics":1}}"#, #"{"choices":{"ads":true}}"#,
            #"{"choices":{"analytics":true,"analytics":false}}"#, #"{"choices":{},"extra":true}"#,
            #"{"choices":{},"choices":{}}"#, #"{"choice\u0073":{}}"#, #"{}"#, #"{"visitorId":"abcdefgh"}"#,
            #"{"choices":{},"visitorId":"short"}"#, #"{"choices":{},"visitorId":"has space1"}"#,
            #"{"choices":{},"catalogueVersion":"0000000000000000"}"#, #"{"choices":{},"catalogueVersion":"0123456789ABCDEF"}"#,
            #"{"choices":{},"catalogueVersion":"0123456789abcdef0"}"#, #"{"choices":{},"source":""}"#,
            #"{"choices":{},"noticeVersion":""}"#, longLabel, longASCIILabel,
            #"{"choices":{},"locale":"e"}"#, #"{"choices":{},"locale":"en_GB"}"#, #"{"choices":{},"locale":"en-"}"#,
            #"{"choices":{},"locale":"abcdefgh-12345678-abcdefgh-1234-5678"}"#, #"{"choices":{},"locale":"\#u{E9}n"}"#,
            "", "[]", "{", #"{"choices":{}"#, #"{"choices":{},}"#, #"{,}"#, #"{"choices":{}} x"#,
            "{\"choices\":{},\"source\":\"tab\there\"}", "\u{FEFF}{\"choices\":{}}", #"{"choices":{}}{}"#,
        ]
        for body in bodies { #expect(Self.read(body) == nil, "\(body.prefix(60))") }
        // {"choices":{},"source":"\xC3("}
        #expect(Self.read(Array(#"{"choices":{},"source":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)) == nil)
    }

    /// `isKnownVersion` is asked once, after the body was read, and never for a body outside the subset.
    @Test func isKnownVersion_isAskedOnceForAReadBody() {
        var asked: [String] = []
        let body = Array(#"{"catalogueVersion":"0123456789abcdef","choices":{}}"#.utf8)
        #expect(ConsentRequestReader.read(body) { asked.append($0); return true } != nil)
        #expect(asked == ["0123456789abcdef"])
        asked = []
        let outside = Array(#"{"catalogueVersion":"0123456789abcdef","choices":{},"extra":1}"#.utf8)
        #expect(ConsentRequestReader.read(outside) { asked.append($0); return true } == nil)
        #expect(asked.isEmpty)
    }

    /// Random mutations of valid bodies (bytes dropped, duplicated, replaced by JSON punctuation, quotes,
    /// backslashes, control or high bytes): whenever the reader accepts one, the generic path accepts it
    /// too with the same request; and the reader accepts a good share of them.
    @Test func mutatedBodies_neverDisagreeWithTheGenericPath() {
        let replacements: [UInt8] = Array(#"{}[],:" \0tfn1-a"#.utf8) + [0x5C, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xE9, 0xFF, 0x09, 0x0A]
        let mutated = BodyMutation.mutations(of: Self.fastBodies, perBody: 400, replacements: replacements, seed: 7)
        var accepted = 0
        for bytes in mutated {
            guard let fast = Self.read(bytes) else { continue }
            accepted += 1
            #expect(fast == Self.generic(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
        let tried = mutated.count
        #expect(tried == Self.fastBodies.count * 400)
        #expect(accepted > tried / 20)
    }
}
