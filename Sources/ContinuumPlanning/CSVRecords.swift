import Foundation

/// One CSV record and the physical line it starts on (1-based), for line-numbered errors.
struct CSVRecord: Equatable {
    var line: Int
    var fields: [String]
}

/// A strict RFC 4180 reader: comma separated, fields optionally in double quotes with `""` for a
/// quote, LF or CRLF line ends. Anything ambiguous is an error naming the line rather than a guess,
/// because a mis-split row would silently put a child in the wrong place.
enum CSVRecords {
    /// Reads every non-blank record. Unquoted fields are trimmed of spaces and tabs; a UTF-8 byte
    /// order mark at the start is ignored (spreadsheet exports add one).
    static func parse(_ text: String, file: String) throws(PlanningError) -> [CSVRecord] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = 0
        var fieldWasQuoted = false
        var recordHasContent = false

        func finishField() {
            if fieldWasQuoted {
                fields.append(String(decoding: field, as: UTF8.self))
            } else {
                fields.append(String(decoding: field, as: UTF8.self).trimmingCharacters(in: .init(charactersIn: " \t")))
            }
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func finishRecord() {
            finishField()
            let blank = !recordHasContent && fields.allSatisfy { $0.isEmpty }
            if !blank { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
            recordHasContent = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) && !fieldWasQuoted else {
                    throw .malformedInput(file: file, line: line,
                                          reason: "a quote mark inside an unquoted field; put the whole field in double quotes and double any quote inside it")
                }
                field.removeAll()
                fieldWasQuoted = true
                recordHasContent = true
                let openedOn = line
                index += 1
                var closed = false
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                            field.append(inner)
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    if inner == UInt8(ascii: "\n") { line += 1 }
                    field.append(inner)
                    index += 1
                }
                guard closed else {
                    throw .malformedInput(file: file, line: openedOn, reason: "a quoted field is never closed")
                }
                // After a closing quote only a comma, a line end or the end of the file may follow.
                while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
                if index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[index]) {
                    throw .malformedInput(file: file, line: line, reason: "text after a closing quote mark; put the whole field in double quotes")
                }
                continue
            case UInt8(ascii: ","):
                finishField()
                recordHasContent = true
            case UInt8(ascii: "\r"):
                finishRecord()
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                line += 1
                recordLine = line
            case UInt8(ascii: "\n"):
                finishRecord()
                line += 1
                recordLine = line
            default:
                if fieldWasQuoted {
                    throw .malformedInput(file: file, line: line, reason: "text after a closing quote mark; put the whole field in double quotes")
                }
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { finishRecord() }
        return records
    }
}
