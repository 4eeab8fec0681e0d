#!/usr/bin/env bash
# A fresh PostgreSQL database for the benchmark (server from pg.sh start): `continuum migrate`, then
# the generate.py CSVs loaded with psql \copy straight into the app's tables (uuid, text dates,
# timestamptz, boolean, bigint), then VACUUM ANALYZE.
set -euo pipefail
. "$(dirname "$0")/common.sh"
psql -qAt "$pg_admin_url" -c "DROP DATABASE IF EXISTS continuum_bench" -c "CREATE DATABASE continuum_bench OWNER continuum"
DATABASE_URL=$pg_url "$bin" migrate
psql -qAt -v ON_ERROR_STOP=1 "$pg_url" <<SQL
BEGIN;
\copy authorities (id, name, la_code, header_colour, named_officer, created_at) FROM '$data/authorities.csv' WITH (FORMAT csv, HEADER true)
\copy children (id, authority_id, legal_forename, legal_surname, date_of_birth, upn, sex, home_postcode, confidential_address, sen_provision, primary_need, secondary_need, search_key, version, created_at, updated_at) FROM '$data/children.csv' WITH (FORMAT csv, HEADER true)
\copy caseworker_profiles (id, user_id, authority_id, name, is_agency, is_trainee, started_on) FROM '$data/caseworker_profiles.csv' WITH (FORMAT csv, HEADER true)
\copy ehc_cases (id, authority_id, child_id, upn, requested_on, requester, stage, decision_on, draft_served_on, final_issued_on, exception, exception_reason, assessment_closed_on, last_review_on, ceased_on, cease_reason, caseworker_id, source, version, created_at, updated_at) FROM '$data/ehc_cases.csv' WITH (FORMAT csv, HEADER true)
COMMIT;
SQL
# As the superuser, so the catalogue is vacuumed too (stats and visibility maps as a settled database has them).
psql -qAt "${pg_admin_url%/postgres}/continuum_bench" -c "VACUUM ANALYZE"
psql -qAt "$pg_url" -c "SELECT 'postgres loaded: ' || (SELECT count(*) FROM authorities) || ' authorities, ' || (SELECT count(*) FROM children)
  || ' children, ' || (SELECT count(*) FROM caseworker_profiles) || ' caseworkers, ' || (SELECT count(*) FROM ehc_cases) || ' cases, '
  || pg_size_pretty(pg_database_size(current_database()))" >&2
