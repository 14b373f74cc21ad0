/// Why the command line or environment could not be turned into a configuration.
/// Every case becomes exit status 64 (`EX_USAGE`) with `message` on stderr.
enum ConfigurationError: Error, Equatable, Sendable {
    /// `source` (a flag such as `--port` or a variable such as `CONSENT_PORT`) had a value that is not `expected`.
    /// Secret values (tokens) are carried as `<redacted>`.
    case invalidValue(source: String, value: String, expected: String)
    /// `flag` was given without a value.
    case missingValue(flag: String)
    /// An option no command knows.
    case unknownOption(String)
    /// A positional argument where none (or no more) is expected.
    case unexpectedArgument(String)
    /// `command` needs a positional argument described by `expected`.
    case missingArgument(command: String, expected: String)
    /// A file named by `source` could not be read.
    case unreadableFile(source: String, path: String)

    /// One line for stderr naming the flag, the value and what was expected.
    var message: String {
        switch self {
        case .invalidValue(let source, let value, let expected):
            "invalid value \"\(value)\" for \(source): expected \(expected)"
        case .missingValue(let flag):
            "missing value for \(flag)"
        case .unknownOption(let option):
            "unknown option \(option) (see --help)"
        case .unexpectedArgument(let argument):
            "unexpected argument \"\(argument)\" (see --help)"
        case .missingArgument(let command, let expected):
            "\(command) needs \(expected)"
        case .unreadableFile(let source, let path):
            "cannot read \(path) given by \(source)"
        }
    }
}
