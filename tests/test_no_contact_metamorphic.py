"""Changes that must not change how a posting's line is read: capitals, typographic quotes, extra
white space, a hard wrap in the middle, the line sitting inside a longer posting."""

from __future__ import annotations

import pickle
import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.advice.nocontact import find_no_contact, read_posting
from test_no_contact import MUST_NOT_STOP, STOPS

EVERY = STOPS + MUST_NOT_STOP
# Words after which a line cannot end: a break there is a hard wrap whatever the case.
RUNS_ON = set(
    re.split(
        r"\s+",
        "the a an to from of by for with about and or not no do please any our your us "
        "that we you ask send call contact email phone",
    )
)
BEFORE = [
    "",
    "About the role\nWe build scheduling software for clinics. You will own the data pipeline.\n\n",
    "Senior Analyst (hybrid)\n\n• Salary: competitive\n• Location: Leeds\n",
    "Responsibilities include reporting to the board. Applications close on 30 June.\n",
]
AFTER = [
    "",
    "\n\nWe offer a pension, 25 days of leave and flexible hours.",
    "\nBenefits\n• Private health cover\n• Cycle to work scheme",
    "\nWe are an equal opportunity employer and value diversity.",
]


def signature(text: str) -> list[tuple[str, str, tuple[str, ...], str, bool]]:
    """What the reader makes of ``text``, without the words it quotes."""
    return sorted(
        (r.kind, r.audience, tuple(sorted(r.channels)), r.force, r.stops_follow_up)
        for r in read_posting(text)
    )


def curly(text: str) -> str:
    out = re.sub(r"(?<=\w)'", "\u2019", text)
    out = re.sub(r'"(?=\w)', "\u201c", out)
    return re.sub(r'"', "\u201d", out)


def test_the_fillers_read_as_nothing() -> None:
    for filler in BEFORE + AFTER:
        assert read_posting(filler) == ()


@given(
    st.sampled_from(EVERY),
    st.sampled_from(["upper", "lower", "title", "first"]),
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_capitals_do_not_matter(text: str, how: str) -> None:
    changed = {
        "upper": text.upper(),
        "lower": text.lower(),
        "title": text.title(),
        "first": text[:1].lower() + text[1:],
    }[how]
    assert signature(changed) == signature(text), changed


@given(st.sampled_from(EVERY))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_typographic_quotes_and_odd_spaces_do_not_matter(text: str) -> None:
    for changed in (
        curly(text),
        text.replace(" ", "\u00a0"),
        text.replace(" ", " \u200b"),
        text.replace(" ", "\u202f"),
    ):
        assert signature(changed) == signature(text), changed


@given(st.sampled_from(EVERY), st.lists(st.sampled_from([" ", "  ", "\t", " \t "]), min_size=1))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_extra_white_space_does_not_matter(text: str, gaps: list[str]) -> None:
    words = text.split(" ")
    spaced = words[0] + "".join(gaps[i % len(gaps)] + w for i, w in enumerate(words[1:]))
    assert signature(f"  {spaced} \n") == signature(text), spaced


@given(st.sampled_from(EVERY), st.data())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_hard_wrap_in_the_middle_does_not_matter(text: str, data: st.DataObject) -> None:
    words = text.split(" ")
    if len(words) < 2:
        return
    i = data.draw(st.integers(1, len(words) - 1))
    wrapped = " ".join(words[:i]) + data.draw(st.sampled_from(["\n", "\r\n", " \n  "]))
    wrapped += " ".join(words[i:])
    assert signature(wrapped) == signature(text), wrapped
    assert signature(wrapped.lower()) == signature(text), wrapped.lower()
    # In capitals a line break is a list's line break unless the line cannot end there.
    if words[i - 1].lower() in RUNS_ON:
        assert signature(wrapped.upper()) == signature(text), wrapped.upper()


@given(st.sampled_from(EVERY), st.sampled_from(BEFORE), st.sampled_from(AFTER))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_inside_a_longer_posting_it_reads_the_same(text: str, before: str, after: str) -> None:
    posting = before + text + after
    assert signature(posting) == signature(text), posting
    assert [r.sentence for r in read_posting(posting)] == [r.sentence for r in read_posting(text)]


def test_every_line_of_the_lists_at_once_keeps_its_own_reading() -> None:
    together = "\n".join(EVERY)
    expected = sorted(s for text in EVERY for s in signature(text))
    assert signature(together) == expected


@given(
    st.lists(st.sampled_from(MUST_NOT_STOP), max_size=6),
    st.lists(st.sampled_from(STOPS), max_size=2),
    st.randoms(use_true_random=False),
)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_posting_stops_the_follow_up_exactly_when_one_of_its_lines_does(
    others: list[str], stops: list[str], rnd: random.Random
) -> None:
    lines = others + stops
    rnd.shuffle(lines)
    posting = "\n".join(lines)
    assert (find_no_contact(posting) is not None) == bool(stops), posting
    assert signature(posting) == sorted(s for line in lines for s in signature(line))


@settings(max_examples=400, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(EVERY + BEFORE + AFTER),
            st.text(alphabet=" -–—;:.,!?\n•'\"abcdeilmnoprstuvwy", max_size=60),
        ),
        min_size=1,
        max_size=5,
    ),
    joiner=st.sampled_from([" ", "\n", "; ", " - ", "-", "\n\n• "]),
)
def test_the_gate_shortcut_changes_no_reading(lines: list[str], joiner: str) -> None:
    """A text is read without compiling the whole pack when no sentence holds a gate word
    (start-up, issue 14): the shortcut must never drop a reading the full read finds."""
    from afterview.advice.nocontact import _read

    text = joiner.join(lines)
    assert _read(text) == _read(text, gated=False)


def test_a_reading_kept_across_runs_is_the_reading(tmp_path: object, monkeypatch: object) -> None:
    """The start-up cache gives back exactly what reading gives, and a damaged or foreign
    entry is read again, never trusted."""
    from afterview.advice.nocontact import _read

    folder = tmp_path / "cache"
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(folder))
    for text in [*EVERY, *BEFORE[1:]]:
        fresh = _read(text, gated=False)
        assert read_posting(text) == fresh  # computed and stored
        assert read_posting(text) == fresh  # from the cache
    files = sorted(folder.glob("posting-*.pickle"))
    assert len(files) == len(set(EVERY + BEFORE[1:]))
    for f in files:
        f.write_bytes(b"not a pickle")
    assert [read_posting(t) for t in EVERY] == [_read(t, gated=False) for t in EVERY]
    for f in sorted(folder.glob("posting-*.pickle")):
        f.write_bytes(pickle.dumps(("a", "tuple", "of", "strings")))
    assert [read_posting(t) for t in EVERY] == [_read(t, gated=False) for t in EVERY]
