import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the DfE Common Transfer File (CTF) a school or DfE's own services send: the source school
/// from `CTfile/Header/SourceSchool` and each `CTFpupilData/Pupil`. Both the CTF 25 shape (`Sex`) and
/// older ones (`Gender`, `SourceSchool/URN`) are read.
///
/// It streams with XMLParser's event interface rather than building a document, so memory grows with
/// the pupils kept, not the file; a file over 100 MB is refused before a byte of it is parsed. Every
/// pupil is checked before anything is returned: a file with any problem is refused whole, each
/// problem naming the pupil's position (1-based) and the element.
// Element names as written by DfE GIAP XmlCtfFormatter (CTF 25.0) and MTC ctf.service.js (CTF 20.0):
// see shared/data/ctf/ctf-structure-notes.md.
public enum CTFReader {
    public static let maximumBytes = 100 * 1024 * 1024
    /// Problems kept in full; beyond this one line says how many more there were, so a file of
    /// nonsense cannot fill memory with messages.
    public static let problemsKept = ProblemLimit.kept

    public struct SourceSchool: Sendable, Equatable {
        public var lea: String?
        public var estab: String?
        public var urn: Int?
        public var name: String?
        public var academicYear: String?

        /// By URN when the file gives one, else by LA and establishment number.
        public var reference: PupilRecord.School? {
            if let urn { return .urn(urn) }
            if let lea, let estab { return .laEstab(la: lea, estab: estab) }
            return nil
        }
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The pupil's 1-based position in the file; nil for the file as a whole or its header.
        public let pupil: Int?
        public let message: String
        public init(pupil: Int?, message: String) { self.pupil = pupil; self.message = message }
        public var description: String { pupil.map { "Pupil \($0): " + message } ?? message }
    }

    public struct File: Sendable, Equatable {
        public let source: SourceSchool
        public let pupils: [PupilRecord]
    }

    public enum Outcome: Sendable {
        case file(File)
        case problems([Problem])
    }

    /// Reads a file from disk, refusing it by size before opening it for parsing.
    public static func read(contentsOf url: URL, today: CalendarDate = .today()) -> Outcome {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
        guard let size else { return .problems([Problem(pupil: nil, message: "the file \(url.lastPathComponent) cannot be read")]) }
        if let refusal = sizeProblem(size) { return .problems([refusal]) }
        guard let stream = InputStream(url: url) else {
            return .problems([Problem(pupil: nil, message: "the file \(url.lastPathComponent) cannot be read")])
        }
        return parse(stream, today: today)
    }

    /// Reads an upload already in memory (the web page collects at most 100 MB).
    public static func read(_ data: Data, today: CalendarDate = .today()) -> Outcome {
        if let refusal = sizeProblem(data.count) { return .problems([refusal]) }
        return parse(InputStream(data: data), today: today)
    }

    static func sizeProblem(_ bytes: Int) -> Problem? {
        guard bytes > maximumBytes else { return nil }
        let megabytes = (bytes + 1_048_575) / 1_048_576
        return Problem(pupil: nil, message: "the file is \(megabytes) MB; the largest CTF accepted is 100 MB: ask for it in parts")
    }

    private static func parse(_ stream: InputStream, today: CalendarDate) -> Outcome {
        let parser = XMLParser(stream: stream)
        // No DTDs or external entities: a CTF has none, and resolving them is how XML attacks work.
        parser.shouldResolveExternalEntities = false
        let handler = Handler(today: today)
        parser.delegate = handler
        let finished = parser.parse()
        if let fatal = handler.fatal {
            return .problems([Problem(pupil: nil, message: fatal)])
        }
        if !finished || parser.parserError != nil || handler.firstError != nil {
            // The first error's line: libxml2 may read on after it, so the parser's final line can be later.
            let code = handler.firstError?.code ?? (parser.parserError as NSError?)?.code ?? 0
            let line = handler.firstError?.line ?? parser.lineNumber
            return .problems([Problem(pupil: nil, message: "the XML is malformed at line \(line): \(describe(code))")])
        }
        return handler.finish()
    }

    /// Plain words for libxml2's commonest well-formedness errors (XMLParser.ErrorCode raw values).
    static func describe(_ code: Int) -> String {
        switch code {
        case 4: "the file is empty or does not start with an XML element"
        case 5: "the XML ends before it is complete, or has something after the last closing tag"
        case 9: "a character is not allowed in XML"
        case 26: "an entity such as &name; is used but never declared (write & as &amp;)"
        case 38, 39, 40, 41: "an attribute is not written name=\"value\""
        case 68: "a name is expected after <"
        case 73: "a > is missing"
        case 76: "a closing tag does not match the element it closes"
        default: "the XML is not well formed (parser error \(code))"
        }
    }

