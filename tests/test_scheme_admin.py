"""Platform admins see every parameter's history and try a proposed file against recorded enrolments."""

import io
import re

from marketplace.core.jobs import commit
from marketplace.funding.snapshots import assess_enrolment

from .test_ledgers import DAY, a_run, agency_worker


def test_admins_see_each_parameter_with_its_history_and_sources(client, world):
    client.login(world.admin.email)
    client.get("/taal/en")
    page = client.get("/beheer/regelingen")
    assert page.status_code == 200
    assert "max_per_employee_per_year" in page.text and "https://www.doorzaam.nl" in page.text
    assert page.text.count('<section aria-labelledby="scheme-') == 7  # common + six schemes
    client.logout()
    client.login(world.employer_owner.email)
    assert client.get("/beheer/regelingen").status_code == 403


def upload(client, target: str, content: bytes):
    token = client.csrf_token("/beheer/regelingen/proberen")
    return client.post("/beheer/regelingen/proberen", data={
        "csrf_token": token, "target": target, "proposal": (io.BytesIO(content), "proposal.yaml")},
        content_type="multipart/form-data")


def test_a_proposed_cap_shows_which_enrolments_would_change_and_by_how_much(client, world):
    worker = agency_worker(world.agency)
    assess_enrolment(world.agency, worker, a_run(world.provider, price=180000), [], DAY, "enrolment:1")
    commit()
    client.login(world.admin.email)
    client.get("/taal/en")
    proposal = b"""description:
  nl: Hoogste bedrag per uitzendkracht per kalenderjaar.
  en: Highest amount per agency worker per calendar year.
unit: EUR
certainty: S
values:
  2024-01-01:
    value: "1500.00"
    source: https://www.doorzaam.nl/werksituatie/nederlands-taalbudget/
  2026-01-01:
    value: "1800.00"
    source: https://www.doorzaam.nl/werksituatie/nederlands-taalbudget/
"""
    response = upload(client, "doorzaam_taalbudget/parameters/max_per_employee_per_year.yaml", proposal)
    assert response.status_code == 200, re.findall(r"<li>(.*?)</li>", response.text)
    assert "1 enrolment compared" in response.text
    assert "enrolment:1" in response.text and "EUR\xa0300.00" in response.text  # 1,500 -> 1,800


def test_a_malformed_proposal_is_refused_with_its_reason(client, world):
    client.login(world.admin.email)
    response = upload(client, "doorzaam_taalbudget/parameters/max_per_employee_per_year.yaml",
                      b"values:\n  2024-01-01:\n    value: 1500.5\n")
    assert response.status_code == 422 and 'id="proposal-error"' in response.text


def test_a_proposal_that_is_not_text_is_refused(client, world):
    client.login(world.admin.email)
    response = upload(client, "doorzaam_taalbudget/parameters/max_per_employee_per_year.yaml", b"\xff\xfe\x00bad")
    assert response.status_code == 422 and 'id="proposal-error"' in response.text
