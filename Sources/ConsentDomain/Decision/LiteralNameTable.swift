/// An open-addressing hash table from the catalogue's literal cookie names to dense indices,
/// looked up on the name's UTF-8 bytes with FNV-1a: cheaper per lookup than `Dictionary<String, _>`
/// (SipHash, `String` comparison), which matters when every decision looks up every asked name.
///
/// Answers exactly as a `Dictionary<String, Int>` lookup would, `String` equality (canonical
/// equivalence) included: bytes are compared only when both sides are ASCII, where equality is byte
/// equality; a non-ASCII probe, or any non-ASCII name in the table, goes through the dictionary
/// (e.g. U+212A KELVIN SIGN equals "K" as a `String`). Built once per catalogue; ASCII lookups
/// allocate nothing.
struct LiteralNameTable: Sendable {
    /// Every name by position, for non-ASCII lookups.
    private let byString: [String: Int]
    /// Whether every name is ASCII (else every lookup uses `byString`).
    private let isASCII: Bool
    /// The names' bytes, back to back.
    private let bytes: [UInt8]
    /// Per name: its slice of `bytes`.
    private let ranges: [Range<Int>]
    /// Per slot: an index into `ranges`, or -1 for an empty slot. The count is a power of two,
    /// at least twice the number of names, so probing always reaches an empty slot.
    private let slots: [Int32]

    /// - Parameter names: Distinct names; `index(of:)` answers positions in this array.
    init(_ names: [String]) {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var size = 8
        while size < names.count * 2 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (index, name) in names.enumerated() {
            let start = bytes.count
            bytes.append(contentsOf: name.utf8)
            ranges.append(start..<bytes.count)
            var slot = Self.hash(bytes[start...]) & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index)
        }
        self.bytes = bytes
        self.ranges = ranges
        self.slots = slots
        isASCII = bytes.allSatisfy { $0 < 0x80 }
        byString = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The position of `name` among the names the table was built with, or `nil`.
    func index(of name: String) -> Int? {
        guard isASCII else { return byString[name] }
        var name = name
        let lookup = name.withUTF8 { probe in
            bytes.withUnsafeBufferPointer { all -> Lookup in
                let mask = slots.count - 1
                var hash: UInt64 = Self.offsetBasis
                var high: UInt8 = 0
                for byte in probe {
                    hash = (hash ^ UInt64(byte)) &* Self.prime
                    high |= byte
                }
                guard high < 0x80 else { return .notASCII }
                var slot = Self.fold(hash) & mask
                while true {
                    let entry = Int(slots[slot])
                    guard entry >= 0 else { return .absent }
                    let range = ranges[entry]
                    if range.count == probe.count, UnsafeBufferPointer(rebasing: all[range]).elementsEqual(probe) {
                        return .found(entry)
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        switch lookup {
        case .found(let index): return index
        case .absent: return nil
        case .notASCII: return byString[name]  // canonical equivalence may apply: the dictionary decides
        }
    }

    private enum Lookup { case found(Int), absent, notASCII }

    private static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// 64-bit FNV-1a.
    private static func hash<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var hash = offsetBasis
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return fold(hash)
    }

    /// A 64-bit hash folded to a non-negative `Int`.
    private static func fold(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash ^ (hash >> 32)) & 0x7FFF_FFFF)
    }
}
