#!/usr/bin/env bash
# A fresh SQLite database for the benchmark: `continuum migrate`, then the generate.py CSVs bulk-loaded
# with sqlite3 .import into temp staging tables and INSERT ... SELECT into the app's own tables.
# Types match what Fluent's SQLite driver writes: UUIDs as upper-case text, dates as YYYY-MM-DD text,
# timestamps as REAL seconds since 1970, booleans and integers as INTEGER, NULL for empty fields.
set -euo pipefail
. "$(dirname "$0")/common.sh"
rm -rf "$sqlite_dir"; mkdir -p "$sqlite_dir"
CONTINUUM_DATA_DIR=$sqlite_dir "$bin" migrate
db=$sqlite_dir/continuum.sqlite
n() { printf "NULLIF(%s,'')" "$1"; }
ts() { printf "CAST(unixepoch(NULLIF(%s,'')) AS REAL)" "$1"; }
sqlite3 -bail "$db" <<SQL
PRAGMA foreign_keys = ON;
.import --csv --schema temp $data/authorities.csv s_authorities
.import --csv --schema temp $data/children.csv s_children
.import --csv --schema temp $data/caseworker_profiles.csv s_caseworkers
.import --csv --schema temp $data/ehc_cases.csv s_cases
BEGIN;
INSERT INTO authorities (id, name, la_code, header_colour, named_officer, created_at, evidence_policy)
  SELECT id, name, la_code, header_colour, named_officer, $(ts created_at), NULL FROM s_authorities;
INSERT INTO children (id, authority_id, legal_forename, legal_surname, preferred_name, date_of_birth, upn, sex, home_postcode,
                      confidential_address, home_school_id, sen_provision, primary_need, secondary_need, search_key, version,
                      created_at, updated_at)
  SELECT id, authority_id, legal_forename, legal_surname, NULL, date_of_birth, $(n upn), sex, $(n home_postcode),
         CAST(confidential_address AS INTEGER), NULL, sen_provision, $(n primary_need), $(n secondary_need), search_key,
         CAST(version AS INTEGER), $(ts created_at), $(ts updated_at) FROM s_children;
INSERT INTO caseworker_profiles (id, user_id, authority_id, name, is_agency, is_trainee, started_on)
  SELECT id, user_id, authority_id, name, CAST(is_agency AS INTEGER), CAST(is_trainee AS INTEGER), started_on FROM s_caseworkers;
INSERT INTO ehc_cases (id, authority_id, child_id, upn, requested_on, requester, stage, decision_on, draft_served_on,
                       final_issued_on, exception, exception_reason, assessment_closed_on, last_review_on, ceased_on,
                       cease_reason, caseworker_id, source, version, created_at, updated_at)
  SELECT id, authority_id, $(n child_id), $(n upn), requested_on, requester, stage, $(n decision_on), $(n draft_served_on),
         $(n final_issued_on), $(n exception), $(n exception_reason), $(n assessment_closed_on), $(n last_review_on), $(n ceased_on),
         CAST($(n cease_reason) AS INTEGER), $(n caseworker_id), source, CAST(version AS INTEGER), $(ts created_at), $(ts updated_at)
  FROM s_cases;
COMMIT;
ANALYZE;
SQL
sqlite3 "$db" "PRAGMA foreign_key_check;" | head -5
sqlite3 "$db" "SELECT 'sqlite loaded: ' || (SELECT count(*) FROM authorities) || ' authorities, ' || (SELECT count(*) FROM children)
  || ' children, ' || (SELECT count(*) FROM caseworker_profiles) || ' caseworkers, ' || (SELECT count(*) FROM ehc_cases) || ' cases, '
  || (SELECT page_count * page_size / 1048576 FROM pragma_page_count, pragma_page_size) || ' MiB';" >&2
