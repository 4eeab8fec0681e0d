/// CSV output that no spreadsheet will evaluate (OWASP ASVS 1.2.10): a cell starting with
/// = + - @, tab or carriage return, also after leading spaces or control characters, is prefixed
/// with an apostrophe; cells with commas, quotes or newlines are quoted.
public enum CSVCell {
    public static func escape(_ value: String) -> String {
        var cell = value
        let firstMeaningful = cell.unicodeScalars.first { !($0 == " " || ($0.value < 0x20 && $0 != "\t" && $0 != "\r")) }
        if let first = firstMeaningful, ["=", "+", "-", "@", "\t", "\r"].contains(Character(first)) || cell.hasPrefix("\t") || cell.hasPrefix("\r") {
            cell = "'" + cell
        }
        if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            cell = "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }
}
