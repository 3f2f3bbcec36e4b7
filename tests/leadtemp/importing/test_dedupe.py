"""Duplicate detection: normalised e-mail and LinkedIn profile, name with a normalised phone or a
fuzzy company, conservatively."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp.importing.dedupe import (
    EMAIL,
    LINKEDIN,
    NAME,
    NAME_COMPANY,
    NAME_PHONE,
    DuplicateIndex,
    Keys,
    Match,
    MatchRules,
    Person,
    Profile,
    normalise_company,
    normalise_email,
    normalise_name,
    normalise_phone,
)
from leadtemp.linkedin import normalise_linkedin


def _index(*people: Person, region: str | None = None) -> DuplicateIndex[int]:
    index: DuplicateIndex[int] = DuplicateIndex(MatchRules(region=region))
    for number, person in enumerate(people, start=1):
        index.add(number, person)
    return index


def test_email_is_casefolded_trimmed_and_nfc() -> None:
    assert normalise_email("  Dana.Lee@Example.COM ") == "dana.lee@example.com"
    assert normalise_email("jose\u0301@example.com") == normalise_email("jos\u00e9@example.com")
    # Provider-specific rewriting (dots, plus tags) is deliberately not applied.
    assert normalise_email("d.lee+x@gmail.com") != normalise_email("dlee@gmail.com")


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("(415) 555-0100", "US", "+14155550100"),
        ("+1 415-555-0100", None, "+14155550100"),
        ("+44 (0)20 7946 0000", None, "+442079460000"),
        ("020 7946 0000", "GB", "+442079460000"),
        ("415 555 0100", None, "4155550100"),
        ("+1 415 555 0100 ext. 12", None, "+14155550100"),
        ("555-01", "US", ""),
        ("Tel geschäftlich", None, ""),
    ],
)
def test_phone_normalisation(raw: str, region: str | None, expected: str) -> None:
    assert normalise_phone(raw, region) == expected


def test_name_and_company_normalisation() -> None:
    assert normalise_name("Dr. Lee, Dana") == normalise_name("dana LEE")
    assert normalise_name("Zoë Müller") == normalise_name("Zoe Muller")
    assert normalise_company("Acme, Inc.") == normalise_company("ACME") == "acme"
    assert normalise_company("Inc") == "inc"


@pytest.mark.parametrize(
    ("one", "other"),
    [("李 伟", "李伟"), ("伟 李", "李伟"), ("김민준", "김 민준"), ("佐藤 美咲", "佐藤美咲"), ("Zoë", "ZOE")],
)
def test_names_in_scripts_without_spaces_or_case_match_themselves(one: str, other: str) -> None:
    assert normalise_name(one) == normalise_name(other) != ""


def test_names_in_different_scripts_keep_their_letters_apart() -> None:
    assert normalise_name("李 伟") != normalise_name("李 娜")
    assert normalise_name("がんばる") != normalise_name("かんはる")
    assert normalise_company("华为技术有限公司") != ""


@pytest.mark.parametrize(
    "written",
    [
        "https://www.linkedin.com/in/li-wei-3a9b1c",
        "http://linkedin.com/in/Li-Wei-3a9b1c/",
        "https://cn.linkedin.com/in/li-wei-3a9b1c?trk=people-guest",
        "www.linkedin.com/in/li-wei-3a9b1c/zh#about",
        " linkedin.com/in/li%2Dwei%2D3a9b1c ",
    ],
)
def test_a_linkedin_profile_is_the_same_however_written(written: str) -> None:
    assert normalise_linkedin(written) == "linkedin.com/in/li-wei-3a9b1c"


@pytest.mark.parametrize(
    "other", ["https://www.linkedin.com/company/acme", "https://example.com/in/li", "not a url", ""]
)
def test_what_is_not_a_linkedin_profile_has_no_key(other: str) -> None:
    assert normalise_linkedin(other) == ""


def test_a_profile_url_identifies_someone_and_a_different_one_says_they_differ() -> None:
    index = _index(Person("Li Wei", linkedin="https://www.linkedin.com/in/li-wei"))
    match = index.find(Person("W. Li", linkedin="http://linkedin.com/in/LI-WEI/"))
    assert match is not None and (match.key, match.rule) == (1, LINKEDIN)
    other = index.find(Person("Li Wei", linkedin="https://www.linkedin.com/in/li-wei-2"))
    assert other is not None and other.differs == "LinkedIn profile"
    # An address and a profile are different kinds of identity: neither says they differ.
    assert index.find(Person("Li Wei", ["li@example.com"])) == Match(1, NAME)


def test_a_shared_number_with_another_name_is_someone_else() -> None:
    index = _index(Person("Dana Lee", ["dana@acme.example"], ["+1 415 555 0100"], "Acme"))
    assert index.find(Person("Sam Ortiz", phones=["+1 415 555 0100"], company="Acme")) is None
    assert index.find(Person("Sam Ortiz", ["sam@acme.example"], ["+1 415 555 0100"])) is None


def test_email_match_ignores_case_and_spaces() -> None:
    index = _index(Person("Dana Lee", ["dana@example.com"]))
    match = index.find(Person("Someone Else", [" DANA@example.com"]))
    assert match is not None and (match.key, match.rule) == (1, EMAIL)


def test_phone_match_across_formats_with_a_default_region() -> None:
    index = _index(Person("Dana Lee", phones=["+1 (415) 555-0100"]), region="US")
    match = index.find(Person("Lee, Dana", phones=["415.555.0100"]))
    assert match is not None and (match.key, match.rule) == (1, NAME_PHONE)


def test_phone_without_country_matches_e164_by_national_digits() -> None:
    index = _index(Person("Dana Lee", phones=["+44 20 7946 0000"]))
    match = index.find(Person("Dana Lee", phones=["020 7946 0000"]))
    assert match is not None and match.rule == NAME_PHONE


def test_different_numbers_sharing_the_last_digits_do_not_match() -> None:
    index = _index(Person("Dana Lee", phones=["+1 415 555 0100"]))
    assert index.find(Person("Other", phones=["+44 20 5555 0100"])) is None


def test_short_numbers_and_extensions_never_identify_anyone() -> None:
    index = _index(Person("Dana Lee", phones=["204"]))
    assert index.find(Person("Other", phones=["204"])) is None


def test_email_rule_wins_over_phone() -> None:
    index = _index(
        Person("A", phones=["+1 415 555 0100"]),
        Person("B", ["b@example.com"]),
    )
    match = index.find(Person("C", ["b@example.com"], ["+1 415 555 0100"]))
    assert match is not None and (match.key, match.rule) == (2, EMAIL)


def test_fuzzy_name_at_the_same_company() -> None:
    index = _index(Person("John Smith", company="Acme Inc."))
    reordered = index.find(Person("Smith, John", company="ACME"))
    assert reordered is not None and reordered.rule == NAME_COMPANY
    typo = index.find(Person("Jon Smith", company="Acme"))
    assert typo is not None and typo.rule == NAME_COMPANY and 90 <= typo.score < 100


def test_same_name_at_different_companies_is_not_a_duplicate() -> None:
    index = _index(Person("John Smith", company="Acme"))
    assert index.find(Person("John Smith", company="Globex")) is None


def test_different_people_at_the_same_company_are_not_duplicates() -> None:
    index = _index(Person("John Smith", company="Acme"), Person("Joan Smithers", company="Acme"))
    assert index.find(Person("Jane Smith", company="Acme")) is None
    assert index.find(Person("Mary Jones", company="Acme")) is None


def test_name_alone_matches_only_when_one_side_has_no_company() -> None:
    index = _index(Person("Dana Lee"))
    match = index.find(Person("Dana Lee", ["dana@acme.example"], company="Acme"))
    assert match is not None and match.rule == NAME
    # A fuzzy name without a company to back it up is not enough.
    assert index.find(Person("Dana Leigh")) is None


def test_same_name_with_conflicting_addresses_is_only_a_possible_duplicate() -> None:
    index = _index(Person("Dana Lee", ["dana@one.example"]))
    match = index.find(Person("Dana Lee", ["dana@two.example"]))
    assert match is not None and match.possible and match.differs == "e-mail address"
    index = _index(Person("Dana Lee", phones=["+1 415 555 0100"]))
    assert index.find(Person("Dana Lee", phones=["+1 212 555 0199"])) is None


def test_profiles_are_reusable_for_lookup_and_indexing() -> None:
    index: DuplicateIndex[str] = DuplicateIndex()
    profile = Profile.of(Person("Ada Lovelace", ["ada@example.com"], company="Engines Ltd"))
    assert index.find(profile) is None
    index.add("row-1", profile)
    assert len(index) == 1
    match = index.find(Person("Ada Lovelace", company="Engines"))
    assert match is not None and match.key == "row-1"


def test_nameless_people_are_indexed_by_address_only() -> None:
    index = _index(Person("", ["x@example.com"]))
    assert index.find(Person("", ["x@example.com"])) is not None
    assert index.find(Person("")) is None


_numbers = st.one_of(
    st.sampled_from(
        ["+1 212-555-0101", "(212) 555 0101", "030 1234567 x12", "+49 30 1234567", "212 555 01٣1", "12", ""]
    ),
    st.text(alphabet="0123456789 +-().x#\n٣", max_size=16),
)
_addresses = st.sampled_from(["a@b.co", "A@B.CO ", "Zoë@ex.de", "Zoe\u0308@ex.de", "x@y.z"])


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Dana Lee", "Dr. Lee, Dana", "Zoë Müller", ""]),
            st.lists(_addresses, max_size=2),
            st.lists(_numbers, max_size=2),
            st.sampled_from(["Acme Inc.", "ACME", "Müller GmbH", ""]),
            st.sampled_from(
                ["", "not a profile", "linkedin.com/in/Dana-Lee/", "https://www.linkedin.com/in/dana-lee"]
            ),
        ),
        max_size=12,
    )
)
def test_profiles_of_a_whole_file_are_the_profiles_of_each_row(
    rows: list[tuple[str, list[str], list[str], str, str]],
) -> None:
    names, emails, phones, companies, linkedin = (
        (list(column) for column in zip(*rows, strict=True)) if rows else ([], [], [], [], [])
    )
    expected = [Keys().of(*row) for row in rows]
    assert Keys().profiles(names, emails, phones, companies, linkedin) == expected


_people = st.lists(
    st.tuples(
        st.sampled_from(["Dana Lee", "Lee Dana", "Dana Leigh", "Sam Ortiz"]),
        st.lists(st.sampled_from([f"dana@{n}.example" for n in range(12)]), max_size=1),
        st.lists(st.sampled_from(["+1 415 555 0100", "+1 212 555 0199", "415 555 0100"]), max_size=1),
        st.sampled_from(
            ["Acme Labs", "Acme Lab", "Acme Labz", "Initech Systems", "Initek Systems", "Globex Corp", ""]
        ),
    ),
    max_size=40,
)


@settings(max_examples=400)
@given(people=_people)
def test_a_name_many_people_share_is_matched_as_one_by_one_comparison_would(
    people: list[tuple[str, list[str], list[str], str]],
) -> None:
    """Past a few people of one name the index tracks their companies (one rapidfuzz call per
    lookup); every lookup must find what comparing them one by one finds. Everyone joins the
    index, as every row of an import does."""
    rules = MatchRules(region="US")
    tracked: DuplicateIndex[int] = DuplicateIndex(rules)
    tracked.many_of_a_name = 2
    one_by_one: DuplicateIndex[int] = DuplicateIndex(rules)
    one_by_one.many_of_a_name = len(people) + 1
    for row, (name, emails, phones, company) in enumerate(people):
        profile = Profile.of(Person(name, emails, phones, company))
        assert tracked.find(profile) == one_by_one.find(profile)
        tracked.add(row, profile)
        one_by_one.add(row, profile)