    // MARK: - The event handler

    /// What one `<Pupil>` holds while it is being read.
    private struct Draft {
        var upn: String?, surname: String?, forename: String?, dob: String?
        var sex: String?, gender: String?
        var preferredSurname: String?, preferredForename: String?, ncYear: String?
        var sen: [(start: String?, provision: String?)] = []
        var currentSEN: (start: String?, provision: String?)?
        var needs: [(type: String?, rank: String?)] = []
        var currentNeed: (type: String?, rank: String?)?
        var postcode: String?
    }

    /// XMLParser's delegate; used on one thread for the length of `parse`.
    private final class Handler: NSObject, XMLParserDelegate {
        static let maximumDepth = 40
        static let maximumText = 2_000

        let today: CalendarDate
        var fatal: String?
        private var stack: [String] = []
        private var text = ""
        private var sawRoot = false
        private var source = SourceSchool()
        /// The day the file was made (`Header/DateTime`): the school year its `NCyearActual` values belong to.
        private var madeOn: CalendarDate?
        private var headerProblems: [String] = []
        private var pupilCount = 0
        private var draft: Draft?
        private var pupils: [PupilRecord] = []
        // Issue 13 item 6: the shared cap; past it a message is not even made.
        private var problems = ProblemCollector<Problem>(limit: CTFReader.problemsKept)
        private var seenUPNs: [String: Int] = [:]

        init(today: CalendarDate) { self.today = today }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if stack.isEmpty && !sawRoot {
                sawRoot = true
                guard name == "CTfile" else {
                    stop(parser, "the file is not a Common Transfer File: its first element is <\(String(name.prefix(40)))>, not <CTfile>")
                    return
                }
            }
            stack.append(name)
            text = ""
            guard stack.count <= Self.maximumDepth else {
                stop(parser, "the XML is nested more than \(Self.maximumDepth) elements deep at line \(parser.lineNumber): this is not a CTF")
                return
            }
            if stack == ["CTfile", "CTFpupilData", "Pupil"] {
                pupilCount += 1
                draft = Draft()
                return
            }
            guard draft != nil, stack.count > 3 else { return }
            let path = Array(stack.dropFirst(3))
            if path == ["SENhistory", "SEN"] { draft?.currentSEN = (nil, nil) }
            if Self.isNeed(path) { draft?.currentNeed = (nil, nil) }
        }

