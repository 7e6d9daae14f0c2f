"""Generate the spelling rule's word lists from SCOWL (Kevin Atkinson's Spell Checker Oriented
Word Lists), once, into src/afterview/checks/data/.

    apt-get install scowl            # Debian's package: the raw lists in /usr/share/dict/scowl
    python scripts/gen_spelling_data.py [--scowl /usr/share/dict/scowl] [--size 60]

Nothing is downloaded at run time: the outputs are package data.

Inputs
- SCOWL's raw lists (Debian package ``scowl`` 2020.12.07; MIT-like licence, see its copyright
  file), which spell every inflected form out ("analyze, analyzed, analyzes, analyzing"), split
  by spelling system: ``english`` (common to all), ``american``, ``british`` (-ise),
  ``british_z`` (Oxford -ize), ``canadian``, ``australian``, and the accepted variants of each
  (``variant_1``/``variant_2`` for US English, ``british_variant_1``, ...), by size (10 = the
  most common words ... 95 = everything).
- symspellpy's bundled frequency dictionary (Google Books n-gram counts; MIT licence; installed
  with ``pip install -e '.[bench]'``), most frequent first, which orders suggestions.

Outputs
- ``words.txt``: the words suggestions are drawn from, most frequent first: the frequency list
  as it was, each regional variant it lacks placed right after its counterpart ("honored" after
  "honoured"), then SCOWL's common words (size <= SUGGEST_SIZE) it lacks, commonest size first.
- ``words-known.txt``: more words that are correct but never suggested: the rest of SCOWL up to
  ``--size`` in every spelling system, contractions, and the capitalised words (places, months,
  brands common enough for a dictionary) in lower case.
- ``spelling-variants.txt``: one line per pair of regional variants of one word,
  ``us_form uk_form``, found by applying the regular US/UK spelling correspondences
  (or/our, ize/ise, yze/yse, er/re, og/ogue, l/ll, ense/ence, c/s, e/ae, e/oe, ...) to every
  word that one spelling system has and another lacks, and keeping the results that the other
  system has. Each line also names, per word, the spelling systems whose main list or
  variants accept it (U = US, B = British -ise, Z = Oxford -ize, C = Canadian, A = Australian).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "afterview" / "checks" / "data"
SIZES = (10, 20, 35, 40, 50, 55, 60, 70, 80, 95)
SUGGEST_SIZE = 50  # SCOWL words up to this size may be suggested
# What each spelling system accepts, for the mixed-spelling warning: its main list (one
# spelling per word) and its "almost equal" variants (British English accepts "judgment").
# Canadian English is its main list only: its variant list holds nearly every US form, so with
# it any mix ("color" with "centre") would pass as Canadian.
SYSTEMS = {
    "U": ("american", "variant_1"),
    "B": ("british", "british_variant_1"),
    "Z": ("british_z", "british_variant_1"),
    "C": ("canadian",),
    "A": ("australian", "australian_variant_1"),
}
MAIN = {"U": "american", "B": "british", "Z": "british_z", "C": "canadian", "A": "australian"}
# The regular correspondences between US and Commonwealth spelling, US side first.
CORRESPONDENCES = (
    ("or", "our"),  # color / colour, honored / honoured, favorite / favourite
    ("iz", "is"),  # organize / organise, organization / organisation
    ("yz", "ys"),  # analyze / analyse
    ("er", "re"),  # center / centre, theater / theatre
    ("og", "ogue"),  # catalog / catalogue
    ("l", "ll"),  # traveled / travelled, counseling / counselling
    ("ll", "l"),  # fulfill / fulfil, enrollment / enrolment
    ("ense", "ence"),  # defense / defence
    ("c", "s"),  # practicing / practising
    ("e", "ae"),  # pediatric / paediatric
    ("e", "oe"),  # estrogen / oestrogen, maneuver / manoeuvre
    ("ay", "ey"),  # gray / grey
    ("o", "ou"),  # mold / mould, smolder / smoulder
    ("ow", "ough"),  # plow / plough
    ("gm", "gem"),  # judgment / judgement
    ("g", "ge"),  # aging / ageing
    ("um", "ium"),  # aluminum / aluminium
    ("a", "y"),  # pajamas / pyjamas
    ("k", "c"),  # skeptic / sceptic
    ("am", "amme"),  # program / programme
    ("ere", "re"),  # centered / centred
    ("og", "ogu"),  # cataloging / cataloguing
    ("able", "eable"),  # likable / likeable
    ("et", "ette"),  # omelet / omelette
    ("z", "s"),  # cozy / cosy
    ("u", "ou"),  # mustache / moustache
    ("i", "e"),  # artifact / artefact
    ("f", "ph"),  # sulfur / sulphur
    ("i", "y"),  # flier / flyer
    ("y", "i"),  # dryly / drily
    ("a", "o"),  # naught / nought
    ("o", "u"),  # mom / mum
    ("cz", "ts"),  # czar / tsar
)


def frequency_list() -> list[str]:
    """symspellpy's bundled dictionary, most frequent word first (ties in file order)."""
    from importlib import resources

    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    rows = [line.split() for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [word for word, _count in sorted(rows, key=lambda row: -int(row[1]))]


def read(folder: Path, category: str, sub: str, size: int) -> set[str]:
    """SCOWL's words of one category and sub-category, up to ``size``."""
    out: set[str] = set()
    for level in SIZES:
        if level > size:
            break
        path = folder / f"{category}-{sub}.{level}"
        if path.exists():
            out.update(w for w in path.read_text("utf-8").splitlines() if w)
    return out


def levels(folder: Path, categories: list[str], size: int) -> dict[str, int]:
    """Word (lower case) -> the smallest SCOWL size that has it, over ``categories``."""
    out: dict[str, int] = {}
    for level in SIZES:
        if level > size:
            break
        for category in categories:
            path = folder / f"{category}-words.{level}"
            if path.exists():
                for word in path.read_text("utf-8").splitlines():
                    if word and "'" not in word:
                        out.setdefault(word.lower(), level)
    return out


def system_words(folder: Path, size: int) -> dict[str, set[str]]:
    """Per spelling system, every word it accepts (main list and variants), lower case."""
    english = {w.lower() for w in read(folder, "english", "words", size) if "'" not in w}
    out = {}
    for system, categories in SYSTEMS.items():
        words = set(english)
        for category in categories:
            words |= {w.lower() for w in read(folder, category, "words", size) if "'" not in w}
        out[system] = words
    return out


def main_words(folder: Path, size: int) -> dict[str, set[str]]:
    """Per spelling system, its main list only (one spelling per word), lower case."""
    english = {w.lower() for w in read(folder, "english", "words", size) if "'" not in w}
    return {
        system: english | {w.lower() for w in read(folder, category, "words", size) if "'" not in w}
        for system, category in MAIN.items()
    }


def _respellings(word: str) -> set[str]:
    """Every spelling one or two correspondences away, in either direction."""
    out: set[str] = set()
    rules = [*CORRESPONDENCES, *((b, a) for a, b in CORRESPONDENCES)]
    frontier = {word}
    for _ in range(2):
        found = set()
        for text in frontier:
            for old, new in rules:
                for m in re.finditer(re.escape(old), text):
                    found.add(text[: m.start()] + new + text[m.end() :])
        out |= found
        frontier = found
    out.discard(word)
    return out


def variant_pairs(main: dict[str, set[str]], accepts: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(US form, Commonwealth form) pairs of regional variants of one word."""
    us, gb = main["U"], main["B"] | main["A"] | main["Z"] | main["C"]
    us_only = {w for w in us if not all(w in main[s] for s in "BZCA")}
    pairs = set()
    for word in us_only:
        for other in _respellings(word):
            # The other form is a main spelling somewhere US English does not use it.
            if other in gb and other not in us:
                pairs.add((word, other))
    # Keep, per US word, the Commonwealth forms that differ by the fewest correspondences
    # (analyze -> analyse, not also analise).
    best: dict[str, list[str]] = {}
    for word, other in sorted(pairs):
        best.setdefault(word, []).append(other)
    out = []
    for word, others in sorted(best.items()):
        direct = [o for o in others if o in _respellings_one(word)]
        for other in direct or others:
            out.append((word, other))
    return out


def _respellings_one(word: str) -> set[str]:
    rules = [*CORRESPONDENCES, *((b, a) for a, b in CORRESPONDENCES)]
    return {
        word[: m.start()] + new + word[m.end() :]
        for old, new in rules
        for m in re.finditer(re.escape(old), word)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scowl", type=Path, default=Path("/usr/share/dict/scowl"))
    parser.add_argument("--size", type=int, default=60, help="largest SCOWL size that is known")
    parser.add_argument(
        "--variants",
        type=int,
        default=0,
        help="also know SCOWL's variant lists up to this level (0: main lists only)",
    )
    parser.add_argument(
        "--freq-top",
        type=int,
        default=30_000,
        help="frequency-list words past this rank are kept only if SCOWL has them",
    )
    parser.add_argument(
        "--names-size",
        type=int,
        default=50,
        help="largest SCOWL size of capitalised words (places, months) known in lower case",
    )
    opts = parser.parse_args()
    folder: Path = opts.scowl
    if not (folder / "english-words.10").exists():
        raise SystemExit(f"{folder}: no SCOWL lists here (apt-get install scowl)")

    freq = frequency_list()

    accepts = system_words(folder, opts.size)
    main_lists = main_words(folder, opts.size)
    pairs = variant_pairs(main_lists, accepts)

    all_categories = ["english", *MAIN.values()]
    for level in range(1, opts.variants + 1):
        all_categories += [f"variant_{level}"]
        all_categories += [f"{r}_variant_{level}" for r in ("british", "canadian", "australian")]
    all_categories = [c for c in all_categories if (folder / f"{c}-words.10").exists()]
    every_system = sorted(
        {w.lower() for c in all_categories for w in read(folder, c, "words", opts.size)}
    )
    every_system = [w for w in every_system if "'" not in w]
    level_of = levels(folder, all_categories, opts.size)

    # Rare frequency-list words are mostly rare SCOWL words too ("wether", "pomes", "alow"),
    # each one a real misspelling the checker would then miss: keep them only if SCOWL
    # keeps them at the chosen size.
    scowl_known = set(every_system)
    freq = [w for rank, w in enumerate(freq) if rank < opts.freq_top or w in scowl_known]
    # Suggestions: the frequency list, each variant it lacks right after its counterpart.
    in_freq = set(freq)
    partner: dict[str, list[str]] = {}
    for us, gb in pairs:
        partner.setdefault(us, []).append(gb)
        partner.setdefault(gb, []).append(us)
    ranked: list[str] = []
    seen: set[str] = set()
    for word in freq:
        if word in seen:
            continue
        ranked.append(word)
        seen.add(word)
        for other in partner.get(word, ()):
            if other not in in_freq and other not in seen:
                ranked.append(other)
                seen.add(other)
    common = sorted(
        (level, word)
        for word, level in level_of.items()
        if level <= SUGGEST_SIZE and word not in seen and word.isascii() and word.isalpha()
    )
    ranked += [word for _, word in common]
    seen.update(word for _, word in common)

    known: set[str] = {w for w in every_system if w not in seen}
    for category in all_categories:
        known |= {w.lower() for w in read(folder, category, "contractions", opts.size)}
        for sub in ("upper", "proper-names"):
            known |= {w.lower() for w in read(folder, category, sub, opts.names_size)}
    known = {w for w in known if w not in seen and " " not in w}

    (DATA / "words.txt").write_text("\n".join(ranked) + "\n", "utf-8")
    (DATA / "words-known.txt").write_text("\n".join(sorted(known)) + "\n", "utf-8")

    def systems(word: str) -> str:
        return "".join(s for s in SYSTEMS if word in accepts[s]) or "-"

    lines = [
        "# US form, Commonwealth form, and the spelling systems that accept each",
        "# (U US, B British -ise, Z Oxford -ize, C Canadian, A Australian).",
        "# Generated by scripts/gen_spelling_data.py from SCOWL; do not edit by hand.",
    ]
    lines += [f"{us} {gb} {systems(us)} {systems(gb)}" for us, gb in pairs]
    (DATA / "spelling-variants.txt").write_text("\n".join(lines) + "\n", "utf-8")
    print(
        f"{len(ranked)} suggestable words, {len(known)} more known words, "
        f"{len(pairs)} variant pairs (SCOWL size {opts.size}, names {opts.names_size}, "
        f"frequency list's first {opts.freq_top})"
    )


if __name__ == "__main__":
    main()
