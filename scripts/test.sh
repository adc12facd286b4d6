#!/usr/bin/env bash
# `npm test`: everything, against real servers. Provides the Temporal binaries (cached), a
# PostgreSQL (DATABASE_URL, else the local Debian cluster) and the e-invoice schemas, then
# typecheck, lint, jest and, on a full run, schemathesis against the API's OpenAPI document
# on the real stack (scripts/schemathesis.sh). Arguments go to jest and make the run a
# partial one (no schemathesis); SKIP_API_FUZZ=1 skips schemathesis too.
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
# --forceExit: a test that fails while a worker polls a Temporal server it has already torn
# down must fail the run, not hold it open until CI's time limit (jest would wait on the
# worker's retrying poll forever).
NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand --forceExit "$@"
if [[ $# -eq 0 && "${SKIP_API_FUZZ:-}" != "1" ]]; then
  bash scripts/schemathesis.sh
fi
