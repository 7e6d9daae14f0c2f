"""The `generic` rule's word keys: inflections of one word meet, different words do not.

The pairs are written for this test (not taken from a stemmer's own test set). Measured with a
second list of 148 pairs written afterwards and never tuned on (issue 10's closing report):

    same key decided right     these pairs   held-out pairs   per word, uncached   import
    old 6-letter prefix match   71.2%         75.0%            12 us                 -
    this suffix stripper        100%          93.2%            23 us                 0
    Snowball (snowballstemmer)  91.4%         91.2%            175 us                19-80 ms

so the stripper stays: as accurate as Snowball or better, faster, and no new dependency.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterview.checks.rules.generic import stem

# Word forms that must share a key: inflections, US/UK spellings and the common derivations
# people use when they refer back to a conversation ("the migration" / "migrating").
SAME = [
    ("dashboards", "dashboard"),
    ("dashboard's", "dashboard"),
    ("migrated", "migration"),
    ("migrating", "migration"),
    ("migrate", "migrations"),
    ("testing", "tests"),
    ("tested", "test"),
    ("models", "modelling"),
    ("modeling", "model"),
    ("modelled", "model"),
    ("planning", "plan"),
    ("planned", "plans"),
    ("claims", "claim"),
    ("processes", "process"),
    ("processing", "process"),
    ("queries", "query"),
    ("queried", "query"),
    ("stakeholders", "stakeholder"),
    ("requests", "requesting"),
    ("handled", "handling"),
    ("handles", "handle"),
    ("conflicting", "conflicts"),
    ("pipelines", "pipeline"),
    ("scaling", "scale"),
    ("scaled", "scales"),
    ("latency", "latency"),
    ("backlogs", "backlog"),
    ("deployment", "deploying"),
    ("deployments", "deployed"),
    ("optimisation", "optimization"),
    ("optimising", "optimizing"),
    ("optimise", "optimize"),
    ("prioritised", "prioritized"),
    ("prioritization", "prioritizing"),
    ("automated", "automation"),
    ("automating", "automate"),
    ("integrations", "integrating"),
    ("forecasts", "forecasting"),
    ("forecasted", "forecast"),
    ("onboarding", "onboarded"),
    ("reconciliations", "reconciliation"),
    ("reconciling", "reconcile"),
    ("churned", "churn"),
    ("hiring", "hire"),
    ("hired", "hires"),
    ("studies", "study"),
    ("studying", "study"),
    ("analyses", "analyses"),
    ("analysed", "analyzed"),
    ("analysing", "analyze"),
    ("boxes", "box"),
    ("batches", "batch"),
    ("patches", "patching"),
    ("caching", "cache"),
    ("cached", "caches"),
    ("dbt", "dbt"),
    ("APIs", "api"),
    ("KPIs", "KPI"),
    ("Q3", "q3"),
    ("management", "managing"),
    ("managed", "manage"),
    ("refactoring", "refactored"),
    ("mentoring", "mentored"),
    ("mentorship", "mentorship"),
    ("retries", "retry"),
    ("retrying", "retry"),
    ("shipping", "shipped"),
    ("budgets", "budgeting"),
    ("audits", "auditing"),
    ("audited", "audit"),
    ("compliance", "compliance"),
    ("telemetry", "telemetry"),
    ("schedules", "scheduling"),
    ("scheduled", "schedule"),
    ("partitions", "partitioning"),
    ("partitioned", "partition"),
    ("simulations", "simulation"),
    ("simulated", "simulating"),
    ("researching", "researched"),
    ("curricula", "curricula"),
    ("teaching", "teaches"),
    ("surveys", "surveyed"),
    ("rotas", "rota"),
    ("handovers", "handover"),
    ("wards", "ward"),
    ("nurses", "nursing"),
    ("inventories", "inventory"),
    ("shipments", "shipment"),
    ("routing", "routes"),
    ("routed", "route"),
    ("encrypted", "encryption"),
    ("encrypting", "encrypt"),
    ("lessons", "lesson"),
]

# Different words that a loose stem or prefix match would join.
DIFFERENT = [
    ("working", "workload"),
    ("work", "workshop"),
    ("works", "workflow"),
    ("plan", "planet"),
    ("planning", "planet"),
    ("care", "career"),
    ("part", "party"),
    ("part", "partner"),
    ("port", "portfolio"),
    ("form", "format"),
    ("form", "formal"),
    ("art", "article"),
    ("cat", "catalog"),
    ("data", "date"),
    ("late", "latency"),
    ("test", "testament"),
    ("model", "mode"),
    ("claim", "clam"),
    ("dash", "dashboard"),
    ("team", "teammate"),
    ("sale", "salesforce"),
    ("account", "accountant"),
    ("product", "productivity"),
    ("present", "presentation"),
    ("organ", "organisation"),
    ("general", "generation"),
    ("experience", "experiment"),
    ("operate", "opera"),
    ("custom", "customer"),
    ("figure", "figurine"),
    ("sign", "signal"),
    ("pass", "passenger"),
    ("press", "pressure"),
    ("stand", "standard"),
    ("under", "understand"),
    ("ware", "warehouse"),
    ("new", "news"),
    ("use", "user"),
    ("back", "backlog"),
    ("log", "logistics"),
    ("chart", "charter"),
    ("dock", "docker"),
    ("rate", "ratio"),
    ("patient", "patent"),
    ("ward", "award"),
    ("scale", "scalar"),
]


def _key(word: str) -> str:
    return stem(word)


@pytest.mark.parametrize(("a", "b"), SAME)
def test_inflections_meet(a: str, b: str) -> None:
    assert _key(a) == _key(b), f"{a!r} -> {_key(a)!r} but {b!r} -> {_key(b)!r}"


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_words_stay_apart(a: str, b: str) -> None:
    assert _key(a) != _key(b), f"{a!r} and {b!r} both -> {_key(a)!r}"


@given(st.from_regex(r"[a-z]{1,14}", fullmatch=True))
def test_stem_is_stable_and_case_blind(word: str) -> None:
    key = stem(word)
    assert key == stem(word.upper()) == stem(word.capitalize())
    assert key and len(key) <= len(word) + 2  # "queries" -> "query" may grow by one letter


@given(st.sampled_from([w for pair in SAME for w in pair if "'" not in w]))
def test_possessive_does_not_change_the_key(word: str) -> None:
    assert stem(word + "'s") == stem(word)
