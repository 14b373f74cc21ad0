/// Random damage to a valid request body, for the fast readers' agreement tests: one to three
/// bytes dropped, doubled or replaced by one of `replacements`.
enum BodyMutation {
    private static func mutate(_ original: [UInt8], replacements: [UInt8], rng: inout DecisionBodyWriterTests.SeededRandom) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int(1 + rng.next() % 3) where !bytes.isEmpty {
            let at = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 3 {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(bytes[at], at: at)
            default: bytes[at] = replacements[Int(rng.next() % UInt64(replacements.count))]
            }
        }
        return bytes
    }

    /// `perBody` mutations of each of `bodies` in turn, from a generator seeded with `seed`.
    static func mutations(of bodies: [String], perBody: Int, replacements: [UInt8], seed: UInt64) -> [[UInt8]] {
        var rng = DecisionBodyWriterTests.SeededRandom(state: seed)
        return bodies.flatMap { body in
            let original = Array(body.utf8)
            return (0..<perBody).map { _ in mutate(original, replacements: replacements, rng: &rng) }
        }
    }
}
