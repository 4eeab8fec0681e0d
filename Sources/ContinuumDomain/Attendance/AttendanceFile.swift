import Foundation

/// Reads and writes the attendance files of issue 4: CSV with the header
/// `upn,urn,date,session,code`, one row per pupil, school and session.
///
/// Reading is all or nothing, because issue 4 rejects a file whole when any
/// row is malformed: it returns every mark, or throws every problem with its
/// line number. It walks the UTF-8 bytes once and makes no `String` for a
/// good row (UPNs are checked on bytes, codes become one-byte ids), because a
/// day's feed for a county is about 200,000 rows and a year's backfill is
/// tens of millions.
// Issue 4 item 1: header, field formats, and "a file with any malformed row … is rejected whole: every bad line is reported".
public enum AttendanceFile {
    public static let header = "upn,urn,date,session,code"
    /// The longest line read: a row is under 50 bytes even quoted; anything longer is not a row.
    public static let maximumLineBytes = 1_000

    // MARK: - Reading

    /// Every mark in the file, in file order (so a later row for the same
    /// session, applied after an earlier one, is the correction).
    ///
    /// Lines are physical lines, the header is line 1. A UTF-8 byte-order mark
    /// and CRLF line endings are accepted, because spreadsheets write them;
    /// empty lines are skipped because they carry no mark; fields may be
    /// quoted (RFC 4180) but may not span lines.
    public static func parse(_ data: Data) throws(AttendanceFileRejection) -> [AttendanceMark] {
        let result = data.withUnsafeBytes { raw in
            raw.withMemoryRebound(to: UInt8.self) { parse(buffer: $0) }
        }
        return try result.get()
    }

