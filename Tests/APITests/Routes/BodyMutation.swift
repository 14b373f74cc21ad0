/// Random damage to a valid request body, for the fast readers' agreement tests: one to three
/// bytes dropped, doubled or replaced by one of `replacements`.
enum BodyMutation {
    static func mutate(_ original: [UInt8], replacements: [UInt8], rng: inout DecisionBodyWriterTests.SeededRandom) -> [UInt8] {
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
}
