"""What an admin page shows: every scheme's parameters with their full dated history and sources."""

from subsidies.catalogue import COMMON, Catalogue, load_schemes
from subsidies.messages import _
from subsidies.parameters import Parameter


def parameter_history(catalogue: Catalogue | None = None) -> list[dict]:
    """Per scheme (and `common`), each parameter with its dated values, sources and certainty.

    Each history row runs from `from` until the next row's `from` (`until`, exclusive; null: open).
    """
    catalogue = catalogue or load_schemes()
    listing = [
        {
            "scheme": COMMON,
            "name": _("Common").to_dict(),
            "source": None,
            "parameters": [_parameter(p) for p in catalogue.common.values()],
        }
    ]
    for scheme in catalogue.schemes:
        listing.append(
            {
                "scheme": scheme.id,
                "name": scheme.name.to_dict(),
                "authority": scheme.authority,
                "applicant": scheme.applicant,
                "payee": scheme.payee,
                "source": scheme.source,
                "grade": catalogue.grade(scheme.source),
                "description": scheme.description.to_dict(),
                "content_hash": scheme.content_hash,
                "assumptions": [
                    {"id": a.id, "certainty": a.certainty, **a.text.to_dict()} for a in scheme.assumptions
                ],
                "parameters": [_parameter(p) for p in scheme.parameters.values()],
            }
        )
    return listing


def _parameter(parameter: Parameter) -> dict:
    rows = []
    for index, entry in enumerate(parameter.history):
        until = parameter.history[index + 1].start if index + 1 < len(parameter.history) else None
        rows.append(
            {
                "from": entry.start.isoformat(),
                "until": until.isoformat() if until else None,
                "value": parameter.report_value(entry.value),
                "ends_rule": entry.value is None,
                "source": entry.source,
                "grade": entry.grade,
                "note": entry.note,
            }
        )
    return {
        "name": parameter.report_name(),
        "file": parameter.path,
        "unit": parameter.unit,
        "certainty": parameter.certainty,
        "description": parameter.description.to_dict(),
        "assumption": parameter.assumption.to_dict() if parameter.assumption else None,
        "history": rows,
    }
