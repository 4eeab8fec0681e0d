/// CSV output that no spreadsheet will evaluate (OWASP ASVS 1.2.10): a cell starting with
/// = + - @, tab or carriage return, also after leading spaces or control characters, is prefixed
/// with an apostrophe. Quoting follows RFC 4180 section 2: a field containing a comma, a double quote,
/// CR or LF is enclosed whole in double quotes, and each quote inside is doubled.
public enum CSVCell {
    public static func escape(_ value: String) -> String {
        // Unicode scalars, not Characters: "\r\n" is one Character and equals neither "\r" nor "\n".
        var scalars = Array(value.unicodeScalars)
        let firstMeaningful = scalars.first { !($0 == " " || ($0.value < 0x20 && $0 != "\t" && $0 != "\r")) }
        if let first = firstMeaningful, "=+-@\t\r".unicodeScalars.contains(first) {
            scalars.insert("'", at: 0)
        }
        guard scalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return String(String.UnicodeScalarView(scalars))
        }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in scalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        return String(quoted)
    }
}
