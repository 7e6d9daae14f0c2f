"""Measure spelling engines on the real misspellings in shared/data/spelling and on clean text.

    .venv/bin/python benchmarks/spelling_engines.py [--data ../shared/data/spelling]
        [--hunspell /usr/share/hunspell] [--quick] [--only NAME]

Optional peers: `pip install spylls wordfreq` (a pure-Python Hunspell reader; a frequency list)
and Debian's hunspell-en-us / hunspell-en-gb dictionaries (`apt-get install hunspell-en-us
hunspell-en-gb`, or unpack their .deb and pass `--hunspell DIR`).

Prints, per engine: misspellings flagged, right word first, right word in the top 5 (both test
sets together), false flags per 1,000 words of the clean drafts in tests/corpus/clean (names,
jargon), load time and time per suggestion. Engines that are not installed are skipped.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def load_pairs(folder: Path) -> list[tuple[str, str]]:
    pairs = []
    for name in ("spell-testset1.txt", "spell-testset2.txt"):
        for line in (folder / name).read_text("utf-8").splitlines():
            right, _, wrongs = line.partition(":")
            pairs += [(right.strip(), w) for w in wrongs.split()]
    return pairs


def clean_words(folder: Path = ROOT / "tests" / "corpus" / "clean") -> list[str]:
    words = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8")
        words += [w for w in WORD.findall(text) if not w.isupper()]
    return words


class Engine:
    def __init__(self, name: str, load: Callable[[], tuple[Callable, Callable]]) -> None:
        self.name = name
        self.load = load


def ours() -> tuple[Callable, Callable]:
    from afterview.checks.spelling_engine import SpellEngine

    engine = SpellEngine()
    return engine.known, lambda w: engine.suggest(w, 5)


def afterview_checker() -> tuple[Callable, Callable]:
    """The engine as the checker uses it: plus afterview's jargon list."""
    from afterview.checks.spelling_engine import SpellEngine
    from afterview.checks.vocabulary import jargon

    engine = SpellEngine(jargon())
    return engine.known, lambda w: engine.suggest(w, 5)


def afterview_british() -> tuple[Callable, Callable]:
    """The checker's engine for an application in a British-spelling region."""
    from afterview.checks.spelling_engine import SpellEngine
    from afterview.checks.vocabulary import jargon

    engine = SpellEngine(jargon(), region="GB")
    return engine.known, lambda w: engine.suggest(w, 5)


HUNSPELL = [Path("/usr/share/hunspell")]


def _spylls(*names: str) -> tuple[Callable, Callable]:
    from spylls.hunspell import Dictionary

    dictionaries = []
    for name in names:
        found = [d / name for d in HUNSPELL if (d / f"{name}.dic").exists()]
        if not found:
            raise ImportError(f"no Hunspell dictionary {name} in {HUNSPELL}")
        dictionaries.append(Dictionary.from_files(str(found[0])))

    def known(w: str) -> bool:
        return any(d.lookup(w) for d in dictionaries)

    return known, lambda w: list(dictionaries[0].suggest(w))[:5]


def spylls_us() -> tuple[Callable, Callable]:
    return _spylls("en_US")


def spylls_us_gb() -> tuple[Callable, Callable]:
    return _spylls("en_US", "en_GB")


def wordfreq_large() -> tuple[Callable, Callable]:
    """wordfreq's 'large' English list: known when it has a frequency; suggestions ranked by
    afterview's scoring over its 100,000 most frequent words."""
    import wordfreq
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    from afterview.checks.spelling_engine import _score

    top = wordfreq.top_n_list("en", 100_000, wordlist="large")
    ranks = {w: i for i, w in enumerate(top)}

    def suggest(w: str) -> list[str]:
        pool = [c for c in top if abs(len(c) - len(w)) <= 2]
        found = process.extract(w, pool, scorer=OSA.distance, score_cutoff=2, limit=None)
        scored = sorted((_score(w, c, int(d), ranks[c]), c) for c, d, _ in found)
        return [c for _, c in scored[:5]]

    return (lambda w: wordfreq.zipf_frequency(w, "en", wordlist="large") > 0), suggest


def pyspellchecker() -> tuple[Callable, Callable]:
    from spellchecker import SpellChecker

    sc = SpellChecker()

    def suggest(w: str) -> list[str]:
        best = sc.correction(w)
        rest = sorted(sc.candidates(w) or [], key=lambda c: -sc.word_usage_frequency(c))
        return [best, *[c for c in rest if c != best]][:5] if best else rest[:5]

    return (lambda w: w in sc), suggest


def symspellpy() -> tuple[Callable, Callable]:
    from importlib import resources

    from symspellpy import SymSpell, Verbosity

    ss = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    bundled = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    ss.load_dictionary(str(bundled), 0, 1)
    return (lambda w: w in ss.words), (
        lambda w: [s.term for s in ss.lookup(w, Verbosity.ALL, 2)][:5]
    )


