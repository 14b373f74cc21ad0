import Testing
@testable import ConsentDomain

@Suite struct VisitorIDTests {
    /// The rule written out: 8–64 UTF-8 bytes, each of `A–Z a–z 0–9 _ -`.
    static func isValid(_ text: String) -> Bool {
        (8...64).contains(text.utf8.count)
            && text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// Ids at and around both length bounds, with every allowed class and with disallowed characters
    /// (space, dot, plus, slash, NUL, non-ASCII), are accepted exactly when the rule holds, keeping the text.
    @Test func acceptsExactlyTheRule() {
        let samples = ["", "abcdefg", "abcdefgh", "ABCD_-09", String(repeating: "a", count: 64), String(repeating: "a", count: 65),
                       "abcd efgh", "abcd.efgh", "abcd+efgh", "abcd/efgh", "abcd\u{0}efgh", "abcdéfgh", "visitor-00000001",
                       "\u{1F36A}abcdefgh"]
        for sample in samples {
            #expect((VisitorID(rawValue: sample) != nil) == Self.isValid(sample), "\(sample)")
            #expect(VisitorID(rawValue: sample).map(\.rawValue) ?? sample == sample)
        }
    }

    /// Random strings over allowed and disallowed characters of random lengths agree with the rule.
    @Test func randomStringsFollowTheRule() {
        var rng = SplitMix64(seed: 9)
        let alphabet = Array("aZ09_-. +/é\u{7F}")
        var accepted = 0
        for _ in 0..<2_000 {
            let length = Int(rng.next() % 70)
            let text = String((0..<length).map { _ in rng.next() % 4 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : "x" })
            let id = VisitorID(rawValue: text)
            #expect((id != nil) == Self.isValid(text), "\(text)")
            if id != nil { accepted += 1 }
        }
        #expect(accepted > 50)
    }
}
