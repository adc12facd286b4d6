#!/usr/bin/env bash
# `npm test`: everything, against real servers. Provides the Temporal binaries (cached), a
# PostgreSQL (DATABASE_URL, else the local Debian cluster), then typecheck, lint and jest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
if [[ -z "${DATABASE_URL:-}" ]]; then
  bash scripts/ensure-postgres.sh >/dev/null
  export DATABASE_URL="postgres://billing:billing@127.0.0.1:5432/billing"
fi
npm run --silent typecheck
npm run --silent lint
NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand "$@"
