import Fluent
import Foundation
import SQLKit
import Vapor
import ContinuumDomain

/// Everything held on one child, for a subject access request (SECURITY.md "Data protection").
///
/// Found from the schema rather than a hand-kept list, so a table added later is not silently left
/// out: every table with a `child_id` (or, for attendance, the child's `upn`), then every table that
/// points at those rows (`referral_id`, `case_id`, …), until nothing new turns up. Panel meetings are
/// left out on purpose: their minutes discuss several children, so they go through redaction by hand.
struct SubjectAccessExport {
    /// Columns that point at a row of another table already gathered.
    static let links: [String: String] = [
        "referral_id": "referrals", "case_id": "ehc_cases", "previous_case_id": "ehc_cases", "slot_id": "timetable_slots",
        "sickness_notification_id": "sickness_notifications",
    ]
    /// Columns naming people other than the child: listed for redaction review before release.
    static func namesAPerson(_ column: String) -> Bool {
        ["recorded_by", "author", "actor", "actor_name", "raised_by_name", "adviser_name", "requester_name", "parent_name", "display_name",
         "uploaded_by_name", "name", "contact_name", "named_officer", "institution"].contains(column)
    }
    /// Secrets are never part of anyone's record.
    static func isSecret(_ column: String) -> Bool { column.hasSuffix("token_hash") || column.hasSuffix("password_hash") || column == "secret" }

    let sql: any SQLDatabase
    let childID: UUID
    /// Sensitive fields the reader may not see (FieldPolicy), left out of the export; none for the operator's CLI.
    var withheld: Set<SensitiveField> = []

    /// Where each sensitive field is stored: a whole table (column nil) or one column of it.
    static let sensitiveColumns: [SensitiveField: [(table: String, column: String?)]] = [
        .familyMessages: [("ehc_messages", nil), ("ehc_cases", "family_comments"), ("ehc_cases", "preferred_school")],
        .healthDetail: [("referrals", "health_summary"), ("referrals", "evidence_requested_from"), ("provision_episodes", "part_time_reason"), ("case_reviews", "health_input")],
        .medicalEvidence: [("evidence", nil)],
        .safeguardingNotes: [("safeguarding_concerns", nil)],
    ]

    struct Result {
        var tables: [String: [[String: Any]]] = [:]
        var documents: [String] = []
        var thirdParties: Set<String> = []
        var rowCount: Int { tables.values.reduce(0) { $0 + $1.count } }
    }

    func gather(upn: String?) async throws -> Result {
        let catalogue = try await tableColumns()
        let columns = catalogue.mapValues { Set($0.keys) }
        let authorityID = try await sql.select().column("authority_id").from("children").where("id", .equal, childID).first()
            .flatMap { try? $0.decode(column: "authority_id", as: UUID.self) }
        var result = Result()
        var ids: [String: [UUID]] = [:]   // table → ids of its rows gathered so far
        var done = Set<String>()
        func take(_ table: String, _ rows: [any SQLRow]) throws {
            guard !rows.isEmpty else { return }
            var decoded: [[String: Any]] = []
            for row in rows {
                var object: [String: Any] = [:]
                for column in row.allColumns where !Self.isSecret(column) {
                    let value = Self.value(row, column, type: catalogue[table]?[column] ?? "", sqlite: sql.dialect.name == "sqlite")
                    object[column] = value
                    if Self.namesAPerson(column), let name = value as? String, !name.isEmpty, UUID(uuidString: name) == nil { result.thirdParties.insert(name) }
                }
                if let id = try? row.decode(column: "id", as: UUID.self) { ids[table, default: []].append(id) }
                decoded.append(object)
            }
            result.tables[table, default: []] += decoded
            done.insert(table)
        }
        // The child's own row, then rows that name the child directly.
        try take("children", try await sql.select().column("*").from("children").where("id", .equal, childID).all())
        for (table, cols) in columns.sorted(by: { $0.key < $1.key }) where table != "children" && table != "panel_meetings" {
            if let rows = try await rowsNamingChild(table, columns: cols, upn: upn, authorityID: authorityID) { try take(table, rows) }
        }
        // People linked to the child (parents and carers).
        if let relationships = result.tables["child_relationships"] {
            let people = relationships.compactMap { $0["person_id"] as? String }.compactMap(UUID.init(uuidString:))
            if !people.isEmpty { try take("people", try await sql.select().column("*").from("people").where("id", .in, people).all()) }
        }
        // Rows that point at rows already gathered, until nothing new turns up.
        for _ in 0..<4 {
            var added = false
            for (table, cols) in columns.sorted(by: { $0.key < $1.key }) where !done.contains(table) && table != "panel_meetings" {
                for (column, parent) in Self.links where cols.contains(column) {
                    guard let parentIDs = ids[parent], !parentIDs.isEmpty else { continue }
                    let rows = try await sql.select().column("*").from(table).where(SQLIdentifier(column), .in, parentIDs).all()
                    if !rows.isEmpty { try take(table, rows); added = true; break }
                }
            }
            if !added { break }
        }
        // Marks from the daily feeds not yet compacted into the child's year blobs (found above by UPN).
        if let upn, let packed = PackedUPN(upn) {
            let entries = try await AttendanceCodesReader(sql: sql).registerEntries(upn: packed)
            if !entries.isEmpty {
                result.tables["attendance_registers"] = entries.map { ["urn": $0.urn, "date": $0.date.description, "am": $0.am?.code ?? "", "pm": $0.pm?.code ?? ""] }
            }
        }
        withholdAndListDocuments(&result)
        return result
    }

