"""ESF+ 2021-2027: a programme a fund or region runs, not a form an employer files.

Source: Subsidieregeling ESF+ 2021-2027 (regulation of 22 April 2022, Stcrt. 2022, 11636; in force as on
wetten.overheid.nl); employers cannot apply directly [I]. Labour-market regions chapter from the amendment
of 13 September 2022, max 40% [I: day of entry; rate as reported]; sectors chapter (O&O funds, social
partners; Stcrt. 2023, 19830) announced 17 July 2023, 40%, windows 2 Oct 2023 - 2 May 2024 and 14 Jul 2025 -
30 Jun 2026 [S, Uitvoering van Beleid]; language is a basic skill (art. 1.1) [S]; social innovation chapter
of 18 June 2025 for statushouders, Ukrainians and labour migrants, reported 95% (Stcrt. 2025, 21546) [S]/[I].
Statushouders are a target group of the regions, sectors and social innovation chapters [S].
The decision is always `not_applicable` for the employer; the other checks tell a fund or region
whether the participant could be enrolled.
"""

from subsidies.assessment import Assessment
from subsidies.facts import Facts
from subsidies.messages import Day, Percent, _

SCHEME_ID = "esf_plus"
_REGULATION = "https://wetten.overheid.nl/BWBR0046622/2024-06-22/0"
_REGIONS_GROUPS = (
    "https://www.uitvoeringvanbeleidszw.nl/subsidies-en-regelingen/esf/nieuws/2022/09/29/"
    "vanaf-3-oktober-2022-subsidie-aanvragen-esf-arbeidsmarktregios-en-voedselhulp"
)
_SECTORS_GROUPS = (
    "https://www.uitvoeringvanbeleidszw.nl/actueel/nieuws/2023/07/17/"
    "esf-vanaf-2-oktober-subsidie-beschikbaar-voor-oo-fondsen-en-sociale-partners"
)
_SOCIAL_INNOVATION = "https://zoek.officielebekendmakingen.nl/stcrt-2025-21546.html"


def judge(facts: Facts, a: Assessment) -> None:
    sectors, regions = a.param("rate_sectors"), a.param("rate_regions_max")
    if sectors is None:
        route = _(
            "An employer does not apply for ESF+ itself: a labour-market region runs a programme and enrols "
            "participants (ESF share up to %(regions)s).",
            regions=Percent(regions),
        )
    else:
        route = _(
            "An employer does not apply for ESF+ itself: a labour-market region or sector fund runs a programme "
            "and enrols participants (ESF share regions up to %(regions)s, sectors %(sectors)s).",
            regions=Percent(regions),
            sectors=Percent(sectors),
        )
    a.failed("applicant_route", route, route=True)
    a.passed("basic_skills", _("Language skills are basic skills in the regulation's definitions (article 1.1)."),
             _REGULATION)
    _sectors_window(a)
    _target_group(facts, a, sectors is not None)
    a.passed(
        "attendance_records",
        _("The fund needs time sheets and attendance forms; Taalmarkt records attendance per session."),
    )


def _sectors_window(a: Assessment) -> None:
    """Whether an O&O fund or the social partners can apply for a new sectors project on `on`."""
    windows = a.param("sectors_windows")
    parameter = a.scheme.parameter("sectors_windows")
    entry = parameter.entry_on(a.on)
    source = (entry or parameter.history[0]).source
    if windows is None:
        a.failed("sectors_window", _("The sectors chapter (O&O funds, social partners) is not in force on %(on)s.",
                                     on=Day(a.on)), source)
        return
    for window in windows:
        if a.on in window:
            a.passed(
                "sectors_window",
                _(
                    "An O&O fund or the social partners can apply for an ESF+ sectors project on %(on)s (window "
                    "%(first)s to %(last)s).",
                    on=Day(a.on),
                    first=Day(window.first),
                    last=Day(window.last),
                ),
                source,
            )
            return
    later = [w for w in windows if w.first > a.on]
    if later:
        text = _(
            "No ESF+ sectors window is open on %(on)s; the next opens on %(next)s. Until then a fund can enrol "
            "the worker only in a project it already runs.",
            on=Day(a.on),
            next=Day(later[0].first),
        )
    else:
        text = _(
            "No ESF+ sectors window is open on %(on)s and no later one is known; a fund can enrol the worker "
            "only in a project it already runs.",
            on=Day(a.on),
        )
    a.failed("sectors_window", text, source)


def _target_group(facts: Facts, a: Assessment, sectors_in_force: bool) -> None:
    statushouder, migrant = facts.employee.statushouder, facts.employee.labour_migrant
    social = a.param("rate_social_innovation")  # None before the chapter of 18 June 2025
    if statushouder and social is not None:
        a.passed(
            "target_group",
            _(
                "Statushouder: a target group of the regions, sectors and social innovation chapters (social "
                "innovation: reported %(rate)s).",
                rate=Percent(social),
            ),
            _SOCIAL_INNOVATION,
        )
    elif statushouder and sectors_in_force:
        a.passed("target_group", _("Statushouder: a target group of the regions and sectors chapters."),
                 _SECTORS_GROUPS)
    elif statushouder:
        a.passed("target_group", _("Statushouder: a target group of the labour-market regions chapter."),
                 _REGIONS_GROUPS)
    elif migrant and social is not None:
        a.passed(
            "target_group",
            _(
                "Labour migrant: a target group of the social innovation chapter (reported %(rate)s).",
                rate=Percent(social),
            ),
            _SOCIAL_INNOVATION,
        )
    else:
        needed = ("employee.statushouder",) if statushouder is None else ()
        if migrant is None and social is not None:
            needed += ("employee.labour_migrant",)
        a.unknown(
            "target_group",
            needed,
            _(
                "Other target groups (among them a low level of education or earnings up to 130%% of minimum "
                "wage) cannot be judged from these facts; the fund or region checks that at enrolment."
            ),
        )
