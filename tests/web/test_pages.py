"""The public pages and static files over HTTP (the browser tests are in tests/e2e)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.staff.factories import make_app, make_auth, staff_database

pytestmark = pytest.mark.unit


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(make_app(make_auth(staff_database(tmp_path / "staff.db"))))


def test_demo_page_embeds_the_widget_with_one_script_tag(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="sv">' in page.text and "Exempelstad" in page.text
    assert page.text.count("widget.js") == 1 and 'data-lang="sv"' in page.text
    assert "no-store" not in page.headers.get("cache-control", "")


def test_accessibility_statement_follows_diggs_template(client: TestClient) -> None:
    text = client.get("/tillganglighet").text
    for part in (
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Myndigheten för digital förvaltning (Digg)",
        "Teknisk information om webbplatsens tillgänglighet",
        "delvis förenlig",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
        "Redogörelsen uppdaterades senast den 2026-",
    ):
        assert part in text, part


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/static/widget.js", "javascript"), ("/static/widget.css", "css"), ("/static/staff.css", "css")],
)
def test_static_files(client: TestClient, path: str, kind: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and kind in response.headers["content-type"]


def test_widget_never_inserts_html_from_the_server() -> None:
    source = (Path(__file__).resolve().parents[2] / "web" / "static" / "widget.js").read_text(encoding="utf-8")
    assert "innerHTML" not in source and "insertAdjacentHTML" not in source and "eval(" not in source
