"""Code tables: files, sources, lookups by code, name and alias."""

from __future__ import annotations

import pytest

from desktop.domain.codes import all_tables, lookup_key, table

REQUIRED_TABLES = {
    "gender", "ethnicity", "political", "id_type", "level", "study_mode", "school_type",
    "status_change", "deregistration", "review_conclusion", "admission_type", "graduation",
    "registration_status", "record_note", "other_certificate", "correction_type",
    "identity_item", "province",
}  # fmt: skip


def test_every_table_is_there_with_source_and_version() -> None:
    tables = all_tables()
    assert set(tables) >= REQUIRED_TABLES
    for t in tables.values():
        assert t.source and t.version and t.title and len(t) > 0


def test_gb3304_has_all_56_groups_in_order() -> None:
    eth = table("ethnicity")
    assert [e.code for e in eth][:56] == [f"{i:02d}" for i in range(1, 57)]
    assert eth.name_of("01") == "汉族" and eth.name_of("56") == "基诺族"
    assert eth.name_of("04") == "藏族" and eth.name_of("23") == "高山族"


def test_provinces_follow_gb2260() -> None:
    prov = table("province")
    assert len(prov) == 34
    assert prov.name_of("11") == "北京市" and prov.name_of("65") == "新疆维吾尔自治区"
    assert {"71", "81", "82"} <= prov.codes


@pytest.mark.parametrize(
    ("key", "typed", "code"),
    [
        ("ethnicity", "汉族", "01"),
        ("ethnicity", "1", "01"),
        ("ethnicity", "０１", "01"),
        ("ethnicity", " 汉 ", "01"),
        ("gender", "女性", "2"),
        ("level", "专科（高职）", "06"),
        ("level", "专升本", "07"),
        ("political", "共青团员", "03"),
        ("province", "内蒙古", "15"),
        ("study_mode", "全日制", "1"),
    ],
)
def test_lookup_by_code_name_or_alias(key: str, typed: str, code: str) -> None:
    entry = table(key).lookup(typed)
    assert entry is not None and entry.code == code


def test_unknown_values_are_none() -> None:
    assert table("ethnicity").lookup("火星族") is None
    assert table("gender").lookup("3") is None


def test_no_spelling_names_two_entries() -> None:
    for t in all_tables().values():
        seen: dict[str, str] = {}
        for e in t:
            for spelling in {lookup_key(s) for s in (e.code, e.name, *e.aliases)}:
                assert seen.setdefault(spelling, e.code) == e.code, (t.key, spelling)


def test_level_spans_and_certificate_levels() -> None:
    level = table("level")
    bachelor = level.by_code("05")
    assert (bachelor.extra["min_years"], bachelor.extra["max_years"]) == ("4", "5")
    assert level.by_code("07").extra["cert_level"] == "05"
