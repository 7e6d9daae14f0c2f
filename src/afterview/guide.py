"""The guide, generated from the rule pack so that the guide and the engine cannot disagree.

Its sections are the source text's: short answer, when it makes sense, when to avoid it, pros
and cons, decision checklist, alternatives, final recommendation, FAQ and references. The
bulleted advice comes from the rules' ``guide`` lines; numbers come from the pack's settings.
"""

from __future__ import annotations

from afterview.advice.pack import Pack, load_pack


def render_markdown(pack: Pack | None = None) -> str:
    """Return the whole guide as Markdown."""
    pack = pack or load_pack()
    g = pack.guide
    refs: list[str] = []

    def cite(keys: tuple[str, ...] | list[str]) -> str:
        numbers = []
        for key in keys:
            if key not in refs:
                refs.append(key)
            numbers.append(str(refs.index(key) + 1))
        return f" [{', '.join(numbers)}]"

    prose = pack.text

    def rule_lines(section: str) -> list[str]:
        return [
            f"- {prose(r.guide)}{cite(r.sources)} (`{r.id}`)"
            for r in pack.rules
            if r.section == section
        ]

    titles = g["sections"]
    out = [f"# {g['title']}", "", "## Short answer", "", prose(g["short_answer"]), ""]
    out += [f"## {titles['makes_sense']}", "", *rule_lines("makes_sense"), ""]
    out += [f"## {titles['avoid']}", "", *rule_lines("avoid"), ""]
    pros_cons = cite(g.get("pros_cons_sources", []))
    out += ["## Pros and cons", "", "### Pros", ""]
    out += [f"- {prose(p)}" for p in g["pros"]]
    out += ["", "### Cons", ""]
    out += [f"- {prose(c)}" for c in g["cons"]]
    out += ["", f"Sources:{pros_cons}", ""]
    out += ["## Decision checklist", ""]
    out += [f"{n}. {q['question']}" for n, q in enumerate(pack.checklist, 1)]
    out += ["", f"## {titles['alternatives']}", "", *rule_lines("alternatives"), ""]
    out += [f"## {titles['timing']}", "", *rule_lines("timing"), ""]
    out += [f"## {titles['final']}", "", prose(g["final"]), "", *rule_lines("final"), ""]
    out += ["## FAQ", ""]
    for item in g["faq"]:
        out += [f"**{item['question']}**", "", prose(item["answer"]), ""]
    out += ["## References", ""]
    for n, key in enumerate(refs, 1):
        source = pack.sources[key]
        out.append(f"{n}. {source.citation()} — grade {source.grade}")
    named = ("emily-post-business-of-thanks", "careeronestop", "shrm-thank-interviewer")
    out += [
        "",
        "The source text names the Emily Post Institute, CareerOneStop (U.S. Department of "
        "Labor) and SHRM as its references:",
        "",
    ]
    out += [f"- {pack.sources[k].citation()}" for k in named]
    out.append("")
    return "\n".join(out)
