"""Finding other organisations without a legal suffix, measured on sentences written for it.

Half the sentences name another organisation in many shapes (head word, position, possessive,
legal form, plural possessive, "&"); half name only the interviewing company (Northwind Health,
in every inflection), people, places, fields of work, job titles and tools named after other
companies ("Apache Spark", "Google Sheets", "Microsoft Teams": a tool is not an employer).

    .venv/bin/python tests/test_company_orgs.py     # prints precision and recall per evidence
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from afterview.checks.context import CheckContext
from afterview.checks.draft import parse_text
from afterview.checks.rules.company import other_organisations

from helpers import SECOND, situation

# (sentence, the other organisation it names); interview at Northwind Health.
OTHERS = [
    ("Halcyon Foods is the kind of team I want to grow with.", "Halcyon Foods"),
    ("I would love to help Meridian Publishing grow its reader base.", "Meridian Publishing"),
    ("I keep thinking about my time at Halcyon Foods and what comes next.", "Halcyon Foods"),
    ("Thank you for the conversation about the analyst role at Fabrikam.", "Fabrikam"),
    (
        "I am excited about the chance to join Tailwind Outfitters next spring.",
        "Tailwind Outfitters",
    ),
    ("Everyone at Brightwater Capital made me feel welcome.", "Brightwater Capital"),
    ("Quillon's mission to make lending fair is what drew me in.", "Quillon"),
    ("I admire how Larkfield Media tells stories about small towns.", "Larkfield Media"),
    ("The Contoso team was generous with their time.", "Contoso"),
    ("It would be a privilege to work for Pinecrest Analytics.", "Pinecrest Analytics"),
    ("Working with the people at Orbital Systems Inc. would be a dream.", "Orbital Systems Inc"),
    ("I left convinced that Redwood Insurance Group is where I belong.", "Redwood Insurance Group"),
    ("Please pass my thanks to everyone at Ashgrove.", "Ashgrove"),
    ("Verdant Labs' approach to testing impressed me.", "Verdant Labs"),
    ("I look forward to hearing from the hiring team at Stonebridge Bank.", "Stonebridge Bank"),
    ("I'm thrilled at the prospect of joining Cobalt Ventures.", "Cobalt Ventures"),
    ("The role at Harrowgate Logistics sounds like a great fit.", "Harrowgate Logistics"),
    ("I believe my skills would help Sunfield Energy reach its goals.", "Sunfield Energy"),
    ("Our talk reminded me why Wexley Health is such a strong employer.", "Wexley Health"),
    ("I hope to bring the same energy to Glimmer Games.", "Glimmer Games"),
    ("Thank you for considering me for a position with Northgate.", "Northgate"),
    ("Ostrander Pharmaceuticals' customers depend on reliable data.", "Ostrander Pharmaceuticals"),
    ("Kestrel & Finch is the sort of firm that rewards curiosity.", "Kestrel & Finch"),
    ("I want my next chapter to be with Lumen Press.", "Lumen Press"),
    ("Joining Tidewater Robotics would let me build on my robotics work.", "Tidewater Robotics"),
    ("I enjoyed my interview at Fernhill Partners yesterday.", "Fernhill Partners"),
    ("I enjoyed comparing notes on how Acme Corp. handles claims.", "Acme Corp"),
    ("The culture at Blue Heron stood out to me.", "Blue Heron"),
    ("Starling GmbH has a lot in common with your team.", "Starling GmbH"),
    ("Your colleagues at Ridgeway were so welcoming.", "Ridgeway"),
    ("I'd be proud to represent Calloway Foods at industry events.", "Calloway Foods"),
    ("I have long followed Brightwell Media's work.", "Brightwell Media"),
    ("I am eager to contribute to Oakhurst Healthcare's growth.", "Oakhurst Healthcare"),
    ("I'd love to help Pemberton grow.", "Pemberton"),
    ("Halcyon Foods’ team was so welcoming.", "Halcyon Foods"),
    ("During my time at Halcyon Foods, I built the weekly claims report.", "Halcyon Foods"),
    ("I can picture myself on the Dunmore Pharma data team.", "Dunmore Pharma"),
    ("Thank you again for a wonderful afternoon at Vantage Robotics.", "Vantage Robotics"),
]

# Sentences that name no organisation but Northwind Health (interview there, Dr. Priya Nair and
# Marcus Chen on the panel).
CLEAN = [
    "Northwind Health's team made me feel welcome.",
    "Northwind Health’s data culture is rare.",
    "I enjoyed meeting the Northwind Health team on Tuesday.",
    "Thank you for the conversation about the Senior Data Analyst role at Northwind.",
    "Northwind Health is the kind of team I want to grow with.",
    "I would love to help Northwind Health grow.",
    "Please pass my thanks to everyone at Northwind Health Inc.",
    "The Northwind Health Ltd. reporting stack was fascinating.",
    "I would be proud to join NH.",
    "Priya Nair's question about stakeholder requests stayed with me.",
    "I enjoyed talking with Marcus Chen about dbt.",
    "I moved to Hartford from Denver last year.",
    "I have used Apache Spark and Google Sheets for most of my reporting.",
    "We could share the dashboard in Microsoft Teams.",
    "I built the prototype in Power BI and Tableau.",
    "The Senior Software Engineer on the panel asked great questions.",
    "As a Senior Data Analyst, I would own the claims dashboard.",
    "Public Health is a field I care about deeply.",
    "I took an evening course in Health Analytics last year.",
    "Digital Media was my minor.",
    "Thank you, Dr. Nair, for your time today.",
    "I loved hearing about the New York expansion.",
    "My notes from the Claims Operations team are attached.",
    "The Data Platform team sounds like a great partner.",
    "I have been reading about Amazon Redshift and Snowflake.",
    "Google Analytics data would help answer that question.",
    "I would like to follow up with Sofia Okafor about the month-end backlog.",
    "Jordan Alvarez mentioned the Friday demo.",
    "I am glad to share the Jupyter Notebook I mentioned.",
    "Marcus Chen's walkthrough of the staging models was excellent.",
    "I'm excited to bring my SQL and Python skills to Northwind.",
    "I still think about the Tuesday panel and the Friday demo.",
    "Working with Visual Studio Code every day, I value good tooling.",
    "The Senior Product Manager role at Northwind Health fits my goals.",
    "I hope the Claims Analytics Lead found my case study useful.",
    "Many thanks to the Northwind crew for a great afternoon.",
    "I spent Monday in Chicago with my mentor, Dana Whitfield.",
    "The Northwinds of this world are rare.",
    "Everyone at Northwind Health’s Hartford office was kind.",
    "Your Director of Analytics role sounds demanding.",
    "The Mayo Clinic study you cited is on my reading list.",
    "I attached a short report by Halcyon Analytics on claim denials.",
]

# Written after the rule was tuned on the sets above, and never tuned on: the honest figures.
HELD_OUT_OTHERS = [
    ("I would be glad to bring my claims experience to Birchwood Medical.", "Birchwood Medical"),
    ("Thank you for considering me for the opening at Saltmarsh.", "Saltmarsh"),
    (
        "It was exciting to hear how Greyfield Insurance is modernising its data.",
        "Greyfield Insurance",
    ),
    ("I can see myself growing with Pinewood Ventures.", "Pinewood Ventures"),
    ("Everyone I met at Copperline Systems was kind.", "Copperline Systems"),
    ("Lindqvist AB has built something special.", "Lindqvist AB"),
    ("Talking with you confirmed that Harborview is where I want to work.", "Harborview"),
    ("I hope to help Alderbrook Foods grow into new markets.", "Alderbrook Foods"),
    ("The mission at Eastgate Clinic really resonated with me.", "Eastgate Clinic"),
    ("I have admired Torrance Publishing's books for years.", "Torrance Publishing"),
    ("Quarry & Vale is exactly the kind of place I want to join.", "Quarry & Vale"),
    ("I'm looking forward to the next steps with Mistral Labs.", "Mistral Labs"),
    ("I would love to join the analytics group at Fenwick.", "Fenwick"),
    ("Wolcott Energy's customers deserve faster answers.", "Wolcott Energy"),
    ("My first ninety days at Bramble would focus on the claims backlog.", "Bramble"),
    ("Juniper Trust LLC is lucky to have such a thoughtful panel.", "Juniper Trust LLC"),
    ("I am excited to help Ravenna Media reach new readers.", "Ravenna Media"),
    ("I would welcome the chance to work at Oakmont.", "Oakmont"),
    ("Before my time at Ashby Foods, I worked in retail.", "Ashby Foods"),
    ("The Lattimore team clearly cares about patients.", "Lattimore"),
]
HELD_OUT_CLEAN = [
    "I have attached the SQL I wrote for the Northwind Health claims model.",
    "Northwind Health’s approach to intake impressed me.",
    "Thank you for showing me how the Northwind team uses Microsoft Excel.",
    "Dr. Nair's point about data contracts stayed with me.",
    "I'd be thrilled to grow with Northwind Health Inc.",
    "I grew up near Portland and moved to Atlanta for college.",
    "We built our reports in Google Data Studio and later in Looker.",
    "My background in Population Health fits the team's goals.",
    "The Principal Data Engineer you mentioned sounds great to work with.",
    "I look forward to the Thursday follow-up with Marcus.",
    "Kubernetes and Apache Airflow were new to me last year.",
    "Please share my thanks with the Claims Operations group.",
    "I enjoyed the tour of the Hartford office.",
    "Northwind Healths of the future will need better data.",
    "Everyone at Northwind was welcoming.",
    "Mental Health Awareness Week came up when we talked.",
    "I read the Harvard Business Review article you mentioned.",
    "I would love to join Northwind Health's analytics team.",
    "The Salesforce Health Cloud migration sounds like a big project.",
    "Ms. Jordan Price from the recruiting team was very helpful.",
]

# A second held-out set, written after the fixes the first one prompted; measured once, never
# tuned on. Its figures are the ones to quote.
FRESH_OTHERS = [
    ("Like you, I spent three years in claims, most recently at Hollis Mutual.", "Hollis Mutual"),
    ("After today I am even more certain that Crestline Analytics fits me.", "Crestline Analytics"),
    (
        "I was impressed by how Ironbark Software ships small changes every day.",
        "Ironbark Software",
    ),
    ("Please thank the interview panel at Dovecote for their time.", "Dovecote"),
    ("I would be honoured to represent Seabright in front of customers.", "Seabright"),
    ("Thank you for an energising morning with the Westerly Bank team.", "Westerly Bank"),
    ("Hawthorne Group clearly invests in its analysts.", "Hawthorne Group"),
    ("I believe I could help Marlowe & Sons scale their reporting.", "Marlowe & Sons"),
    ("Your description of the data culture at Pellham made me smile.", "Pellham"),
    ("I am thrilled to be considered for a role with Ambrose Health.", "Ambrose Health"),
    ("Kingsmere Ltd is the sort of employer I have hoped to find.", "Kingsmere Ltd"),
    ("Joining Tessaly would be a big step for me.", "Tessaly"),
    ("I admire Fairhaven Foods and its commitment to local farms.", "Fairhaven Foods"),
    ("I hope Northstar Logistics' plans for next year include me.", "Northstar Logistics"),
    ("I left the office certain that Brackenridge was the right place for me.", "Brackenridge"),
    ("My years at Orwell Retail taught me to love messy data.", "Orwell Retail"),
    ("I know I could help Calder Robotics reach its targets.", "Calder Robotics"),
    ("Thornbury Studios' customers would benefit from faster reports.", "Thornbury Studios"),
    ("Working at Elmstead would let me focus on the work I love.", "Elmstead"),
    ("I keep picturing my first project at Quayside Capital.", "Quayside Capital"),
]
FRESH_CLEAN = [
    "I appreciated your candour about the challenges ahead for Northwind Health.",
    "Northwind's patients deserve faster claims.",
    "The Power Query trick you showed me saved an hour already.",
    "Amazon Web Services came up a lot; I have used it for four years.",
    "I drove in from Springfield, so the early start was no trouble.",
    "Dr. Nair's team at Northwind Health is clearly close-knit.",
    "I took notes during the Claims Review meeting you invited me to.",
    "Your Lead Data Engineer sounds like a great mentor.",
    "I will send the Looker dashboard link by Friday.",
    "Behavioral Health is a priority for me as well.",
    "Thank you, Marcus, for the walkthrough of the staging models.",
    "The Northwind Health Ltd. name on the badge made me smile.",
    "I have used Microsoft SQL Server and PostgreSQL in production.",
    "I look forward to hearing from you and the Northwind Health team.",
    "The Senior Data Analyst role at Northwind is the one I want.",
    "Our chat about Slack etiquette made me laugh.",
    "I once presented at the Midwest Data Summit in Chicago.",
    "Every Friday I review the Tableau Server logs.",
    "Sofia Okafor's backlog story stuck with me.",
    "I am happy to share my GitHub portfolio if that helps.",
]


def _ctx() -> CheckContext:
    base = situation().interviewers[0]
    return CheckContext.build(
        situation({"interviewers": [{"name": base.name, "title": base.title}, SECOND]})
    )


def found(sentence: str, ctx: CheckContext, evidence: set[str] | None = None) -> set[str]:
    """The other organisations the checker reads in a one-sentence draft."""
    draft = parse_text(f"Dear Dr. Nair,\n\n{sentence}\n\nBest regards,\nAlex Rivera\n")
    return {
        m.phrase.rstrip(".")
        for m in other_organisations(draft, ctx)
        if evidence is None or m.evidence & evidence
    }


def measure(evidence: set[str] | None = None, part: str = "tuned") -> tuple[float, float, int, int]:
    """(precision, recall, false positives, misses) over both sentence sets."""
    ctx = _ctx()
    tp = fp = fn = 0
    others, clean = {
        "tuned": (OTHERS, CLEAN),
        "held-out": (HELD_OUT_OTHERS, HELD_OUT_CLEAN),
        "fresh": (FRESH_OTHERS, FRESH_CLEAN),
    }[part]
    for sentence, expected in others:
        got = found(sentence, ctx, evidence)
        hit = expected in got
        tp += hit
        fn += not hit
        fp += len(got - {expected})
    for sentence in clean:
        fp += len(found(sentence, ctx, evidence))
    return tp / max(tp + fp, 1), tp / (tp + fn), fp, fn


def test_the_sets_are_big_enough() -> None:
    assert len(OTHERS) >= 30 and len(CLEAN) >= 30


@pytest.mark.parametrize(("sentence", "expected"), OTHERS)
def test_another_organisation_is_found(sentence: str, expected: str) -> None:
    assert expected in found(sentence, _ctx())


@pytest.mark.parametrize("sentence", CLEAN)
def test_no_organisation_but_this_one(sentence: str) -> None:
    assert found(sentence, _ctx()) == set()


def test_precision_and_recall() -> None:
    precision, recall, _, _ = measure()
    assert precision >= 0.95 and recall >= 0.95


def test_held_out_precision_and_recall() -> None:
    precision, recall, _, _ = measure(part="held-out")
    assert precision >= 0.9 and recall >= 0.8
    precision, recall, _, _ = measure(part="fresh")
    assert precision >= 0.85 and recall >= 0.75


if __name__ == "__main__":
    for label, kinds in (
        ("legal form only", {"legal"}),
        ("head words (gazetteer)", {"head"}),
        ("positions", {"position"}),
        ("legal + head", {"legal", "head"}),
        ("legal + positions", {"legal", "position"}),
        ("all", None),
    ):
        for part in ("tuned", "held-out", "fresh"):
            p, r, fp, fn = measure(kinds, part)
            print(f"{label:24} {part:9} precision {p:.2f} recall {r:.2f} false+ {fp} missed {fn}")
