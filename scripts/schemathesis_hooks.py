"""Schemathesis hooks for scripts/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

Some rules of the API cannot be said in JSON Schema because they depend on the clock or
relate two values; the OpenAPI document states them in prose instead. Schemathesis would
generate requests that break them and count each rejection as "schema-valid request
rejected". For the few such rules listed here, a positive test case (one schemathesis means
to be valid) is moved inside the rule before it is sent; negative cases are left alone, and
a value the schema already forbids is never touched, so nothing invalid is made valid.

Keep this list short: a rule JSON Schema can express belongs in the route's zod schema.

Rules that depend on stored data (a currency that must match the customer's, a payment at
most what is due) or relate items of a list (unique ids, the last tier open-ended) cannot be
generated around. An operation states them in its OpenAPI document as
`x-stated-rules: [{"field": "taxRates", "rule": "ids must be unique"}, ...]` (`*` stands
for any list index or key); a 400 to a schema-valid request whose every `details[].field`
is such a stated field is then not counted as "schema-valid request rejected".
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from typing import Any

import schemathesis

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.I)

# POST /v1/events: a timestamp must lie within the backdating window (test stack: 7 days)
# and the future tolerance (300 s) of the API's clock.
EVENT_WINDOW_BACK = dt.timedelta(days=6)
EVENT_WINDOW_AHEAD = dt.timedelta(seconds=60)

# GET /v1/exports/*.csv: `to` is after `from`, at most 366 days later.
EXPORT_MAX_RANGE = dt.timedelta(days=366)


def _positive(case: Any) -> bool:
    meta = getattr(case, "meta", None)
    return meta is None or meta.generation.mode.is_positive


def _parse(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not RFC3339.match(value):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return None


def _format(instant: dt.datetime) -> str:
    return instant.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _rng(value: Any) -> random.Random:
    """Random, but the same for the same generated value (a seeded run repeats itself)."""
    return random.Random(json.dumps(value, sort_keys=True, default=str))


def _events_within_window(case: Any) -> None:
    body = case.body
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        return
    rng = _rng(body)
    now = dt.datetime.now(dt.timezone.utc)
    changed = False
    for event in body["events"]:
        if isinstance(event, dict) and _parse(event.get("timestamp")) is not None:
            offset = rng.uniform(-EVENT_WINDOW_BACK.total_seconds(), EVENT_WINDOW_AHEAD.total_seconds())
            event["timestamp"] = _format(now + dt.timedelta(seconds=offset))
            changed = True
    if changed:
        case.body = body


def _export_range(case: Any) -> None:
    query = case.query
    if not isinstance(query, dict):
        return
    raw_start, raw_end = query.get("from"), query.get("to")
    if not all(isinstance(v, str) and RFC3339.match(v) for v in (raw_start, raw_end)):
        return
    start, end = _parse(raw_start), _parse(raw_end)
    if start is not None and end is not None and start < end <= start + EXPORT_MAX_RANGE:
        return
    # Python has no year 0: an instant it cannot read is replaced as a whole.
    base = start or end or dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    days = dt.timedelta(days=_rng(query).randint(1, 366))
    try:
        query["from"], query["to"] = _format(base), _format(base + days)
    except OverflowError:  # near year 9999
        query["from"], query["to"] = _format(base - days), _format(base)
    case.query = query


RULES = {
    ("POST", "/v1/events"): _events_within_window,
    ("GET", "/v1/exports/invoices.csv"): _export_range,
    ("GET", "/v1/exports/invoice-lines.csv"): _export_range,
}


@schemathesis.hook
def before_call(ctx: Any, case: Any, kwargs: Any) -> None:
    rule = RULES.get((case.operation.method.upper(), case.operation.path))
    if rule is not None and _positive(case):
        rule(case)


def _segments(field: str) -> list[str]:
    return [part for part in re.split(r"[.\[\]]+", field) if part != ""]


def _matches(stated: str, field: str) -> bool:
    want, got = _segments(stated), _segments(field)
    return len(want) == len(got) and all(w in ("*", g) for w, g in zip(want, got))


@schemathesis.hook
def filter_failure(ctx: Any, failure: Any, case: Any, response: Any) -> bool:
    """Drops a rejection of schema-valid data that only names rules the operation states."""
    if getattr(failure, "code", None) != "ST202" or response.status_code != 400:
        return True
    raw = getattr(getattr(case.operation, "definition", None), "raw", None) or {}
    stated = [r.get("field") for r in raw.get("x-stated-rules", []) if isinstance(r, dict)]
    if not stated:
        return True
    try:
        details = response.json()["error"]["details"]
    except Exception:
        return True
    if not isinstance(details, list) or not details:
        return True
    fields = [d.get("field") if isinstance(d, dict) else None for d in details]
    explained = all(
        isinstance(field, str) and any(isinstance(s, str) and _matches(s, field) for s in stated)
        for field in fields
    )
    return not explained
