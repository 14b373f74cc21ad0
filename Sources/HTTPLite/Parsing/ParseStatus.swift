/// The outcome of feeding bytes to an incremental parser: a value and the bytes it used,
/// or a request for more input (which is not an error).
enum ParseStatus<Value> {
    case complete(Value, consumed: Int)
    case needMoreBytes
}
