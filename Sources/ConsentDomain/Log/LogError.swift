/// Everything the consent log can fail with.
public enum LogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Damage that is not a torn tail: a bad line, a broken chain, a sequence gap. The
    /// log refuses to start. `offset` is the byte offset of the damaged line in `segment`.
    case corrupt(segment: String, offset: Int, reason: String)
    /// The log is in the failed state (a write or sync failed earlier) or closed; appends
    /// are refused at once. Reads keep working.
    case unavailable(reason: String)
    /// The draft's line would exceed `LogOptions.maxLineBytes`; nothing was written.
    case recordTooLarge(bytes: Int, limit: Int)
    /// A syscall failed. `path` is the file or directory; `errno` the captured error code.
    case io(operation: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .corrupt(let segment, let offset, let reason):
            "log damaged in \(segment) at byte \(offset): \(reason)"
        case .unavailable(let reason):
            "log unavailable: \(reason)"
        case .recordTooLarge(let bytes, let limit):
            "record of \(bytes) bytes exceeds the \(limit)-byte line limit"
        case .io(let operation, let path, let code):
            "\(operation) \(path) failed: \(LogFile.describe(errno: code)) (errno \(code))"
        }
    }
}
