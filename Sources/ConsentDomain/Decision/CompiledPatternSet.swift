/// The catalogue's placeholder patterns compiled to byte-level wildcard programs in one
/// flat buffer, so a name is checked against all of them without allocation.
///
/// Matches exactly the names `CookieNamePattern.matches(_:)` does for UTF-8 names:
/// literals compare byte for byte and each placeholder stands for one or more characters
/// (compiled as "one byte, then any run"; a literal never starts with a UTF-8 continuation
/// byte, so a run cannot end inside a character and still match).
struct CompiledPatternSet: Sendable {
    /// `0...255`: that byte; `anyByte`: exactly one byte; `anyRun`: zero or more bytes.
    private let program: [Int16]
    /// Per pattern: the caller's entry index and its slice of `program`.
    private let patterns: [(entry: Int, start: Int, end: Int)]
    private static let anyByte: Int16 = -1
    private static let anyRun: Int16 = -2

    /// - Parameter patterns: `(entry index, pattern)` pairs; indices are reported back by `appendMatches`.
    init(_ patterns: [(entry: Int, pattern: CookieNamePattern)]) {
        var program: [Int16] = []
        var ranges: [(entry: Int, start: Int, end: Int)] = []
        for (entry, pattern) in patterns {
            let start = program.count
            for part in pattern.parts {
                switch part {
                case .literal(let text): program.append(contentsOf: text.utf8.map { Int16($0) })
                case .placeholder: program.append(contentsOf: [Self.anyByte, Self.anyRun])
                }
            }
            ranges.append((entry, start, program.count))
        }
        self.program = program
        self.patterns = ranges
    }

    var isEmpty: Bool { patterns.isEmpty }

    /// Appends the entry index of every pattern matching `name`, in pattern order.
    func appendMatches(of name: String, to indices: inout [Int]) {
        forEachMatch(of: name) { indices.append($0) }
    }

    /// Calls `body` with the entry index of every pattern matching `name`, in pattern order.
    func forEachMatch(of name: String, _ body: (Int) -> Void) {
        guard !patterns.isEmpty else { return }
        var name = name
        name.withUTF8 { bytes in
            program.withUnsafeBufferPointer { program in
                for pattern in patterns
                where Self.matches(bytes, program: UnsafeBufferPointer(rebasing: program[pattern.start..<pattern.end])) {
                    body(pattern.entry)
                }
            }
        }
    }

    /// Iterative wildcard matching with one backtracking point (the last `anyRun` seen):
    /// O(name × pattern) in the worst case, no recursion, no allocation.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, program: UnsafeBufferPointer<Int16>) -> Bool {
        var p = 0
        var n = 0
        var runP = -1
        var runN = 0
        while n < bytes.count {
            if p < program.count, program[p] == Int16(bytes[n]) || program[p] == anyByte {
                p += 1
                n += 1
            } else if p < program.count, program[p] == anyRun {
                runP = p
                runN = n
                p += 1
            } else if runP >= 0 {
                p = runP + 1
                runN += 1
                n = runN
            } else {
                return false
            }
        }
        while p < program.count, program[p] == anyRun { p += 1 }
        return p == program.count
    }
}
