import Foundation

/// Reads a council's EHC case history for `continuum import ehc`:
/// `upn,request_date,decision,decision_date,final_date,exception`.
///
/// The whole file is validated before anything is returned, so a bad file imports nothing
/// and every bad line is reported by number.
public enum EHCImportFile {
    public static let header = ["upn", "request_date", "decision", "decision_date", "final_date", "exception"]

    /// What the old system recorded about the request. An empty decision is a request still
    /// awaiting its reg 5 decision: a migration has to bring open cases across too.
    public enum Decision: String, Sendable, Equatable, CaseIterable {
        case assess, refuse, withdrawn
    }

    public struct Row: Sendable, Equatable {
        public let line: Int
        public let upn: UPN
        public let request: CalendarDate
        public let decision: Decision?
        public let decisionDate: CalendarDate?
        public let finalDate: CalendarDate?
        public let exception: EHCException?

        /// The stage this history has reached; a final date means a plan is in force.
        public var stage: EHCStage {
            switch decision {
            case nil: .requested
            case .refuse: .refusedToAssess
            case .withdrawn: .withdrawn
            case .assess: finalDate == nil ? .assessing : .finalIssued
            }
        }
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public init(line: Int, message: String) { self.line = line; self.message = message }
        /// Line 0 is the file as a whole (the count of problems past the cap).
        public var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    public enum Outcome: Sendable {
        case rows([Row])
        case problems([Problem])
    }

    public static func parse(_ data: Data) -> Outcome {
        var problems = ProblemCollector<Problem>()
        let lines: [ImportTable.Line]
        switch ImportTable.lines(data, header: header) {
        case let .stop(problem): return .problems([problem])
        case let .lines(read): lines = read
        }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        // Issue 13 item 6: at most 1,000 problems kept, the rest counted (ProblemCollector).
        for item in lines {
            if let problem = item.problem { problems.add(problem); continue }
            let line = item.number
            let cell = item.cells
            var messages: [String] = []
            var upn: UPN?
            switch UPN.validate(cell[0]) {
            case .valid(let value): upn = value
            case .invalid(let reason): messages.append("upn \"\(cell[0])\" is not valid: \(reason)")
            }
            let request = CalendarDate(input: cell[1])
            if request == nil { messages.append("request_date \"\(cell[1])\" is not a real date in the format YYYY-MM-DD") }
            var decision: Decision?
            if !cell[2].isEmpty {
                decision = Decision(rawValue: cell[2].lowercased())
                if decision == nil { messages.append("decision \"\(cell[2])\" must be assess, refuse or withdrawn (or empty while undecided)") }
            }
            let decisionDate = optionalDate(cell[3], column: "decision_date", into: &messages)
            let finalDate = optionalDate(cell[4], column: "final_date", into: &messages)
            var exception: EHCException?
            if !cell[5].isEmpty {
                exception = EHCException(rawValue: cell[5].lowercased())
                if exception == nil { messages.append("exception \"\(cell[5])\" must be empty or one of a, b, c, d") }
            }
            if cell[2].isEmpty && (decisionDate != nil || finalDate != nil) {
                messages.append("a decision_date or final_date needs a decision")
            }
            if decision != nil && decisionDate == nil && cell[3].isEmpty { messages.append("decision_date is needed when a decision is given") }
            if let finalDate, decision != .assess, decision != nil {
                messages.append("final_date \(finalDate) is only possible when the decision was to assess")
            }
            if exception != nil && finalDate == nil && decision != .assess {
                messages.append("an exception applies only to an assessment")
            }
            if let request {
                if let decisionDate, decisionDate < request { messages.append("decision_date \(decisionDate) is before request_date \(request)") }
                if let finalDate, finalDate < request { messages.append("final_date \(finalDate) is before request_date \(request)") }
            }
            if let decisionDate, let finalDate, finalDate < decisionDate {
                messages.append("final_date \(finalDate) is before decision_date \(decisionDate)")
            }
            if let upn, let request {
                let key = "\(upn.value)|\(request)"
                if let earlier = seen[key] { messages.append("repeats the case on line \(earlier) (same upn and request_date)") }
                else { seen[key] = line }
            }
            if messages.isEmpty, let upn, let request {
                rows.append(Row(line: line, upn: upn, request: request, decision: decision, decisionDate: decisionDate,
                                finalDate: finalDate, exception: exception))
            } else {
                problems.add(contentsOf: messages.map { Problem(line: line, message: $0) })
            }
        }
        return problems.isEmpty ? .rows(rows) : .problems(problems.all { Problem(line: 0, message: ProblemLimit.moreMessage($0)) })
    }

    private static func optionalDate(_ text: String, column: String, into messages: inout [String]) -> CalendarDate? {
        guard !text.isEmpty else { return nil }
        guard let date = CalendarDate(input: text) else {
            messages.append("\(column) \"\(text)\" is not a real date in the format YYYY-MM-DD")
            return nil
        }
        return date
    }
}
