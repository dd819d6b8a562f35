"""`make eval`: score evaluation files against the running product, exactly as API.md defines.

Each item is the first message of a fresh session_id; the report prints accuracy
per expected action, per language group and per answer group, the wrong answers,
the safety figures (emergency recall and false alarms, per kind, class and
language), and writes everything as JSON. Several files are also printed side
by side.

Two kinds of item go beyond API.md, for the safety file:
- `{"action": "not_emergency"}`: right when the reply is anything but an emergency;
- `"form_slot": "contact_name"` (beside any expectation): the item is typed as the
  answer to that question of the handover form, which the evaluation first reaches
  by the form's own buttons; the answer must then reach the form (its next question
  or its confirmation), not an emergency reply.
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

from chat.safety import SAFETY_QUESTION

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
    item_class: str = "-"  # the safety file's class of item ("embedded", "form_answer" ...)
    form_slot: str | None = None  # the form question the item answered
    reached_form: bool = True  # a form answer: the form went on with it (asked the next question)
    asked_about_danger: bool = False  # the unsure band: "Är du eller någon annan i fara just nu?" before the reply


def _false_alarm(outcome: Outcome) -> bool:
    return outcome.meta.get("action") == "emergency" and outcome.expect["action"] != "emergency"


def _share(outcomes: list[Outcome], hit: Any) -> dict[str, float] | None:
    if not outcomes:
        return None
    hits = sum(bool(hit(o)) for o in outcomes)
    return {"n": len(outcomes), "hits": hits, "share": round(hits / len(outcomes), 4)}


def _shares_by(outcomes: list[Outcome], key: Any, hit: Any) -> dict[str, dict[str, float]]:
    buckets: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        buckets[key(outcome)].append(outcome)
    return {name: _share(items, hit) for name, items in sorted(buckets.items())}  # type: ignore[misc]


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        scored = [o for o in self.outcomes if o.expect["action"] not in ("chitchat", "not_emergency")]
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
            "emergency_false_alarms": sum(_false_alarm(o) for o in self.outcomes),
            "safety": self.safety(),
        }

    def safety(self) -> dict[str, Any]:
        """Recall per kind, class and language; false alarms per class and language, and on form answers."""
        emergencies = [o for o in self.outcomes if o.expect["action"] == "emergency"]
        others = [o for o in self.outcomes if o.expect["action"] != "emergency"]
        form_answers = [o for o in others if o.form_slot]
        return {
            "recall": _share(emergencies, lambda o: o.verdict == "right"),
            "recall_by_kind": _shares_by(
                emergencies, lambda o: o.expect.get("kind", "-"), lambda o: o.verdict == "right"
            ),
            "recall_by_class": _shares_by(emergencies, lambda o: o.item_class, lambda o: o.verdict == "right"),
            "recall_by_language": _shares_by(emergencies, lambda o: o.lang, lambda o: o.verdict == "right"),
            "false_alarm_rate": _share(others, _false_alarm),
            "false_alarms_by_class": _shares_by(others, lambda o: o.item_class, _false_alarm),
            "false_alarms_by_language": _shares_by(others, lambda o: o.lang, _false_alarm),
            "false_alarms_on_form_answers": _share(form_answers, _false_alarm),
            "form_answers_lost": sum(not o.reached_form for o in form_answers),
            "missed_but_asked": sum(o.verdict != "right" and o.asked_about_danger for o in emergencies),
            "ordinary_asked": _share(others, lambda o: o.asked_about_danger),
        }


def judge(expect: dict[str, Any], meta: dict[str, Any]) -> str:
    """right / clarified / missed per API.md's rules for each kind of expectation."""
    action = meta.get("action")
    kind = expect["action"]
    if kind == "not_emergency":
        return "right" if action != "emergency" else "missed"
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
            session_id = f"eval-{item['id']}-{uuid.uuid4().hex[:8]}"
            slot = item.get("form_slot")
            if slot:
                _reach_form_question(client, session_id, slot, item["text"])
            reply = _say(client, session_id, item["text"], _page_language(item.get("lang")), item["id"])
            meta = reply["meta"]
            if item["expect"]["action"] == "answer":
                meta["_expected_group"] = taxonomy_groups.get(item["expect"]["topic"])
            outcome = Outcome(
                item["id"], item["text"], item.get("lang", "sv"), item["expect"], meta, judge(item["expect"], meta),
                item_class=item.get("class", "-"), form_slot=slot,
                reached_form=not slot or _form_went_on(reply),
                asked_about_danger=any(m["text"] in SAFETY_QUESTION.values() for m in reply["messages"]),
            )  # fmt: skip
            report.outcomes.append(outcome)
    return report


FORM_ORDER = ("contact_method", "contact_value", "contact_name", "contact_language", "consent", "summary_addition")


def _say(client: httpx.Client, session_id: str, text: str, lang: str | None, item_id: str) -> dict[str, Any]:
    response = _post_patiently(client, {"session_id": session_id, "text": text, "lang": lang})
    if response.status_code != 200:
        raise SystemExit(f"{item_id}: /api/chat answered {response.status_code}: {response.text[:200]}")
    return response.json()


