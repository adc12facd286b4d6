#!/usr/bin/env bash
# `npm test`: everything, against real servers. Provides the Temporal binaries (cached), a
# PostgreSQL (DATABASE_URL, else the local Debian cluster) and the e-invoice schemas, then
# typecheck, lint and jest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
# UBL 2.1 XSDs and the EN 16931 / Peppol rules that test/einvoice validates e-invoices against.
bash scripts/fetch-ubl-schemas.sh
if [[ -z "${DATABASE_URL:-}" ]]; then
  bash scripts/ensure-postgres.sh >/dev/null
  export DATABASE_URL="postgres://billing:billing@127.0.0.1:5432/billing"
fi
npm run --silent typecheck
npm run --silent lint
NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand "$@"
