/// What a command printed and its exit status, so commands can be tested without a process.
public struct CLIResult: Sendable, Equatable {
    public var stdout: String
    public var stderr: String
    public var status: Int32

    public static func ok(_ out: String) -> CLIResult { CLIResult(stdout: out, stderr: "", status: 0) }
    /// Bad arguments: one line on standard error, exit status 2.
    public static func usage(_ message: String) -> CLIResult { CLIResult(stdout: "", stderr: message, status: 2) }
    public static func failure(_ message: String, out: String = "") -> CLIResult { CLIResult(stdout: out, stderr: message, status: 1) }
}

/// Minimal JSON writing for one-line command output, with keys in the order given.
enum JSONLine {
    enum Value { case string(String), int(Int), bool(Bool), null }

    static func object(_ pairs: [(String, Value)]) -> String {
        "{" + pairs.map { "\(quote($0.0)):\(render($0.1))" }.joined(separator: ",") + "}"
    }

    static func render(_ value: Value) -> String {
        switch value {
        case .string(let s): quote(s)
        case .int(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// `--name value` options after a subcommand; unknown or repeated options are errors, not ignored.
struct CLIOptions {
    private(set) var values: [String: String] = [:]
    private(set) var positional: [String] = []

    init(_ args: ArraySlice<String>, allowed: Set<String>, flags: Set<String> = []) throws(CLIResult) {
        var index = args.startIndex
        while index < args.endIndex {
            let arg = args[index]
            if arg.hasPrefix("--") {
                let name = String(arg.dropFirst(2))
                if flags.contains(name) { values[name] = "true"; index += 1; continue }
                guard allowed.contains(name) else { throw .usage("unknown option \(arg)") }
                guard values[name] == nil else { throw .usage("\(arg) given twice") }
                guard index + 1 < args.endIndex else { throw .usage("\(arg) needs a value") }
                values[name] = args[index + 1]
                index += 2
            } else {
                positional.append(arg)
                index += 1
            }
        }
    }

    func required(_ name: String) throws(CLIResult) -> String {
        guard let value = values[name], !value.isEmpty else { throw .usage("--\(name) is required") }
        return value
    }
}
extension CLIResult: Error {}