    /// As `parse(_:)` for bytes already in memory.
    public static func parse(_ bytes: [UInt8]) throws(AttendanceFileRejection) -> [AttendanceMark] {
        try bytes.withUnsafeBufferPointer { parse(buffer: $0) }.get()
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
    private static let headerBytes = Array(header.utf8)

    /// `fastPath: false` is for tests, which check both paths agree.
    static func parse(buffer: UnsafeBufferPointer<UInt8>,
                      fastPath: Bool = true) -> Result<[AttendanceMark], AttendanceFileRejection> {
        var marks: [AttendanceMark] = []
        // Issue 13 item 6: at most 1,000 messages are made; the rest are counted.
        var problems = ProblemCollector<AttendanceFileProblem>()
        // About 38 bytes a row; reserving avoids regrowing a 200,000-element array.
        marks.reserveCapacity(buffer.count / 36 + 1)
        let end = buffer.count
        var position = 0
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        let tables = AttendanceParseTables.shared
        // Seeded with a real date, so that no unseen bytes can match it.
        var dateCache: DateCache = Array("1970-01-01".utf8).withUnsafeBytes {
            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt16.self), 0)
        }
        var line = 0
        while position < end || line == 0 {
            line += 1
            let lineStart = position
            var lineEnd = end
            if position < end, let base = buffer.baseAddress,
               let found = memchr(base + position, Int32(lf), end - position) {
                lineEnd = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            }
            position = lineEnd == end ? end : lineEnd + 1
            if lineEnd > lineStart, buffer[lineEnd - 1] == cr { lineEnd -= 1 }
            let text = UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd])
            // Issue 13 item 6: a row is under 50 bytes; a 50 MB "line" is refused unread, not split or copied.
            if text.count > maximumLineBytes {
                problems.add(AttendanceFileProblem(line: line, reason: "the line is \(text.count) bytes long; a row is at most \(maximumLineBytes) \(got(text))"))
                continue
            }
            if line == 1 {
                if !text.elementsEqual(headerBytes) {
                    problems.add(AttendanceFileProblem(
                        line: 1, reason: "the header must be exactly \"\(header)\" \(got(text))"))
                }
                continue
            }
            if text.isEmpty { continue }
            if fastPath, let mark = fastRow(text, tables: tables, dateCache: &dateCache) {
                if problems.isEmpty { marks.append(mark) }
                continue
            }
            parseRow(text, line: line, marks: &marks, problems: &problems)
        }
        return problems.isEmpty ? .success(marks) : .failure(AttendanceFileRejection(problems: problems.kept, more: problems.more))
    }

    /// The last date's 10 bytes and day number: rows of a register share few dates.
    private typealias DateCache = (key: UInt64, tail: UInt16, dayNumber: Int32)

    /// The mark of a row already in canonical form (unquoted, 13-character
    /// upper-case UPN, every field valid), or nil to send the row to the
    /// general path, which then decides and explains. Nil is never a verdict,
    /// so this may only accept rows the general path would accept; it exists
    /// because almost every row is canonical and finding fields by position
    /// avoids scanning each byte for commas and quotes.
    @inline(__always)
    private static func fastRow(_ text: UnsafeBufferPointer<UInt8>, tables: AttendanceParseTables,
                                dateCache: inout DateCache) -> AttendanceMark? {
        let count = text.count
        // upn(13),urn(1–10),date(10),session(2),code(1–2): at least 30 bytes.
        guard count >= 30, text[13] == comma, let base = text.baseAddress else { return nil }
        var index = 14
        var urn = 0
        while index < count, text[index] != comma {
            let digit = text[index] &- 48
            guard digit <= 9, index < 24 else { return nil }
            urn = urn * 10 + Int(digit)
            index += 1
        }
        guard index > 14, urn > 0, urn <= Int(Int32.max) else { return nil }
        let dateStart = index + 1
        let codeStart = dateStart + 14
        guard codeStart < count, count - codeStart <= 2,
              text[dateStart + 10] == comma, text[dateStart + 13] == comma,
              text[dateStart + 12] == UInt8(ascii: "M") else { return nil }
        let session: AttendanceSession
        switch text[dateStart + 11] {
        case UInt8(ascii: "A"): session = .am
        case UInt8(ascii: "P"): session = .pm
        default: return nil
        }
        var column = 0
        if count - codeStart == 2 {
            let digit = text[codeStart + 1] &- 48
            guard digit <= 9 else { return nil }
            column = Int(digit) + 1
        }
        let codeID = tables.codeIDs[Int(text[codeStart]) * 11 + column]
        guard codeID != 0 else { return nil }
        let raw = UnsafeRawPointer(base + dateStart)
        let key = raw.loadUnaligned(as: UInt64.self)
        let tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        let dayNumber: Int32
        if key == dateCache.key, tail == dateCache.tail {
            dayNumber = dateCache.dayNumber
        } else {
            guard let parsed = parseDate(UnsafeBufferPointer(rebasing: text[dateStart..<(dateStart + 10)])) else { return nil }
            dateCache = (key, tail, parsed)
            dayNumber = parsed
        }
        guard let upn = PackedUPN.validatedFast(UnsafeBufferPointer(rebasing: text[0..<13]), tables: tables) else {
            return nil
        }
        return AttendanceMark(upn: upn, urn: Int32(urn), dayNumber: dayNumber, session: session,
                              code: AttendanceCode(checkedID: codeID))
    }

    /// Splits on commas; a quote anywhere sends the line to the slower RFC 4180 path.
    @inline(__always)
    private static func parseRow(_ text: UnsafeBufferPointer<UInt8>, line: Int,
                                 marks: inout [AttendanceMark], problems: inout ProblemCollector<AttendanceFileProblem>) {
        var c0 = 0, c1 = 0, c2 = 0, c3 = 0, commas = 0
        for index in 0..<text.count {
            let byte = text[index]
            if byte == comma {
                switch commas {
                case 0: c0 = index
                case 1: c1 = index
                case 2: c2 = index
                case 3: c3 = index
                default: break
                }
                commas += 1
            } else if byte == quote {
                parseQuotedRow(text, line: line, marks: &marks, problems: &problems)
                return
            }
        }
        guard commas == 4 else {
            problems.add(fieldCountProblem(found: commas + 1, line: line))
            return
        }
        func field(_ from: Int, _ to: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: text[from..<to])
        }
        checkFields(field(0, c0), field(c0 + 1, c1), field(c1 + 1, c2), field(c2 + 1, c3), field(c3 + 1, text.count),
                    line: line, marks: &marks, problems: &problems)
    }

    private static func parseQuotedRow(_ text: UnsafeBufferPointer<UInt8>, line: Int,
                                       marks: inout [AttendanceMark], problems: inout ProblemCollector<AttendanceFileProblem>) {
        var storage: [UInt8] = []
        var ranges: [Range<Int>] = []
        var index = 0
        let count = text.count
        while true {
            let start = storage.count
            if index < count, text[index] == quote {
                index += 1
                var closed = false
                while index < count {
                    let byte = text[index]
                    index += 1
                    if byte == quote {
                        if index < count, text[index] == quote {
                            storage.append(quote)
                            index += 1
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        storage.append(byte)
                    }
                }
                guard closed else {
                    problems.add(AttendanceFileProblem(
                        line: line, reason: "a quoted field is not closed on this line (fields may not span lines)"))
                    return
                }
                ranges.append(start..<storage.count)
                if index == count { break }
                guard text[index] == comma else {
                    problems.add(AttendanceFileProblem(
                        line: line, reason: "a closing quote must be followed by a comma or the end of the line"))
                    return
                }
                index += 1
            } else {
                while index < count, text[index] != comma {
                    storage.append(text[index])
                    index += 1
                }
                ranges.append(start..<storage.count)
                if index == count { break }
                index += 1
            }
        }
        guard ranges.count == 5 else {
            problems.add(fieldCountProblem(found: ranges.count, line: line))
            return
        }
        storage.withUnsafeBufferPointer { all in
            func field(_ number: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: all[ranges[number]]) }
            checkFields(field(0), field(1), field(2), field(3), field(4), line: line, marks: &marks, problems: &problems)
        }
    }

    /// Checks every field, so one line can yield several problems, and keeps
    /// the mark only while the file has no problems at all.
    @inline(__always)
    private static func checkFields(_ upnField: UnsafeBufferPointer<UInt8>, _ urnField: UnsafeBufferPointer<UInt8>,
                                    _ dateField: UnsafeBufferPointer<UInt8>, _ sessionField: UnsafeBufferPointer<UInt8>,
                                    _ codeField: UnsafeBufferPointer<UInt8>, line: Int,
                                    marks: inout [AttendanceMark], problems: inout ProblemCollector<AttendanceFileProblem>) {
        let upn = PackedUPN.validatedFast(upnField) ?? slowUPN(upnField, line: line, problems: &problems)
        let urn = parseURN(urnField)
        if urn == nil {
            problems.add(AttendanceFileProblem(line: line, reason: "urn must be a positive whole number \(got(urnField))"))
        }
        let dayNumber = parseDate(dateField)
        if dayNumber == nil {
            problems.add(AttendanceFileProblem(
                line: line, reason: "date must be a real date written YYYY-MM-DD \(got(dateField))"))
        }
        let session = parseSession(sessionField)
        if session == nil {
            problems.add(AttendanceFileProblem(line: line, reason: "session must be AM or PM \(got(sessionField))"))
        }
        let codeID = AttendanceCode.id(ofBytes: codeField)
        if codeID == 0 {
            problems.add(AttendanceFileProblem(
                line: line, reason: "code must be one of the 2024 attendance codes \(got(codeField))"))
        }
        guard problems.isEmpty, let upn, let urn, let dayNumber, let session else { return }
        marks.append(AttendanceMark(upn: upn, urn: urn, dayNumber: dayNumber, session: session,
                                    code: AttendanceCode(checkedID: codeID)))
    }

    /// Lower case, padding and every invalid UPN come here: `UPN.validate`
    /// decides, so the import accepts exactly what the rest of Continuum does
    /// and gives its reason.
    private static func slowUPN(_ field: UnsafeBufferPointer<UInt8>, line: Int,
                                problems: inout ProblemCollector<AttendanceFileProblem>) -> PackedUPN? {
        switch UPN.validate(String(decoding: field, as: UTF8.self)) {
        case .valid(let upn):
            return PackedUPN(upn)
        case .invalid(let reason):
            let text = reason == UPN.emptyReason ? "upn is missing \(got(field))" : "upn is not valid: \(reason) \(got(field))"
            problems.add(AttendanceFileProblem(line: line, reason: text))
            return nil
        }
    }

    /// 1...2,147,483,647 in decimal digits only (leading zeros allowed).
    @inline(__always)
    private static func parseURN(_ field: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard (1...10).contains(field.count) else { return nil }
        var value = 0
        for byte in field {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        guard value > 0, value <= Int(Int32.max) else { return nil }
        return Int32(value)
    }

    /// Strict YYYY-MM-DD, as `CalendarDate(iso:)`, returned as a day number.
    @inline(__always)
    private static func parseDate(_ field: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard field.count == 10, field[4] == UInt8(ascii: "-"), field[7] == UInt8(ascii: "-") else { return nil }
        @inline(__always) func digits(_ from: Int, _ to: Int) -> Int? {
            var value = 0
            for index in from..<to {
                let byte = field[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = digits(0, 4), let month = digits(5, 7), let day = digits(8, 10), CalendarDate.plausibleYears.contains(year),
              CalendarDate.isValid(year: year, month: month, day: day) else { return nil }
        return Int32(CalendarDate(year: year, month: month, day: day).dayNumber)
    }

    @inline(__always)
    private static func parseSession(_ field: UnsafeBufferPointer<UInt8>) -> AttendanceSession? {
        guard field.count == 2, field[1] == UInt8(ascii: "M") else { return nil }
        switch field[0] {
        case UInt8(ascii: "A"): return .am
        case UInt8(ascii: "P"): return .pm
        default: return nil
        }
    }

    private static func fieldCountProblem(found: Int, line: Int) -> AttendanceFileProblem {
        AttendanceFileProblem(line: line, reason: "expected 5 fields (\(header)) but found \(found)")
    }

    /// `(got "…")`, cut at 60 characters so a wrong file's long lines stay readable. Only the
    /// first 240 bytes are decoded (60 characters of up to 4 bytes), whatever the field's length.
    private static func got(_ field: UnsafeBufferPointer<UInt8>) -> String {
        let head = UnsafeBufferPointer(rebasing: field[0..<min(field.count, 240)])
        let text = String(decoding: head, as: UTF8.self) + (field.count > 240 ? "…" : "")
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return "(got \"\(shown)\")"
    }

    // MARK: - Writing

    /// A whole file: the header, then one line per mark, LF line endings.
    public static func csv(_ marks: [AttendanceMark]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerBytes.count + 1 + marks.count * 38)
        appendHeader(to: &bytes)
        for mark in marks { appendRow(mark, to: &bytes) }
        return Data(bytes)
    }

    /// The header line with its line ending.
    public static func appendHeader(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: headerBytes)
        bytes.append(lf)
    }

    /// One row with its line ending, written straight into `bytes` so that
    /// the generator can write millions without making strings.
    public static func appendRow(_ mark: AttendanceMark, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: mark.upn.high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 24, by: -8) { bytes.append(UInt8(truncatingIfNeeded: mark.upn.low >> UInt64(shift))) }
        bytes.append(comma)
        appendDecimal(Int(mark.urnValue), width: 1, to: &bytes)
        bytes.append(comma)
        let date = CalendarDate(dayNumber: Int(mark.dayNumber))
        appendDecimal(date.year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDecimal(date.month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDecimal(date.day, width: 2, to: &bytes)
        bytes.append(comma)
        bytes.append(mark.session == .am ? UInt8(ascii: "A") : UInt8(ascii: "P"))
        bytes.append(UInt8(ascii: "M"))
        bytes.append(comma)
        bytes.append(contentsOf: mark.code.code.utf8)
        bytes.append(lf)
    }

    private static func appendDecimal(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var digits = 1, scale = 1
        while value / scale >= 10 { scale *= 10; digits += 1 }
        for _ in digits..<max(width, digits) { bytes.append(UInt8(ascii: "0")) }
        while scale > 0 {
            bytes.append(UInt8(48 + (value / scale) % 10))
            scale /= 10
        }
    }
}
