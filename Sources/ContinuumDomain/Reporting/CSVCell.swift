/// CSV output that no spreadsheet will evaluate (OWASP ASVS 1.2.10): a cell starting with
/// = + - @, tab or carriage return, also after leading spaces or control characters, is prefixed
/// with an apostrophe. Quoting follows RFC 4180 section 2: a field containing a comma, a double quote,
/// CR or LF is enclosed whole in double quotes, and each quote inside is doubled.
public enum CSVCell {
    public static func escape(_ value: String) -> String {
        // Most cells (dates, codes, names) need nothing: no control character, comma or quote anywhere, and a first
        // character that is neither a space nor a formula's. One pass over the UTF-8 bytes returns them as they are;
        // a county's NCCIS return has 600,000 cells (bench/post16).
        func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            if let first = bytes.first, first == 0x20 || first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 { return false } // space = + - @
            for byte in bytes where byte < 0x20 || byte == 0x2C || byte == 0x22 { return false } // control, comma, quote
            return true
        }
        var copy = value
        if copy.withUTF8(isPlain) { return value }
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
