"""ESF+ 2021-2027: a programme a fund or region runs, not a form an employer files.

Source: Subsidieregeling ESF+ 2021-2027 (Stcrt. 2022, 11636); employers cannot apply directly [I];
regions max 40% [S]/[S2]; sectors 40%, basic skills incl. language eligible [S]; social innovation
chapter for labour migrants incl. EU workers, reported 95% (Stcrt. 2025, 21546) [S]/[S2].
The decision is always `not_applicable` for the employer; the other checks tell a fund or region
whether the participant could be enrolled.
"""

from subsidies.assessment import Assessment
from subsidies.facts import Facts
from subsidies.messages import Percent, _

SCHEME_ID = "esf_plus"
_SOCIAL_INNOVATION = "https://zoek.officielebekendmakingen.nl/stcrt-2025-21546.html"


def judge(facts: Facts, a: Assessment) -> None:
    sectors, regions = a.param("rate_sectors"), a.param("rate_regions_max")
    a.failed(
        "applicant_route",
        _(
            "An employer does not apply for ESF+ itself: a labour-market region or sector fund runs a programme "
            "and enrols participants (ESF share regions up to %(regions)s, sectors %(sectors)s).",
            regions=Percent(regions),
            sectors=Percent(sectors),
        ),
        route=True,
    )
    a.passed("basic_skills", _("Language training counts as a basic skill in the sectors chapter."))
    _target_group(facts, a)
    a.passed(
        "attendance_records",
        _("The fund needs time sheets and attendance forms; Taalmarkt records attendance per session."),
    )


def _target_group(facts: Facts, a: Assessment) -> None:
    migrant = facts.employee.labour_migrant
    social = a.param("rate_social_innovation")  # None before the chapter opened in June 2025
    if migrant and social is not None:
        a.passed(
            "target_group",
            _(
                "Labour migrant: a target group of the social innovation chapter (reported %(rate)s).",
                rate=Percent(social),
            ),
            _SOCIAL_INNOVATION,
        )
    else:
        facts_needed = ("employee.labour_migrant",) if migrant is None else ()
        a.unknown(
            "target_group",
            facts_needed,
            _(
                "Other target groups (education up to MBO level 2, earnings up to 130%% of minimum wage) cannot be "
                "judged from these facts; the fund or region checks that at enrolment."
            ),
        )