    /// The rows of `table` that name the child directly, by the child's id or by UPN; nil when the
    /// table has neither column.
    private func rowsNamingChild(_ table: String, columns cols: Set<String>, upn: String?, authorityID: UUID?) async throws -> [any SQLRow]? {
        // A UPN is matched only within the child's council, so another council's pupil with the same UPN stays out.
        let sameCouncil = cols.contains("authority_id") ? authorityID : nil
        if cols.contains("child_id") {
            var query = sql.select().column("*").from(table)
            if let upn, cols.contains("upn") {
                query = query.where(group: { group in
                    group.where("child_id", .equal, childID).orWhere(group: { inner in
                        if let sameCouncil { return inner.where("upn", .equal, upn).where("authority_id", .equal, sameCouncil) }
                        return inner.where("upn", .equal, upn)
                    })
                })
            } else {
                query = query.where("child_id", .equal, childID)
            }
            return try await query.all()
        } else if let upn, cols.contains("upn") {
            var query = sql.select().column("*").from(table).where("upn", .equal, upn)
            if let sameCouncil { query = query.where("authority_id", .equal, sameCouncil) }
            return try await query.all()
        }
        return nil
    }

    /// Takes out what this export withholds (whole tables or single columns), then lists the stored
    /// documents still in it to copy alongside.
    private func withholdAndListDocuments(_ result: inout Result) {
        for field in withheld {
            for place in Self.sensitiveColumns[field] ?? [] {
                if let column = place.column {
                    result.tables[place.table] = result.tables[place.table]?.map { row in row.filter { $0.key != column } }
                } else {
                    result.tables[place.table] = nil
                }
            }
        }
        for row in result.tables["evidence"] ?? [] { if let name = row["stored_name"] as? String { result.documents.append(name) } }
        for row in result.tables["ehc_advice_requests"] ?? [] { if let name = row["file_stored_name"] as? String { result.documents.append(name) } }
    }

