#!/usr/bin/env bash
# Fails when entities and migrations drift apart: runs every migration on an
# empty database, then asks TypeORM what it would generate; anything is drift.
# Uses a throw-away database next to DATABASE_URL, or embedded PGlite without it.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent

work=$(mktemp -d)
export DATA_DIR="$work"
drop_database() { :; }
if [ -n "${DATABASE_URL:-}" ]; then
  name="tongban_drift_$$"
  server_url="$DATABASE_URL"
  node -e 'const { Client } = require("pg"); const c = new Client({ connectionString: process.argv[1] }); c.connect().then(() => c.query(`CREATE DATABASE ${process.argv[2]}`)).then(() => c.end());' "$server_url" "$name"
  drop_database() {
    node -e 'const { Client } = require("pg"); const c = new Client({ connectionString: process.argv[1] }); c.connect().then(() => c.query(`DROP DATABASE IF EXISTS ${process.argv[2]} WITH (FORCE)`)).then(() => c.end());' "$server_url" "$name"
  }
  DATABASE_URL=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$server_url" "$name")
  export DATABASE_URL
fi
trap 'drop_database; rm -rf "$work"' EXIT

data_source=dist/libs/platform/src/database/data-source.js
npx typeorm -d "$data_source" migration:run > "$work/run.log" || { cat "$work/run.log"; exit 1; }
if ! npx typeorm -d "$data_source" migration:generate --dryrun --check --pretty "$work/Drift"; then
  echo "Entities and migrations differ: run npm run migration:generate -- libs/platform/src/database/migrations/<Name> and review it." >&2
  exit 1
fi
echo "Migrations match the entities."
