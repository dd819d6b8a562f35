"""`make eval`: score an evaluation file against the running product, exactly as API.md defines.

Each item is the first message of a fresh session_id; the report prints accuracy
per expected action, per language group and per answer group, the wrong answers,
and writes everything as JSON.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

NON_SWEDISH_ENGLISH = "other"
RATE_LIMIT_RETRIES = 120


@dataclass
class Outcome:
    id: str
    text: str
    lang: str
    expect: dict[str, Any]
    meta: dict[str, Any]
    verdict: str  # right / wrong / clarified / missed


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        scored = [o for o in self.outcomes if o.expect["action"] != "chitchat"]
        wrong_answers = [o for o in scored if _is_wrong_answer(o)]
        return {
            "items": len(self.outcomes),
            "accuracy_by_action": _accuracy_by(self.outcomes, lambda o: o.expect["action"]),
            "accuracy_by_language": _accuracy_by(self.outcomes, _language_group),
            "accuracy_by_answer_group": _accuracy_by(
                [o for o in self.outcomes if _expected_group(o)], lambda o: _expected_group(o) or ""
            ),
            "answers_in_other_languages": _accuracy_by(
                [o for o in self.outcomes if o.expect["action"] == "answer" and _language_group(o) == "other"],
                lambda o: "answer",
            ).get("answer"),
            "wrong_answer_rate": round(len(wrong_answers) / max(1, len(scored)), 4),
            "clarified": sum(o.verdict == "clarified" for o in self.outcomes),
            "emergency_recall": _accuracy_by(self.outcomes, lambda o: o.expect["action"]).get("emergency"),
            "emergency_false_alarms": sum(
                o.meta.get("action") == "emergency" and o.expect["action"] != "emergency" for o in self.outcomes
            ),
        }


def judge(expect: dict[str, Any], meta: dict[str, Any]) -> str:
    """right / clarified / missed per API.md's rules for each kind of expectation."""
    action = meta.get("action")
    kind = expect["action"]
    if kind == "answer":
        if action == "answer" and meta.get("topic") == expect["topic"]:
            return "right"
        if action == "clarify" and expect["topic"] in (meta.get("candidates") or []):
            return "clarified"
        return "missed"
    if kind == "handover":
        ok = meta.get("answer_group") == expect["group"] and (action == "handover" or meta.get("offer_handover"))
        return "right" if ok else "missed"
    if kind == "out_of_scope":
        return "right" if action in ("out_of_scope", "fallback") else "missed"
    return "right" if action == kind else "missed"


def _is_wrong_answer(outcome: Outcome) -> bool:
    if outcome.meta.get("action") != "answer":
        return False
    return outcome.expect["action"] != "answer" or outcome.meta.get("topic") != outcome.expect.get("topic")


def _language_group(outcome: Outcome) -> str:
    return outcome.lang if outcome.lang in ("sv", "en") else NON_SWEDISH_ENGLISH


def _expected_group(outcome: Outcome) -> str | None:
    return outcome.expect.get("group") or outcome.meta.get("_expected_group")


def _accuracy_by(outcomes: Iterable[Outcome], key: Any) -> dict[str, dict[str, float]]:
    buckets: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        buckets[key(outcome)].append(outcome)
    return {
        name: {"n": len(items), "accuracy": round(sum(o.verdict == "right" for o in items) / len(items), 4)}
        for name, items in sorted(buckets.items())
    }


def load_items(path: Path) -> list[dict[str, Any]]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise SystemExit(f"{path}:{number}: not valid JSON ({error.msg})") from error
    return items


def evaluate(items: list[dict[str, Any]], *, base_url: str, taxonomy_groups: dict[str, str]) -> Report:
    """taxonomy_groups maps topic -> answer group, so answer items count toward their group too."""
    report = Report()
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for item in items:
            body = {
                "session_id": f"eval-{item['id']}-{uuid.uuid4().hex[:8]}",
                "text": item["text"],
                "lang": item.get("lang"),
            }
            response = _post_patiently(client, body)
            if response.status_code != 200:
                raise SystemExit(f"{item['id']}: /api/chat answered {response.status_code}: {response.text[:200]}")
            meta = response.json()["meta"]
            if item["expect"]["action"] == "answer":
                meta["_expected_group"] = taxonomy_groups.get(item["expect"]["topic"])
            verdict = judge(item["expect"], meta)
            report.outcomes.append(
                Outcome(item["id"], item["text"], item.get("lang", "sv"), item["expect"], meta, verdict)
            )
    return report


def _post_patiently(client: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    """POST /api/chat, waiting out the product's rate limit as its Retry-After asks: an evaluation is one client."""
    for _ in range(RATE_LIMIT_RETRIES):
        response = client.post("/api/chat", json=body)
        if response.status_code != 429:
            return response
        time.sleep(float(response.headers.get("Retry-After", "1")))
    return response


def print_report(report: Report) -> None:
    summary = report.summary()
    print(f"Items: {summary['items']}")
    for title, key in (
        ("By expected action", "accuracy_by_action"),
        ("By language", "accuracy_by_language"),
        ("By answer group", "accuracy_by_answer_group"),
    ):
        print(f"\n{title}:")
        for name, figures in summary[key].items():
            print(f"  {name:24s} {figures['accuracy']:.3f}  (n={figures['n']})")
    print(f"\nWrong-answer rate: {summary['wrong_answer_rate']:.3f}   clarified: {summary['clarified']}")
    not_emergencies = sum(o.expect["action"] != "emergency" for o in report.outcomes)
    print(f"Emergency false alarms: {summary['emergency_false_alarms']} of {not_emergencies} other items")
    other = summary["answers_in_other_languages"]
    if other:
        print(f"Answers in languages other than sv/en: {other['accuracy']:.3f} (n={other['n']})")
    wrong = [o for o in report.outcomes if o.verdict != "right"]
    if wrong:
        print("\nNot right (expected -> got):")
        for outcome in wrong:
            got = f"{outcome.meta.get('action')} {outcome.meta.get('topic') or outcome.meta.get('answer_group') or ''}"
            print(
                f"  {outcome.id} [{outcome.verdict}] {_expectation(outcome.expect)} -> {got.strip()} | "
                f"{outcome.text[:80]}"
            )


def _expectation(expect: dict[str, Any]) -> str:
    return " ".join(str(value) for value in expect.values())


def write_report(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"summary": report.summary(), "outcomes": [asdict(o) for o in report.outcomes]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
