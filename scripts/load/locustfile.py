"""Citizens chatting, for load measurement: a question, its answer, sometimes feedback, sometimes a handover.

    .venv/bin/locust -f scripts/load/locustfile.py --host http://127.0.0.1:8080 --headless -u 16 -r 4 -t 60s

Each simulated citizen opens a conversation, asks one of a few dozen ordinary questions in Swedish or English,
reads the answer for one to three seconds, and then either answers "Fick du svar?" (most), asks to be handed
over and fills in the form (about one in twenty), or leaves. scripts/load/measure.py runs this against a
cluster of one and of two replicas and prints the figures.
"""

from __future__ import annotations

import random
import uuid

from locust import HttpUser, between, task

QUESTIONS = (
    "hur ansöker jag om förskoleplats",
    "vad kostar förskolan per månad",
    "när töms soptunnan i min gata",
    "hur får jag boendeparkering",
    "vad kostar ett parkeringstillstånd för boende",
    "hur ansöker man om hemtjänst för min mamma",
    "vad gör en god man",
    "hur blir man god man",
    "när är skolvalet",
    "hur byter jag skola för mitt barn",
    "var lämnar jag grovsopor",
    "hur ansöker jag om ekonomiskt bistånd",
    "how do I apply for a preschool place",
    "when is my rubbish collected",
    "how much does a resident parking permit cost",
    "how do I get home care for my father",
    "what does a guardian (god man) do",
    "kan jag få färdtjänst",
    "hur säger jag upp min förskoleplats",
    "vem ska jag kontakta om buller från grannen",
)
HANDOVER = ("/request_human", "email", "anna.svensson@example.se", "-", "sv", "yes", "Jag vill prata med någon", "send")


class Citizen(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.session_id = f"load-{uuid.uuid4().hex[:16]}"

    def say(self, text: str, name: str) -> dict:
        with self.client.post(
            "/api/chat", json={"session_id": self.session_id, "text": text}, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:120]}")
                return {}
            return response.json()

    @task(20)
    def question_and_feedback(self) -> None:
        reply = self.say(random.choice(QUESTIONS), "question")
        buttons = [b["payload"] for m in reply.get("messages", []) for b in m.get("buttons", [])]
        feedback = [payload for payload in buttons if payload in ("/affirm", "/deny")]
        if feedback and random.random() < 0.6:
            self.say(random.choice(feedback), "feedback")

    @task(1)
    def handover(self) -> None:
        self.say(random.choice(QUESTIONS), "question")
        for text in HANDOVER:
            self.say(text, "handover form")

    @task(3)
    def leave(self) -> None:
        """A citizen who got an answer and closes the chat; the next task starts a new conversation."""
        self.session_id = f"load-{uuid.uuid4().hex[:16]}"
