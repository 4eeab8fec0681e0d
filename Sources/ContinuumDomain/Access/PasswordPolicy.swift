/// SECURITY.md (OWASP ASVS 5.0 V6): at least 12 characters, no upper limit below 64, checked
/// against a deny-list of common passwords; no composition rules.
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// The most common passwords of 12+ characters in public breach corpora, and obvious variants.
    static let denyList: Set<String> = [
        "123456789012", "1234567890123", "12345678910", "111111111111", "000000000000", "123123123123",
        "password1234", "password12345", "passwordpassword", "qwertyuiop12", "qwertyuiopasdf", "qwerty123456",
        "1q2w3e4r5t6y", "1qaz2wsx3edc", "iloveyou1234", "letmein12345", "welcome12345", "welcome123456",
        "administrator", "administrator1", "changeme1234", "abcdefghijkl", "abc123456789", "aaaaaaaaaaaa",
        "football1234", "monkey123456", "sunshine1234", "princess1234", "password1!23", "p@ssw0rd1234",
        "trustno1trustno1", "correcthorsebatterystaple", "mypassword123", "password123!", "password2024",
        "password2025", "password2026", "passw0rd1234", "qwertyqwerty", "asdfghjkl123", "zxcvbnm12345",
        "superman1234", "baseball1234", "liverpool123", "chelsea12345", "arsenal12345", "manchester12",
        "worcestershire", "worcester123", "medway123456", "council12345", "teacher12345", "school123456",
    ]

    /// The problems with a candidate password, in words a person can act on; empty when acceptable.
    public static func problems(_ password: String, email: String? = nil) -> [String] {
        var problems: [String] = []
        if password.count < minimumLength {
            problems.append("Password must be \(minimumLength) characters or more")
        } else if password.count > maximumLength {
            problems.append("Password must be \(maximumLength) characters or fewer")
        }
        let folded = password.lowercased()
        if denyList.contains(folded) || Set(folded).count <= 2 {
            problems.append("Password is too common; choose a different one")
        } else if let email, let local = email.split(separator: "@").first, local.count >= 4, folded.contains(local.lowercased()) {
            problems.append("Password must not contain your email address")
        }
        return problems
    }
}