ENGINES = [
    Engine("afterview (rapidfuzz + frequency list)", ours),
    Engine("afterview + jargon list (as the checker runs)", afterview_checker),
    Engine("afterview + jargon, British region", afterview_british),
    Engine("pyspellchecker", pyspellchecker),
    Engine("symspellpy (bundled dictionary)", symspellpy),
    Engine("wordfreq 3 'large' (+ afterview ranking)", wordfreq_large),
    Engine("Hunspell en_US via spylls", spylls_us),
    Engine("Hunspell en_US + en_GB via spylls", spylls_us_gb),
]


def measure(
    engine: Engine,
    pairs: list[tuple[str, str]],
    clean: list[str],
    quick: bool,
    held_out: list[str] | None = None,
) -> dict:
    held_out = held_out or []
    t = time.perf_counter()
    try:
        known, suggest = engine.load()
    except ImportError as exc:
        return {"skip": str(exc)}
    load = time.perf_counter() - t
    flagged = first = top5 = 0
    times = []
    sample = pairs[::4] if quick else pairs
    for right, wrong in sample:
        if known(wrong):
            continue
        flagged += 1
        t = time.perf_counter()
        suggestions = suggest(wrong)
        times.append(time.perf_counter() - t)
        first += bool(suggestions) and suggestions[0] == right
        top5 += right in suggestions
    false = sum(1 for w in clean if not known(w.lower()) and not w[0].isupper())
    false_all = sum(1 for w in clean if not known(w.lower()))
    false_held = sum(1 for w in held_out if not known(w.lower()) and not w[0].isupper())
    return {
        "flagged": 100 * flagged / len(sample),
        "first": 100 * first / len(sample),
        "top5": 100 * top5 / len(sample),
        "false_per_1000": 1000 * false / max(1, len(clean)),
        "false_all_per_1000": 1000 * false_all / max(1, len(clean)),
        "false_held_per_1000": 1000 * false_held / max(1, len(held_out)),
        "load_ms": 1000 * load,
        "suggest_ms": 1000 * statistics.median(times) if times else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "spelling")
    parser.add_argument("--quick", action="store_true", help="every 4th pair only")
    parser.add_argument("--only", help="engines whose name contains this")
    parser.add_argument("--hunspell", type=Path, help="a folder with en_US.dic/.aff, en_GB.dic")
    opts = parser.parse_args()
    if opts.hunspell:
        HUNSPELL.insert(0, opts.hunspell)
    pairs = load_pairs(opts.data)
    clean = clean_words()
    held_out = clean_words(ROOT / "benchmarks" / "data" / "holdout-2")
    print(f"{len(pairs)} misspellings; {len(clean)} words of clean drafts")
    head = (
        f"{'engine':<46} {'flag%':>6} {'1st%':>6} {'top5%':>6} {'ff/1k':>6} {'ff*/1k':>7} "
        f"{'ff2/1k':>7} {'load ms':>8} {'sugg ms':>8}"
    )
    print(head)
    for engine in ENGINES:
        if opts.only and opts.only not in engine.name:
            continue
        m = measure(engine, pairs, clean, opts.quick, held_out)
        if "skip" in m:
            print(f"{engine.name:<46} skipped: {m['skip']}")
            continue
        print(
            f"{engine.name:<46} {m['flagged']:>6.1f} {m['first']:>6.1f} {m['top5']:>6.1f} "
            f"{m['false_per_1000']:>6.1f} {m['false_all_per_1000']:>7.1f} "
            f"{m['false_held_per_1000']:>7.1f} "
            f"{m['load_ms']:>8.1f} {m['suggest_ms']:>8.2f}"
        )
        sys.stdout.flush()
    print("ff/1k: lower-case words of the clean drafts not known (false flags per 1,000 words);")
    print("ff*/1k: all words, capitalised ones (names) included.")
    print("ff2/1k: lower-case words of benchmarks/data/holdout-2 not known (held out).")
    print()
    checker_false_flags()


def checker_false_flags() -> None:
    """Spelling findings of the whole checker (record words, jargon, skip rules) on clean text."""
    sys.path.insert(0, str(ROOT / "tests"))
    from afterview.checks import Checker, load_draft
    from afterview.situation import load_situation

    from corpus_loader import clean_cases

    sets: dict[str, list] = {"tests/corpus/clean (tuning set)": []}
    for case in clean_cases():
        sets["tests/corpus/clean (tuning set)"].append((case.checker(), case.draft()))
    for name in ("holdout", "holdout-2"):
        folder = ROOT / "benchmarks" / "data" / name
        checker = Checker(load_situation(folder / "situation.toml"))
        sets[f"benchmarks/data/{name} (held out)"] = [
            (checker, load_draft(path)) for path in sorted(folder.glob("*.txt"))
        ]
    print("the checker's spelling findings on clean drafts")
    print(f"{'drafts':<40} {'words':>6} {'flags':>6} {'per 1k':>7}  flagged")
    for name, pairs in sets.items():
        words = sum(d.word_count for _, d in pairs)
        flagged = [
            d.text[f.start : f.end] for c, d in pairs for f in c.check(d) if f.rule == "spelling"
        ]
        rate = 1000 * len(flagged) / words
        print(f"{name:<40} {words:>6} {len(flagged):>6} {rate:>7.2f}  {', '.join(flagged)}")


if __name__ == "__main__":
    main()
