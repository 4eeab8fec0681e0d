/// One problem with one field. The same message appears in the error summary and beside the field,
/// word for word, as the GOV.UK error-summary pattern requires.
public struct FormError: Sendable, Equatable {
    public let field: String
    public let message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

public extension Array where Element == FormError {
    func message(for field: String) -> String? { first { $0.field == field }?.message }
}
