"""Schemathesis hooks for scripts/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

Some rules of the API cannot be said in JSON Schema because they depend on the clock or
relate two values; the OpenAPI document states them in prose instead. Schemathesis would
generate requests that break them and count each rejection as "schema-valid request
rejected". For the few such rules listed here, a positive test case (one schemathesis means
to be valid) is moved inside the rule before it is sent; negative cases are left alone, and
a value the schema already forbids is never touched, so nothing invalid is made valid.

Keep this list short: a rule JSON Schema can express belongs in the route's zod schema.
"""

from __future__ import annotations

import datetime as dt
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


def _events_within_window(case: Any) -> None:
    body = case.body
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        return
    now = dt.datetime.now(dt.timezone.utc)
    changed = False
    for event in body["events"]:
        if isinstance(event, dict) and _parse(event.get("timestamp")) is not None:
            offset = random.uniform(-EVENT_WINDOW_BACK.total_seconds(), EVENT_WINDOW_AHEAD.total_seconds())
            event["timestamp"] = _format(now + dt.timedelta(seconds=offset))
            changed = True
    if changed:
        case.body = body


def _export_range(case: Any) -> None:
    query = case.query
    if not isinstance(query, dict):
        return
    start, end = _parse(query.get("from")), _parse(query.get("to"))
    if start is None or end is None or start < end <= start + EXPORT_MAX_RANGE:
        return
    try:
        query["to"] = _format(start + dt.timedelta(days=random.randint(1, 366)))
    except OverflowError:  # `from` near year 9999
        query["from"] = _format(end - dt.timedelta(days=random.randint(1, 366)))
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
