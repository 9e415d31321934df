"""The parameter loader refuses what would silently change someone's subsidy, and looks values up by date."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from subsidies import ParameterError, load_schemes
from subsidies.catalogue import SCHEMES_DIR
from subsidies.parameters import load_parameter_file

GOOD = """\
description: {nl: Maximum per jaar., en: Maximum per year.}
unit: EUR
certainty: S
values:
  2024-01-01: {value: "1500.00", source: "https://example.org/a"}
  2026-01-01: {value: "2000.00", source: "https://example.org/b"}
  2028-01-01: {value: null, source: "https://example.org/c"}
"""


def write(tmp_path: Path, text: str, name: str = "max_per_year.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rejected(tmp_path: Path, text: str) -> ParameterError:
    path = write(tmp_path, text)
    with pytest.raises(ParameterError) as caught:
        load_parameter_file(path)
    assert str(path) in str(caught.value), "the error names the file"
    return caught.value


def test_lookup_takes_the_newest_value_dated_on_or_before_the_day(tmp_path):
    parameter = load_parameter_file(write(tmp_path, GOOD))
    assert parameter.value_on(dt.date(2023, 12, 31)) is None
    assert parameter.value_on(dt.date(2024, 1, 1)) == 150000
    assert parameter.value_on(dt.date(2025, 12, 31)) == 150000
    assert parameter.value_on(dt.date(2026, 1, 1)) == 200000
    assert parameter.value_on(dt.date(2026, 1, 2)) == 200000


def test_null_ends_the_rule_from_its_date_on(tmp_path):
    parameter = load_parameter_file(write(tmp_path, GOOD))
    assert parameter.value_on(dt.date(2027, 12, 31)) == 200000
    assert parameter.value_on(dt.date(2028, 1, 1)) is None
    assert parameter.value_on(dt.date(2099, 1, 1)) is None


def test_money_is_reported_in_cents_under_a_name_ending_in_cents(tmp_path):
    parameter = load_parameter_file(write(tmp_path, GOOD))
    assert parameter.report_name() == "max_per_year_cents"
    assert parameter.report_value(parameter.value_on(dt.date(2024, 6, 1))) == 150000


def test_a_float_amount_is_rejected(tmp_path):
    error = rejected(tmp_path, GOOD.replace('"1500.00"', "1500.00"))
    assert error.key == "1500.00" and "float" in error.problem and "line 5" in error.problem


def test_a_float_anywhere_is_rejected(tmp_path):
    error = rejected(tmp_path, GOOD.replace("certainty: S", "certainty: S\nweight: 0.5"))
    assert "float" in error.problem


def test_an_integer_amount_is_rejected_money_is_a_string(tmp_path):
    error = rejected(tmp_path, GOOD.replace('"1500.00"', "1500"))
    assert error.key == "values.2024-01-01.value" and "quoted string" in error.problem


def test_money_with_more_than_two_decimals_is_rejected(tmp_path):
    error = rejected(tmp_path, GOOD.replace('"1500.00"', '"1500.005"'))
    assert error.key == "values.2024-01-01.value"


def test_an_impossible_date_is_rejected(tmp_path):
    error = rejected(tmp_path, GOOD.replace("2026-01-01", "2026-02-30"))
    assert error.key == "2026-02-30" and "not a real date" in error.problem


def test_a_key_that_is_not_a_date_is_rejected(tmp_path):
    error = rejected(tmp_path, GOOD.replace("2026-01-01:", "next_year:"))
    assert error.key == "values.next_year" and "date" in error.problem


def test_a_date_with_a_time_is_rejected(tmp_path):
    error = rejected(tmp_path, GOOD.replace("2026-01-01:", "2026-01-01 10:00:00:"))
    assert "date" in error.problem


def test_a_duplicate_date_is_rejected(tmp_path):
    error = rejected(tmp_path, GOOD.replace("2026-01-01:", "2024-01-01:"))
    assert error.key == "2024-01-01" and "duplicate key" in error.problem and "line 6" in error.problem


def test_a_duplicate_top_level_key_is_rejected(tmp_path):
    error = rejected(tmp_path, GOOD.replace("unit: EUR\n", "unit: EUR\nunit: rate\n"))
    assert error.key == "unit" and "duplicate key" in error.problem


def test_a_value_without_a_source_is_rejected(tmp_path):
    error = rejected(tmp_path, GOOD.replace(', source: "https://example.org/b"', ""))
    assert error.key == "values.2026-01-01.source"


def test_an_unknown_key_is_rejected(tmp_path):
    error = rejected(tmp_path, GOOD.replace("unit: EUR", "unit: EUR\nunits: EUR"))
    assert error.key == "(file).units"


def test_an_inferred_value_must_state_its_assumption(tmp_path):
    error = rejected(tmp_path, GOOD.replace("certainty: S", "certainty: I"))
    assert error.key == "assumption"


def test_a_rate_above_one_is_rejected(tmp_path):
    text = GOOD.replace("unit: EUR", "unit: rate").replace('"1500.00"', '"1.5"').replace('"2000.00"', '"0.6"')
    error = rejected(tmp_path, text)
    assert error.key == "values.2024-01-01.value" and "between" in error.problem


def test_yes_and_on_stay_text_not_booleans(tmp_path):
    text = GOOD.replace("unit: EUR", "unit: names").replace('"1500.00"', "[on, yes, no]")
    text = text.replace('"2000.00"', "[off]")
    parameter = load_parameter_file(write(tmp_path, text))
    assert parameter.value_on(dt.date(2024, 1, 1)) == ("on", "yes", "no")


def test_every_shipped_parameter_file_loads():
    catalogue = load_schemes()
    assert [s.id for s in catalogue.schemes] == [
        "doorzaam_taalbudget",
        "slim",
        "slim_scholing",
        "esf_plus",
        "tel_mee_met_taal",
        "sowis",
    ]
    assert {"de_minimis_ceiling", "order_of_preference"} <= set(catalogue.common)
    for scheme in catalogue.schemes:
        assert scheme.parameters, scheme.id
        for parameter in scheme.parameters.values():
            assert all(e.source for e in parameter.history), parameter.path


def test_a_stray_file_in_the_tree_is_rejected(tmp_path):
    root = tmp_path / "schemes"
    shutil.copytree(SCHEMES_DIR, root)
    (root / "slim" / "rate_small.yaml").write_text("x: 1\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="unexpected file"):
        load_schemes(str(root))


def test_a_scheme_yaml_naming_another_scheme_is_rejected(tmp_path):
    root = tmp_path / "schemes"
    shutil.copytree(SCHEMES_DIR, root)
    meta = root / "sowis" / "scheme.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: sowis", "id: slim"), encoding="utf-8")
    with pytest.raises(ParameterError) as caught:
        load_schemes(str(root))
    assert caught.value.key == "id" and "sowis" in caught.value.path


def test_scheme_version_moves_when_a_parameter_file_changes(tmp_path):
    root = tmp_path / "schemes"
    shutil.copytree(SCHEMES_DIR, root)
    day = dt.date(2026, 3, 2)
    before = load_schemes(str(root)).scheme("doorzaam_taalbudget").version_on(day)
    cap = root / "doorzaam_taalbudget" / "parameters" / "max_per_employee_per_year.yaml"
    cap.write_text(cap.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    load_schemes.cache_clear()
    after = load_schemes(str(root)).scheme("doorzaam_taalbudget").version_on(day)
    assert before.split("+")[0] == after.split("+")[0] == "2024-01-01"
    assert before != after
    # A scheme's hash covers its own files and the common ones only.
    assert load_schemes(str(root)).scheme("slim").version_on(day) == load_schemes().scheme("slim").version_on(
        day
    )


def _copy(tmp_path) -> Path:
    root = tmp_path / "schemes"
    shutil.copytree(SCHEMES_DIR, root)
    return root


def test_every_value_carries_the_grade_of_its_source():
    catalogue = load_schemes()
    for scheme in catalogue.schemes:
        assert catalogue.grade(scheme.source) in ("official", "secondary"), scheme.id
        for parameter in scheme.parameters.values():
            for entry in parameter.history:
                assert entry.grade in ("official", "secondary", "assumption"), (parameter.path, entry.start)
                if parameter.certainty in ("I", "open"):
                    assert entry.grade == "assumption"
                else:
                    assert entry.grade == catalogue.sources[entry.source].grade


def test_a_source_missing_from_sources_yaml_is_rejected(tmp_path):
    root = _copy(tmp_path)
    path = root / "slim_scholing" / "parameters" / "rate_nlqf_4.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "https://zoek.officielebekendmakingen.nl/stcrt-2025-7276.html", "https://example.org/ungraded"),
        encoding="utf-8")
    with pytest.raises(ParameterError, match="not listed in sources.yaml") as caught:
        load_schemes(str(root))
    assert "rate_nlqf_4" in caught.value.path


def test_a_consultants_page_cannot_be_graded_official(tmp_path):
    root = _copy(tmp_path)
    with (root / "slim" / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write("https://www.consultant.example/slim:\n  grade: official\n  title: A consultant's page\n")
    with pytest.raises(ParameterError, match="not a government, agency or fund site"):
        load_schemes(str(root))


def test_a_value_stated_by_a_secondary_source_must_say_so(tmp_path):
    root = _copy(tmp_path)
    with (root / "slim_scholing" / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write("https://www.consultant.example/slim:\n  grade: secondary\n  title: A consultant's page\n")
    path = root / "slim_scholing" / "parameters" / "rate_nlqf_4.yaml"
    text = path.read_text(encoding="utf-8")
    assert "certainty: S\n" in text
    path.write_text(text.replace("https://zoek.officielebekendmakingen.nl/stcrt-2025-7276.html",
                                 "https://www.consultant.example/slim"), encoding="utf-8")
    with pytest.raises(ParameterError, match="needs an official source"):
        load_schemes(str(root))