        var firstError: (code: Int, line: Int)?

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if firstError == nil { firstError = ((parseError as NSError).code, parser.lineNumber) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            // Only leaf values matter and none is long; the cap keeps a huge text node from costing memory.
            if text.utf8.count < Self.maximumText { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            text = ""
            defer { if !stack.isEmpty { stack.removeLast() } }
            if stack.count == 4 && stack[0] == "CTfile" && stack[1] == "Header" && stack[2] == "SourceSchool" {
                header(name, value)
                return
            }
            if stack == ["CTfile", "Header", "DateTime"] {
                // "yyyy-MM-ddTHH:mm:ss"; a file without a readable one is dated by the day it is read.
                madeOn = CalendarDate(iso: String(value.prefix(10)))
                return
            }
            guard draft != nil, stack.count >= 3, stack[1] == "CTFpupilData" else { return }
            if stack.count == 3 {
                if name == "Pupil", let finished = draft { check(finished, position: pupilCount) }
                draft = nil
                return
            }
            let path = Array(stack.dropFirst(3))
            switch path {
            case ["UPN"]: draft?.upn = value
            case ["Surname"]: draft?.surname = value
            case ["Forename"]: draft?.forename = value
            case ["DOB"]: draft?.dob = value
            case ["Sex"]: draft?.sex = value
            case ["Gender"]: draft?.gender = value
            case ["BasicDetails", "PreferredSurname"]: draft?.preferredSurname = value
            case ["BasicDetails", "PreferredForename"]: draft?.preferredForename = value
            case ["BasicDetails", "NCyearActual"]: draft?.ncYear = value
            case ["SENhistory", "SEN", "StartDate"]: draft?.currentSEN?.start = value
            case ["SENhistory", "SEN", "SENprovision"]: draft?.currentSEN?.provision = value
            case ["SENhistory", "SEN"]:
                if let sen = draft?.currentSEN { draft?.sen.append(sen) }
                draft?.currentSEN = nil
            default:
                if Self.isNeed(path) {
                    if var need = draft?.currentNeed {
                        // Older files write the code as the element's own text, ranked by order.
                        if need.type == nil && !value.isEmpty { need.type = value }
                        draft?.needs.append(need)
                    }
                    draft?.currentNeed = nil
                } else if path.count >= 2, Self.isNeed(Array(path.dropLast())) {
                    if name == "SENtype" { draft?.currentNeed?.type = value }
                    if name == "SENtypeRank" { draft?.currentNeed?.rank = value }
                } else if path.first == "Address", name == "Postcode", draft?.postcode == nil, !value.isEmpty {
                    draft?.postcode = value
                }
            }
        }

        /// `SENneeds/SENneed` inside `SENhistory` (at any depth) or directly in `Pupil`.
        static func isNeed(_ path: [String]) -> Bool {
            guard path.count >= 2, path.last == "SENneed", path[path.count - 2] == "SENneeds" else { return false }
            return path.first == "SENhistory" || path.count == 2
        }

        private func stop(_ parser: XMLParser, _ message: String) {
            if fatal == nil { fatal = message }
            parser.abortParsing()
        }

        private func header(_ name: String, _ value: String) {
            let shown = String(value.prefix(40))
            switch name {
            case "LEA":
                if value.count == 3 && value.allSatisfy({ $0.isASCII && $0.isNumber }) { source.lea = value }
                else { headerProblems.append("Header: SourceSchool/LEA \"\(shown)\" must be a 3-digit LA number") }
            case "Estab":
                if value.count == 4 && value.allSatisfy({ $0.isASCII && $0.isNumber }) { source.estab = value }
                else { headerProblems.append("Header: SourceSchool/Estab \"\(shown)\" must be a 4-digit establishment number") }
            case "URN":
                if value.isEmpty { break }
                if let urn = Int(value), urn > 0, value.count <= 7 { source.urn = urn }
                else { headerProblems.append("Header: SourceSchool/URN \"\(shown)\" must be a URN of up to 7 digits") }
            case "SchoolName": source.name = value.isEmpty ? nil : String(value.prefix(200))
            case "AcademicYear": source.academicYear = value.isEmpty ? nil : String(value.prefix(20))
            default: break
            }
        }

        private func add(_ pupil: Int, _ message: @autoclosure () -> String) {
            problems.add(Problem(pupil: pupil, message: message()))
        }

        private func check(_ d: Draft, position: Int) {
            let before = problems.count
            func quoted(_ value: String) -> String { "\"" + String(value.prefix(40)) + "\"" }

            var upn: UPN?
            if let raw = d.upn, !raw.isEmpty {
                switch UPN.validate(raw) {
                case .valid(let value):
                    upn = value
                    if let earlier = seenUPNs[value.value] {
                        add(position, "UPN \(value.value) is also the UPN of pupil \(earlier): a UPN belongs to one child")
                    } else { seenUPNs[value.value] = position }
                case .invalid(let reason): add(position, "UPN \(quoted(raw)) is not a valid UPN: \(reason)")
                }
            } else { add(position, "UPN is missing: every pupil needs a UPN") }

            func name(_ value: String?, _ element: String) -> String? {
                guard let value, !value.isEmpty else { add(position, "\(element) is missing"); return nil }
                guard value.count <= ChildDetailRules.nameLimit else {
                    add(position, "\(element) is longer than \(ChildDetailRules.nameLimit) characters"); return nil
                }
                return value
            }
            let surname = name(d.surname, "Surname"), forename = name(d.forename, "Forename")

            var dob: CalendarDate?
            if let raw = d.dob, !raw.isEmpty {
                switch ChildDetailRules.birthDate(raw, today: today) {
                case .success(let date): dob = date
                case .failure(.notARealDate): add(position, "DOB \(quoted(raw)) is not a real date in the format YYYY-MM-DD")
                case .failure(.inTheFuture): add(position, "DOB \(raw) is in the future")
                case .failure(.tooOld): add(position, "DOB \(raw) is more than \(ChildDetailRules.oldestAgeInYears) years ago: not a child or young person")
                }
            } else { add(position, "DOB is missing") }

            let sexElement = d.sex != nil ? "Sex" : "Gender"
            let sexRaw = d.sex ?? d.gender ?? ""
            let sex = ChildDetailRules.sexCode(sexRaw)
            if sex == nil { add(position, "\(sexElement) \(quoted(sexRaw)) must be M, F or U") }

            // The current provision is the history entry that started last.
            var provision = SENProvision.none
            if !d.sen.isEmpty {
                let latest = d.sen.enumerated().max { ($0.element.start ?? "", $0.offset) < ($1.element.start ?? "", $1.offset) }!.element
                for entry in d.sen {
                    if let start = entry.start, !start.isEmpty, CalendarDate(input: start) == nil {
                        add(position, "SENhistory/SEN/StartDate \(quoted(start)) is not a real date in the format YYYY-MM-DD")
                    }
                    // Rulebook SEN-1: S only on a history entry that started before the statements were withdrawn.
                    if let message = SENStatementCode.problem(entry.provision, recordedOn: entry.start.flatMap { CalendarDate(input: $0) }) { add(position, "SENhistory/SEN/SENprovision: " + message) }
                }
                let raw = latest.provision ?? ""
                if let parsed = ChildDetailRules.provision(raw) { provision = parsed }
                else { add(position, "SENhistory/SEN/SENprovision \(quoted(raw)) must be N, K or E") }
            }
            var primary: SENNeed?, secondary: SENNeed?
            for (index, need) in d.needs.enumerated() {
                let raw = need.type ?? ""
                guard let parsed = SENNeed(code: raw) else {
                    add(position, "SENneeds/SENneed/SENtype \(quoted(raw)) is not a school census SEN type code"); continue
                }
                let rank = need.rank.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? (index + 1)
                switch rank {
                case 1:
                    if primary != nil { add(position, "SENneeds has two needs ranked 1") }
                    primary = parsed
                case 2:
                    if secondary != nil { add(position, "SENneeds has two needs ranked 2") }
                    secondary = parsed
                default: add(position, "SENneeds/SENneed/SENtypeRank \(quoted(need.rank ?? "")) must be 1 or 2")
                }
            }
            if problems.count == before {
                for message in SENNeed.validateNeeds(provision: provision, primary: primary, secondary: secondary) {
                    add(position, "SEN (provision \(provision.code)): " + message)
                }
            }

            // Rulebook AGE-3: NCyearActual is the year the school teaches the pupil in, kept apart from the chronological year.
            var ncYear: String?
            if let raw = d.ncYear, !raw.isEmpty {
                if AgeAndStage.actualYearCode(raw) == nil {
                    add(position, "BasicDetails/NCyearActual \(quoted(raw)) must be a national curriculum year: E1, E2, N1, N2, R, 1 to 14, or X")
                } else { ncYear = raw }
            }

            var postcode: Postcode?
            if let raw = d.postcode {
                postcode = Postcode.normalise(raw)
                if postcode == nil { add(position, "Address/Postcode \(quoted(raw)) is not a real postcode") }
            }

            guard problems.count == before, let upn, let surname, let forename, let dob, let sex else { return }
            let preferredForename = d.preferredForename.flatMap { $0.isEmpty || $0 == forename ? nil : $0 }
            let preferredSurname = d.preferredSurname.flatMap { $0.isEmpty || $0 == surname ? nil : $0 }
            var preferred: String?
            if preferredForename != nil || preferredSurname != nil {
                preferred = preferredSurname == nil ? preferredForename : "\(preferredForename ?? forename) \(preferredSurname!)"
            }
            if let shown = preferred, shown.count > ChildDetailRules.nameLimit { preferred = String(shown.prefix(ChildDetailRules.nameLimit)) }
            pupils.append(PupilRecord(position: "Pupil \(position)", upn: upn, legalForename: forename, legalSurname: surname,
                                      preferredName: preferred, dateOfBirth: dob, sex: sex, school: nil, postcode: postcode,
                                      senProvision: provision, primaryNeed: primary, secondaryNeed: secondary,
                                      carriesSecondaryNeed: true, ncYearActual: ncYear))
        }

        func finish() -> Outcome {
            guard sawRoot else { return .problems([Problem(pupil: nil, message: "the file is empty: a CTF starts with <CTfile>")]) }
            var all = headerProblems.map { Problem(pupil: nil, message: $0) }
            if headerProblems.isEmpty && source.reference == nil {
                all.append(Problem(pupil: nil, message: "Header: SourceSchool needs a URN, or an LEA and Estab, to name the pupils' school"))
            }
            if pupilCount == 0 { all.append(Problem(pupil: nil, message: "the file has no pupils (CTFpupilData/Pupil)")) }
            all += problems.all { Problem(pupil: nil, message: ProblemLimit.moreMessage($0)) }
            guard all.isEmpty else { return .problems(all) }
            let school = source.reference
            // The actual year is stored as its difference from the chronological year in the school year the file was made.
            let asAt = madeOn.flatMap { $0 <= today ? $0 : nil } ?? today
            let placed = pupils.map { p in
                PupilRecord(position: p.position, upn: p.upn, legalForename: p.legalForename, legalSurname: p.legalSurname,
                            preferredName: p.preferredName, dateOfBirth: p.dateOfBirth, sex: p.sex, school: school, postcode: p.postcode,
                            senProvision: p.senProvision, primaryNeed: p.primaryNeed, secondaryNeed: p.secondaryNeed,
                            carriesSecondaryNeed: true, ncYearActual: p.ncYearActual,
                            ncYearOffset: p.ncYearActual.flatMap { PupilRecord.yearOffset(code: $0, dateOfBirth: p.dateOfBirth, on: asAt) })
            }
            return .file(File(source: source, pupils: placed))
        }
    }
}
