/// A parsed JSON value, so the catalogue loader can report each bad field precisely
/// (index, id, field, expected type) instead of the decoder's first coding-path failure.
enum CatalogueJSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([CatalogueJSONValue])
    case object([String: CatalogueJSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Most common shapes first: each failed attempt costs a thrown DecodingError.
        if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: CatalogueJSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode([CatalogueJSONValue].self) {
            self = .array(value)
        } else if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else {
            self = .number(try container.decode(Double.self))
        }
    }

    /// The JSON type name used in error messages ("string", "array", …).
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