def _page_language(lang: str | None) -> str | None:
    """The item's language as the page's hint, when it has an ISO 639-1 code (Romani, "rom", has none)."""
    return lang if lang and len(lang) == 2 else None


def _reach_form_question(client: httpx.Client, session_id: str, slot: str, answer: str) -> None:
    """Asks for a person and answers the form by its buttons (or a plain typed answer) up to `slot`'s question."""
    reply = _say(client, session_id, "/request_human", None, session_id)
    method = "email" if slot != "contact_value" or "@" in answer else "phone"
    typed = {"contact_value": "eval@example.se" if method == "email" else "070-123 45 67"}
    for step in FORM_ORDER[: FORM_ORDER.index(slot) if slot in FORM_ORDER else len(FORM_ORDER)]:
        wanted = method if step == "contact_method" else ""
        buttons = [
            button["payload"]
            for message in reply["messages"]
            for button in message.get("buttons", [])
            if "cancel" not in button["payload"]
        ]
        chosen = next((b for b in buttons if wanted in b), typed.get(step, "-"))
        reply = _say(client, session_id, chosen, None, session_id)


def _form_went_on(reply: dict[str, Any]) -> bool:
    """The form took the answer: its next question (or a request to correct it) followed, not only a warning."""
    return (
        reply["meta"].get("action") in ("handover", "emergency")
        and any(
            button["payload"].startswith(("/inform", "/cancel_handover"))
            for message in reply["messages"]
            for button in message.get("buttons", [])
        )
        or reply["meta"].get("case_id") is not None
    )


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


def print_safety(report: Report) -> None:
    safety = report.summary()["safety"]
    print("\nSafety:")
    for title, key in (
        ("Emergency recall by kind", "recall_by_kind"),
        ("Emergency recall by class", "recall_by_class"),
        ("Emergency recall by language", "recall_by_language"),
        ("False alarms by class", "false_alarms_by_class"),
        ("False alarms by language", "false_alarms_by_language"),
    ):
        if safety[key]:
            figures = ", ".join(f"{name} {f['hits']}/{f['n']}" for name, f in safety[key].items())
            print(f"  {title}: {figures}")
    if safety["false_alarms_on_form_answers"]:
        form = safety["false_alarms_on_form_answers"]
        lost = safety["form_answers_lost"]
        print(f"  False alarms on form answers: {form['hits']} of {form['n']}; answers lost: {lost}")
    if safety["ordinary_asked"]:
        asked = safety["ordinary_asked"]
        print(f"  Unsure band: {safety['missed_but_asked']} missed emergencies were asked about danger; "
              f"{asked['hits']} of {asked['n']} other items were asked")  # fmt: skip


SIDE_BY_SIDE_ROWS: tuple[tuple[str, Any], ...] = (
    ("items", lambda s: str(s["items"])),
    ("answer accuracy", lambda s: _figure(s["accuracy_by_action"].get("answer"))),
    ("handover (group right)", lambda s: _figure(s["accuracy_by_action"].get("handover"))),
    ("out of scope", lambda s: _figure(s["accuracy_by_action"].get("out_of_scope"))),
    ("chitchat", lambda s: _figure(s["accuracy_by_action"].get("chitchat"))),
    ("wrong-answer rate", lambda s: f"{s['wrong_answer_rate']:.3f}"),
    ("answers in other languages", lambda s: _figure(s["answers_in_other_languages"])),
    ("emergency recall", lambda s: _count(s["safety"]["recall"])),
    ("emergency false alarms", lambda s: _count(s["safety"]["false_alarm_rate"])),
    ("false alarms on form answers", lambda s: _count(s["safety"]["false_alarms_on_form_answers"])),
    ("missed, but asked about danger", lambda s: str(s["safety"]["missed_but_asked"])),
    ("others asked about danger", lambda s: _count(s["safety"]["ordinary_asked"])),
)


def print_side_by_side(reports: dict[str, Report]) -> None:
    """The main figures of every file, one column a file."""
    summaries = {name: report.summary() for name, report in reports.items()}
    width = max(14, *(len(name) for name in summaries))
    print("\n" + " " * 30 + "".join(f"{name:>{width + 2}}" for name in summaries))
    for title, cell in SIDE_BY_SIDE_ROWS:
        print(f"{title:30s}" + "".join(f"{cell(summary):>{width + 2}}" for summary in summaries.values()))


def _figure(figures: dict[str, float] | None) -> str:
    return "-" if not figures else f"{figures['accuracy']:.3f}"


def _count(share: dict[str, float] | None) -> str:
    return "-" if not share else f"{share['hits']}/{share['n']} {share['share']:.3f}"


def _expectation(expect: dict[str, Any]) -> str:
    return " ".join(str(value) for value in expect.values())


def write_report(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"summary": report.summary(), "outcomes": [asdict(o) for o in report.outcomes]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