    /// Gathers the record and writes it to the new folder `out`: `subject-access.json` and `documents/`, owner-only.
    /// The one path for `continuum export subject-access` and the administrators' zip export; on failure the folder is removed.
    func write(upn: String?, received: CalendarDate, to out: String, dataDirectory: String) async throws -> Result {
        let gathered = try await gather(upn: upn)
        let deadline = SubjectAccessDeadline(received: received)
        let document: [String: Any] = [
            "child_id": childID.uuidString,
            "generated_at": ISO8601DateFormatter().string(from: Date()),
            "request_received": received.description,
            "response_due": deadline.due.description,
            "extended_response_due": deadline.extendedDue.description,
            "third_parties_for_redaction_review": gathered.thirdParties.sorted(),
            "redaction_note": "Review every third party named here (staff, professionals, other family members) and redact where the law requires before release. Panel meeting minutes are not included: they discuss several children and must be redacted by hand.",
            "documents": gathered.documents.map { "documents/" + $0 },
            "tables": gathered.tables,
        ]
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: out + "/documents", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let json = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
            guard fm.createFile(atPath: out + "/subject-access.json", contents: json, attributes: [.posixPermissions: 0o600]) else { throw Abort(.internalServerError) }
            let store = PrivateFileStore(dataDirectory: dataDirectory)
            for name in gathered.documents {
                if let data = store.read(name) { fm.createFile(atPath: out + "/documents/" + name, contents: data, attributes: [.posixPermissions: 0o600]) }
            }
        } catch {
            try? fm.removeItem(atPath: out)
            throw error
        }
        return gathered
    }

    /// Table → column → declared type, from the database's own catalogue (SQLite or PostgreSQL).
    private func tableColumns() async throws -> [String: [String: String]] {
        struct Column: Decodable { let table_name: String; let column_name: String; let data_type: String }
        let columns: [Column]
        if sql.dialect.name == "sqlite" {
            columns = try await sql.raw("""
                SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_fluent_%'
                """).all(decoding: Column.self)
        } else {
            columns = try await sql.raw("""
                SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_fluent\\_%'
                """).all(decoding: Column.self)
        }
        var result: [String: [String: String]] = [:]
        for column in columns { result[column.table_name, default: [:]][column.column_name] = column.data_type.lowercased() }
        return result
    }

    /// A column's value as JSON, decoded by its declared type (a database will happily turn a number into text):
    /// text, whole and decimal numbers, booleans, ids as text, timestamps as ISO 8601, bytes as base64.
    static func value(_ row: any SQLRow, _ column: String, type: String, sqlite: Bool) -> Any {
        if (try? row.decodeNil(column: column)) == true { return NSNull() }
        func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
        if sqlite {
            // SQLite's declared types are affinities; Fluent keeps ids as 16-byte blobs and timestamps as REAL seconds.
            if type.contains("int") { return (try? row.decode(column: column, as: Int.self)) ?? NSNull() }
            if type.contains("real") || type.contains("floa") || type.contains("doub") {
                if column.hasSuffix("_at"), let d = try? row.decode(column: column, as: Date.self) { return iso(d) }
                return (try? row.decode(column: column, as: Double.self)) ?? NSNull()
            }
            if type.contains("blob") || type.isEmpty {
                if let v = try? row.decode(column: column, as: UUID.self) { return v.uuidString }
                if let v = try? row.decode(column: column, as: Data.self) { return v.base64EncodedString() }
            }
            return (try? row.decode(column: column, as: String.self)) ?? NSNull()
        }
        switch type {
        case "uuid": return (try? row.decode(column: column, as: UUID.self)).map(\.uuidString) ?? NSNull()
        case "bigint", "integer", "smallint": return (try? row.decode(column: column, as: Int.self)) ?? NSNull()
        case "boolean": return (try? row.decode(column: column, as: Bool.self)) ?? NSNull()
        case "double precision", "real", "numeric": return (try? row.decode(column: column, as: Double.self)) ?? NSNull()
        case "bytea": return (try? row.decode(column: column, as: Data.self)).map { $0.base64EncodedString() } ?? NSNull()
        case let t where t.hasPrefix("timestamp") || t == "date": return (try? row.decode(column: column, as: Date.self)).map(iso) ?? NSNull()
        default: return (try? row.decode(column: column, as: String.self)) ?? NSNull()
        }
    }
}

/// `continuum export subject-access --child ID --out DIR [--received YYYY-MM-DD]`.
enum SubjectAccessCommand {
    static let usage = "usage: continuum export subject-access --child ID --out DIR [--received YYYY-MM-DD]"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["child", "out", "received"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])\n" + usage) }
        guard let raw = options.values["child"], let childID = UUID(uuidString: raw) else { return .usage("--child must be the child's record id\n" + usage) }
        guard let out = options.values["out"], !out.isEmpty else { return .usage("--out is required\n" + usage) }
        guard !FileManager.default.fileExists(atPath: out) else { return .usage("\(out) already exists: give a new folder name") }
        var received = CalendarDate.today()
        if let text = options.values["received"] {
            guard let date = CalendarDate(input: text) else { return .usage("--received \"\(text)\" is not a real date in the format YYYY-MM-DD") }
            received = date
        }
        guard let child = try await Child.find(childID, on: app.db) else { return .failure("no child with id \(childID)") }
        guard let sql = app.db as? any SQLDatabase else { return .failure("the export needs an SQL database") }
        let gathered: SubjectAccessExport.Result
        do {
            gathered = try await SubjectAccessExport(sql: sql, childID: childID)
                .write(upn: child.upn, received: received, to: out, dataDirectory: app.continuumConfiguration.dataDirectory)
        } catch {
            return .failure("cannot write \(out): \(error)")
        }
        let deadline = SubjectAccessDeadline(received: received)
        try await AuditLog.record(AuditEntry(action: "subject_access.export", entityType: "child", entityID: childID.uuidString, childID: childID,
                                             detail: "\(gathered.rowCount) rows, \(gathered.documents.count) documents"),
                                  by: AuditActor(userID: nil, name: "continuum export subject-access", role: "system", socketAddress: "local"), on: app.db)
        return .ok("\(out): \(gathered.rowCount) rows from \(gathered.tables.count) tables and \(gathered.documents.count) document(s); "
                   + "respond by \(deadline.due.longFormat) (one month from \(received.longFormat)), or \(deadline.extendedDue.longFormat) if extended for complexity")
    }
}
