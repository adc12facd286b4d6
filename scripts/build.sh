#!/usr/bin/env bash
# `npm run build [OUT]`: the application compiled once, as the production image runs it
# (Dockerfile): TypeScript to JavaScript in OUT (default dist/app), the SQL migrations beside
# db/client.js, and the workflows bundled ahead of time (OUT/workflow-bundle.js, the worker's
# WORKFLOW_BUNDLE_PATH). `node OUT/api/main.js` and `node OUT/workers/main.js` then run
# without tsx or the TypeScript sources. test/e2e/compiled-build.test.ts builds and runs it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OUT="${1:-dist/app}"
rm -rf "$OUT"
npx tsc -p tsconfig.build.json --outDir "$OUT"
cp -r db/migrations "$OUT/db/migrations"
npx tsx scripts/bundle-workflows.ts "$OUT/workflow-bundle.js"
echo "built $OUT"
