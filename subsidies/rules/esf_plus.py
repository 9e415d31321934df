"""ESF+ 2021-2027: a programme a fund or region runs, not a form an employer files.

Source: Subsidieregeling ESF+ 2021-2027 (Stcrt. 2022, 11636); employers cannot apply directly [I];
regions max 40% [S]/[S2]; sectors 40%, basic skills incl. language eligible [S]; social innovation
chapter for labour migrants incl. EU workers, reported 95% (Stcrt. 2025, 21546) [S]/[S2].
The decision is always `not_applicable` for the employer; the other checks tell a fund or region
whether the participant could be enrolled.
"""

from subsidies.assessment import Assessment
from subsidies.facts import Facts
from subsidies.money import percent_text

SCHEME_ID = "esf_plus"
_SOCIAL_INNOVATION = "https://zoek.officielebekendmakingen.nl/stcrt-2025-21546.html"


def judge(facts: Facts, a: Assessment) -> None:
    sectors, regions = a.param("rate_sectors"), a.param("rate_regions_max")
    a.failed(
        "applicant_route",
        "Een werkgever vraagt ESF+ niet zelf aan: een arbeidsmarktregio of O&O-fonds voert een programma uit "
        "en "
        f"schrijft deelnemers in (ESF-deel regio's tot {percent_text(regions)}, sectoren "
        f"{percent_text(sectors)}).",
        "An employer does not apply for ESF+ itself: a labour-market region or sector fund runs a programme "
        "and "
        f"enrols participants (ESF share regions up to {percent_text(regions)}, sectors "
        f"{percent_text(sectors)}).",
        route=True,
    )
    a.passed(
        "basic_skills",
        "Taalonderwijs telt als basisvaardigheid in het hoofdstuk sectoren.",
        "Language training counts as a basic skill in the sectors chapter.",
    )
    _target_group(facts, a)
    a.passed(
        "attendance_records",
        "Het fonds heeft urenstaten en presentielijsten nodig; Taalmarkt registreert aanwezigheid per les.",
        "The fund needs time sheets and attendance forms; Taalmarkt records attendance per session.",
    )


def _target_group(facts: Facts, a: Assessment) -> None:
    migrant = facts.employee.labour_migrant
    social = a.param("rate_social_innovation")  # None before the chapter opened in June 2025
    if migrant and social is not None:
        a.passed(
            "target_group",
            f"Arbeidsmigrant: doelgroep van het hoofdstuk sociale innovatie (gemeld {percent_text(social)}).",
            "Labour migrant: a target group of the social innovation chapter (reported "
            f"{percent_text(social)}).",
            _SOCIAL_INNOVATION,
        )
    else:
        facts_needed = ("employee.labour_migrant",) if migrant is None else ()
        a.unknown(
            "target_group",
            facts_needed,
            "Andere doelgroepen (opleiding tot mbo-2, inkomen tot 130% van het minimumloon) zijn met deze "
            "gegevens niet te beoordelen; het fonds of de regio toetst dat bij inschrijving.",
            "Other target groups (education up to MBO level 2, earnings up to 130% of minimum wage) cannot "
            "be "
            "judged from these facts; the fund or region checks that at enrolment.",
        )
