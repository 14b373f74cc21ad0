/// Incremental decoder of a chunked request body (RFC 9112 §7.1), bounded by `maxBodyBytes`.
/// Feed it bytes as they arrive; it consumes what it can and appends data to `body`.
struct ChunkedBodyDecoder: Sendable, Equatable {
    /// Longest chunk-extension accepted, in bytes. Extensions are ignored.
    static let maxExtensionBytes = 1_024

    private enum State: Equatable, Sendable {
        case size(value: Int, digits: Int)
        case sizeWhitespace(value: Int)
        case sizeExtension(value: Int, length: Int)
        case sizeLF(value: Int)
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLine(length: Int)
        case trailerLF(lineWasEmpty: Bool)
        case done
    }

    private var state = State.size(value: 0, digits: 0)
    private var trailerBytes = 0
    let limits: HTTPLimits

    init(limits: HTTPLimits) { self.limits = limits }

    var isComplete: Bool { state == .done }

    /// Consumes bytes from `input`, appending decoded data to `body`.
    /// - Returns: Bytes consumed; stops right after the final CRLF (see `isComplete`).
    /// - Throws: `.invalidChunk` for bad sizes or framing, `.bodyTooLarge` past `limits.maxBodyBytes`,
    ///   `.headTooLarge` for oversized trailers.
    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into body: inout [UInt8]) throws(HTTPParseError) -> Int {
        var i = 0
        let n = input.count
        while i < n {
            let b = input[i]
            switch state {
            case .size(let value, let digits):
                if let digit = Self.hexValue(b) {
                    guard digits < 15 else { throw .invalidChunk("chunk size too long") }
                    state = .size(value: value << 4 | Int(digit), digits: digits + 1)
                } else {
                    guard digits > 0 else { throw .invalidChunk("chunk size is not hexadecimal") }
                    guard body.count + value <= limits.maxBodyBytes else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
                    switch b {
                    case HeaderSyntax.cr: state = .sizeLF(value: value)
                    case HeaderSyntax.space, HeaderSyntax.tab: state = .sizeWhitespace(value: value)
                    case UInt8(ascii: ";"): state = .sizeExtension(value: value, length: 0)
                    default: throw .invalidChunk("chunk size is not hexadecimal")
                    }
                }
                i += 1
            case .sizeWhitespace(let value):
                switch b {
                case HeaderSyntax.space, HeaderSyntax.tab: break
                case UInt8(ascii: ";"): state = .sizeExtension(value: value, length: 0)
                default: throw .invalidChunk("unexpected byte after chunk size")
                }
                i += 1
            case .sizeExtension(let value, let length):
                if b == HeaderSyntax.cr {
                    state = .sizeLF(value: value)
                } else {
                    guard HeaderSyntax.isFieldValueByte(b) else { throw .invalidChunk("control byte in chunk extension") }
                    guard length < Self.maxExtensionBytes else { throw .invalidChunk("chunk extension too long") }
                    state = .sizeExtension(value: value, length: length + 1)
                }
                i += 1
            case .sizeLF(let value):
                guard b == HeaderSyntax.lf else { throw .invalidChunk("chunk size line not ended by CRLF") }
                state = value == 0 ? .trailerLine(length: 0) : .data(remaining: value)
                i += 1
            case .data(let remaining):
                let take = min(remaining, n - i)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<(i + take)]))
                i += take
                state = remaining == take ? .dataCR : .data(remaining: remaining - take)
            case .dataCR:
                guard b == HeaderSyntax.cr else { throw .invalidChunk("chunk data not followed by CRLF") }
                state = .dataLF
                i += 1
            case .dataLF:
                guard b == HeaderSyntax.lf else { throw .invalidChunk("chunk data not followed by CRLF") }
                state = .size(value: 0, digits: 0)
                i += 1
            case .trailerLine(let length):
                trailerBytes += 1
                guard trailerBytes <= limits.maxHeadBytes else { throw .headTooLarge(limit: limits.maxHeadBytes) }
                if b == HeaderSyntax.cr {
                    state = .trailerLF(lineWasEmpty: length == 0)
                } else {
                    guard HeaderSyntax.isFieldValueByte(b) else { throw .invalidChunk("control byte in trailer") }
                    state = .trailerLine(length: length + 1)
                }
                i += 1
            case .trailerLF(let lineWasEmpty):
                guard b == HeaderSyntax.lf else { throw .invalidChunk("trailer line not ended by CRLF") }
                i += 1
                if lineWasEmpty {
                    state = .done
                    return i
                }
                state = .trailerLine(length: 0)
            case .done:
                return i
            }
        }
        return i
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }
}
