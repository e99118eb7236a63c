#!/bin/sh
# Runs once, when the PostgreSQL container initialises its data directory:
# the role Tongban's API and workers run as. It owns no table (the owner,
# POSTGRES_USER, runs the migrations and grants it its rights), so it can
# neither alter tables nor change or delete audit events.
set -eu
psql -v ON_ERROR_STOP=1 -v app_password="$POSTGRES_APP_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE tongban_app LOGIN PASSWORD :'app_password';
SQL
