#!/usr/bin/env bash
# `npm run test:api-fuzz`: schemathesis against GET /openapi.json of the real stack (Temporal
# dev server, a fresh PostgreSQL database, the worker and the API, seeded with a customer, a
# plan, subscriptions, a draft and a finalized invoice, a credit note, a coupon and a webhook
# endpoint: scripts/schemathesis-stack.ts). Every operation gets a bounded number of generated
# requests; the run fails on a server error, a response that breaks its schema, status code or
# content type, a schema-valid request that is rejected, or a schema-invalid one that is accepted.
#
# Schemathesis comes from PyPI into a virtualenv cached under ~/.cache/usage-billing/venv.
# Knobs (environment): SCHEMATHESIS_MAX_EXAMPLES (per operation, default 25),
# SCHEMATHESIS_WORKERS (2), SCHEMATHESIS_PHASES (examples,coverage,fuzzing), SCHEMATHESIS_SEED
# (fixed by default, so CI is reproducible; `random` for a new one each run),
# SCHEMATHESIS_TIMEOUT (seconds for the whole run, default 300), SCHEMATHESIS_REPORT_DIR
# (adds JUnit and NDJSON reports there). Extra arguments go to `schemathesis run`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SCHEMATHESIS_VERSION="4.32.5"
VENV="${SCHEMATHESIS_VENV:-${USAGE_BILLING_CACHE:-$HOME/.cache/usage-billing}/venv}"
ST="$VENV/bin/schemathesis"

# The checks of issue 9 (item 8) first, then the cheap ones around them: 405 for methods a
# path does not declare, 401 without a key where the document says one is needed, declared
# response headers, and the stateful pair (a deleted or created resource behaves so).
CHECKS=(
  not_a_server_error
  response_schema_conformance
  status_code_conformance
  content_type_conformance
  positive_data_acceptance
  negative_data_rejection
  unsupported_method
  ignored_auth
  missing_required_header
  response_headers_conformance
  use_after_free
  ensure_resource_availability
)

# Called back by schemathesis-stack.ts once the stack is up: SCHEMATHESIS_URL, _CONFIG, _TOKEN.
if [[ "${1:-}" == "--run" ]]; then
  shift
  seed_args=()
  if [[ "${SCHEMATHESIS_SEED:-1}" != "random" ]]; then seed_args=(--seed "${SCHEMATHESIS_SEED:-1}"); fi
  report_args=()
  if [[ -n "${SCHEMATHESIS_REPORT_DIR:-}" ]]; then
    report_args=(--report junit,ndjson --report-dir "$SCHEMATHESIS_REPORT_DIR")
  fi
  checks=$(IFS=,; echo "${CHECKS[*]}")
  # Rules the document states in prose (clock-relative, cross-parameter): scripts/schemathesis_hooks.py.
  export SCHEMATHESIS_HOOKS="$PWD/scripts/schemathesis_hooks.py" PYTHONDONTWRITEBYTECODE=1
  # Schemathesis closes with a pytest-style banner ("==== 2 warnings in 37.12s ===="), which
  # readers of CI output take for pytest finding no test; its banners are printed plain instead.
  timeout --kill-after=10 "${SCHEMATHESIS_TIMEOUT:-300}" \
    "$ST" --config-file "$SCHEMATHESIS_CONFIG" run "$SCHEMATHESIS_URL/openapi.json" \
    --header "Authorization: Bearer $SCHEMATHESIS_TOKEN" \
    --checks "$checks" \
    --phases "${SCHEMATHESIS_PHASES:-examples,coverage,fuzzing}" \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}" \
    --workers "${SCHEMATHESIS_WORKERS:-2}" \
    --request-timeout 20 \
    --generation-database none \
    --suppress-health-check too_slow,filter_too_much \
    --continue-on-failure \
    --no-color \
    --output-sanitize false \
    "${seed_args[@]}" "${report_args[@]}" "$@" 2>&1 |
    sed -u -E -e 's/^=+ (.*) in ([0-9.]+s) =+$/schemathesis finished (\1; \2)/' \
      -e 's/^=+ (.*[^=]) =+$/--- \1 ---/'
  exit "${PIPESTATUS[0]}"
fi

ensure_schemathesis() {
  if [[ -x "$ST" ]] && [[ "$("$ST" --version 2>/dev/null)" == *"$SCHEMATHESIS_VERSION"* ]]; then
    return 0
  fi
  echo "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  local python
  python=$(command -v python3)
  # Debian's python3 needs python3-venv (.ci/run installs it); pyenv's has venv built in.
  if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' 2>/dev/null; then
    [[ -x /usr/bin/python3 ]] && python=/usr/bin/python3
  fi
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  "$python" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION"
  "$ST" --version
}

ensure_schemathesis
if [[ -z "${DATABASE_URL:-}" ]]; then
  bash scripts/ensure-postgres.sh >/dev/null
  export DATABASE_URL="postgres://billing:billing@127.0.0.1:5432/billing"
fi
# The Temporal CLI (cached; a no-op when npm test has just run it).
bash scripts/setup.sh >/dev/null

started=$(date +%s)
# In a process group of its own, so that whatever a failed start leaves behind (the Temporal
# dev server is a child process) goes with it.
setsid npx tsx scripts/schemathesis-stack.ts -- bash scripts/schemathesis.sh --run "$@" &
stack_pid=$!
cleanup() { kill -TERM -- "-$stack_pid" 2>/dev/null || true; }
trap 'cleanup; exit 130' INT TERM
set +e
wait "$stack_pid"
rc=$?
set -e
trap - INT TERM
cleanup
echo "schemathesis: exit $rc after $(($(date +%s) - started)) s (stack, seeding and run)"
exit "$rc"
