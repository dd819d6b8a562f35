"""Schemathesis over the whole OpenAPI document of the running product, anonymous and signed in as each role.

Every operation gets generated requests, valid and invalid; the product (real backend, real
Rasa, on SQLite and on PostgreSQL) must answer each without a server error
and with a status, headers and body that the document declares. The figures
are printed.

Left out: Schemathesis's check that every schema-valid request is accepted.
Some rules are the domain's, not the schema's (consent must be given, an
answer group must exist, a text must have something visible left after
cleaning), and those requests get a 422 that says why, which is declared.
"""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.generation import GenerationMode

from staff.identity import Role
from tests.staff.factories import add_account, sign_in
from tests.support.stack import Stack

pytestmark = [pytest.mark.integration, pytest.mark.schemathesis, pytest.mark.slow]
EXAMPLES_PER_OPERATION = 30


def browser_headers(stack: Stack, role: Role | None) -> dict[str, str]:
    """What a browser of this person sends: nothing, or a signed-in session's cookie and its CSRF token."""
    if role is None:
        return {}
    add_account(stack.product.staff_auth, f"fuzz.{role.value}", roles=[role], groups=["forskola"])
    with httpx.Client(base_url=stack.base_url, timeout=30) as browser:
        assert sign_in(browser, f"fuzz.{role.value}").status_code == 303  # type: ignore[arg-type]
        token = browser.get("/api/staff/me").json()["csrf_token"]
        cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    return {"Cookie": cookie, "X-CSRF-Token": token}


def fuzz(operation: schemathesis.APIOperation, headers: dict[str, str], counts: Counter[str]) -> str | None:
    """Generated requests against one operation; the failure Hypothesis shrank to, or None."""

    @given(case=operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(GenerationMode.NEGATIVE))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def check(case: schemathesis.Case) -> None:
        counts["requests"] += 1
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    try:
        check()
    except (Exception, BaseExceptionGroup) as failure:  # failed checks come as a group
        return f"{operation.label}: {type(failure).__name__}: {str(failure)[:600]}"
    return None


def test_no_server_error_and_no_response_the_schema_does_not_declare(stack: Stack) -> None:
    schema = schemathesis.openapi.from_url(f"{stack.base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    counts: Counter[str] = Counter()
    failures = []
    for role in (None, *Role):
        headers = browser_headers(stack, role)
        for operation in operations:
            counts["operation runs"] += 1
            failure = fuzz(operation, headers, counts)
            if failure:
                failures.append(f"[{role or 'anonymous'}] {failure}")
    print(f"\nSchemathesis on {stack.settings.sqlalchemy_url.split(':')[0]}: {len(operations)} operations x "
          f"{len(Role) + 1} identities, {dict(counts)}, {len(failures)} failures")  # fmt: skip
    assert failures == [], "\n".join(failures)
