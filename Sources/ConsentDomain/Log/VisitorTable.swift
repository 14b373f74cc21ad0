/// Visitor key → index slot: open addressing with linear probing over a power-of-two bucket
/// array. A bucket holds the high 32 bits of the key's hash and `slot + 1` (0 = empty), so a
/// probe reads the caller's keys only when those hash bits match, and growing needs no
/// rehashing. Hashes come from `Hasher` (seeded per process), so chosen ids cannot force
/// collisions. Removal is by `rebuild` (the retention sweep is rare).
struct VisitorTable {
    private var buckets: [UInt64] = []
    private(set) var count = 0

    /// The stored hash bits of `key`.
    @inline(__always)
    static func tag(of key: VisitorKey) -> UInt32 {
        UInt32(truncatingIfNeeded: UInt64(bitPattern: Int64(key.hashValue)) >> 32)
    }

    /// Makes room for `count` keys without growing, at most 3/4 full.
    mutating func reserve(_ count: Int) {
        var capacity = max(16, buckets.count)
        while count * 4 > capacity * 3 { capacity *= 2 }
        if capacity > buckets.count { resize(to: capacity) }
    }

    /// The slot of the key with hash bits `tag` for which `isKey` holds, if any.
    @inline(__always)
    func find(tag: UInt32, isKey: (Int32) -> Bool) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        var i = Int(tag) & mask
        while true {
            let bucket = buckets[i]
            if bucket == 0 { return nil }
            if UInt32(truncatingIfNeeded: bucket >> 32) == tag {
                let slot = Int32(truncatingIfNeeded: bucket & 0xFFFF_FFFF) - 1
                if isKey(slot) { return slot }
            }
            i = (i + 1) & mask
        }
    }

    /// Adds `slot` under hash bits `tag`; the caller knows its key is not in the table.
    mutating func insert(slot: Int32, tag: UInt32) {
        if (count + 1) * 4 > buckets.count * 3 { resize(to: max(16, buckets.count * 2)) }
        place(UInt64(tag) << 32 | UInt64(UInt32(slot) + 1))
        count += 1
    }

    /// Empties the table and adds `slots` with their hash bits (after removals).
    mutating func rebuild(_ slots: [(slot: Int32, tag: UInt32)]) {
        buckets = []
        count = 0
        reserve(slots.count)
        for (slot, tag) in slots { insert(slot: slot, tag: tag) }
    }

    private mutating func place(_ bucket: UInt64) {
        let mask = buckets.count - 1
        var i = Int(UInt32(truncatingIfNeeded: bucket >> 32)) & mask
        while buckets[i] != 0 { i = (i + 1) & mask }
        buckets[i] = bucket
    }

    private mutating func resize(to capacity: Int) {
        let old = buckets
        buckets = [UInt64](repeating: 0, count: capacity)
        for bucket in old where bucket != 0 { place(bucket) }
    }
}
