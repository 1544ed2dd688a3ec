"""Language detection: bot.text.language.detect_language (py3langid) against the detector it
replaced (script ranges and stop words, kept here as the baseline), on the same texts in one run.

Usage: .venv/bin/python bench/language.py [--data DIR]

Texts, each labelled with its language:
- snippets-dev (`--data`, default ../shared/data): the passages a page's main text must contain,
  joined, labelled by the page's own `<html lang>`; at most 40 pages per language.
- extraction-dev: the hand-marked article text, labelled by the page's `<html lang>`.
- bench/testdata/language/udhr.jsonl: 20 articles of the Universal Declaration of Human Rights
  in each language the shared data lacks (Urdu, Arabic, Persian, Hindi, Bengali, Chinese...;
  see bench/testdata/README.md for where they come from).
Each text is also cut to its first 200 characters (a headline and a lead) and scored again.
Accuracy is the share of texts whose detected code is the label; "unsure" (None) counts as
wrong. Split-half figures (even / odd texts) show the threshold was not fitted to one half.
Speed: texts per second of each detector over the same texts, as a ratio.
Ends with one JSON line.
"""

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bot.text.language import detect_language  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
UDHR = REPO_ROOT / "bench" / "testdata" / "language" / "udhr.jsonl"
PER_LANGUAGE = 40
SHORT_CHARS = 200
_HTML_LANG = re.compile(rb"<html[^>]*\blang=[\"']?([A-Za-z]{2})\b", re.I)

Sample = tuple[str, str]  # (language, text)


def main() -> None:
    args = _parse_args()
    samples = _samples(args.data)
    by_language = Counter(lang for lang, _ in samples)
    print(
        f"{len(samples)} texts in {len(by_language)} languages: {dict(sorted(by_language.items()))}"
    )
    detectors: dict[str, Callable[[str], str | None]] = {
        "py3langid (ours)": detect_language,
        "stop words + scripts (before)": old_detect_language,
    }
    results: dict[str, dict[str, float]] = {}
    for length, cut in (("full", None), ("short", SHORT_CHARS)):
        texts = [(lang, text[:cut]) for lang, text in samples]
        print(f"\n{length} texts" + (f" (first {cut} characters)" if cut else ""))
        header = " ".join(f"{lang:>5}" for lang in sorted(by_language))
        print(f"{'detector':<30} {header}   all  even   odd")
        for name, detect in detectors.items():
            right: dict[str, list[bool]] = defaultdict(list)
            hits = [detect(text) == lang for lang, text in texts]
            for (lang, _), hit in zip(texts, hits, strict=True):
                right[lang].append(hit)
            per = {lang: sum(r) / len(r) for lang, r in right.items()}
            overall = sum(hits) / len(hits)
            even, odd = _mean(hits[0::2]), _mean(hits[1::2])
            row = " ".join(f"{per[lang]:5.2f}" for lang in sorted(by_language))
            print(f"{name:<30} {row} {overall:5.3f} {even:5.3f} {odd:5.3f}")
            results[f"{name}/{length}"] = {"all": overall, "macro": _mean(list(per.values()))}
            if name.endswith("(ours)") and length == "full":
                results["ours_per_language"] = {k: round(v, 3) for k, v in sorted(per.items())}

    speeds = {name: _texts_per_second(detect, samples) for name, detect in detectors.items()}
    ours, before = speeds["py3langid (ours)"], speeds["stop words + scripts (before)"]
    print(
        f"\nspeed: ours {ours:.0f} texts/s, before {before:.0f} texts/s, ratio {ours / before:.2f}"
    )
    print(
        json.dumps(
            {
                "texts": len(samples),
                "languages": len(by_language),
                "accuracy": round(results["py3langid (ours)/full"]["all"], 3),
                "accuracy_before": round(results["stop words + scripts (before)/full"]["all"], 3),
                "macro_accuracy": round(results["py3langid (ours)/full"]["macro"], 3),
                "macro_accuracy_before": round(
                    results["stop words + scripts (before)/full"]["macro"], 3
                ),
                "short_accuracy": round(results["py3langid (ours)/short"]["all"], 3),
                "short_accuracy_before": round(
                    results["stop words + scripts (before)/short"]["all"], 3
                ),
                "per_language": results["ours_per_language"],
                "texts_per_s": round(ours, 1),
                "speed_ratio_vs_before": round(ours / before, 3),
            }
        )
    )


def _samples(data: Path) -> list[Sample]:
    samples: list[Sample] = []
    taken: Counter[str] = Counter()
    snippets = data / "snippets-dev"
    for entry in json.loads((snippets / "evaldata.json").read_text(encoding="utf-8")).values():
        lang = _page_language((snippets / "html" / entry["file"]).read_bytes())
        text = " ".join(entry["with"])
        if lang and len(text) >= 100 and taken[lang] < PER_LANGUAGE:
            taken[lang] += 1
            samples.append((lang, text))
    extraction = data / "extraction-dev"
    truth = json.loads((extraction / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, entry in sorted(truth.items()):
        page = gzip.decompress((extraction / "html" / f"{page_id}.html.gz").read_bytes())
        lang = _page_language(page)
        text = entry["articleBody"]
        if lang and len(text) >= 100 and taken[lang] < PER_LANGUAGE:
            taken[lang] += 1
            samples.append((lang, text))
    for line in UDHR.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        samples.append((row["lang"], row["text"]))
    return samples


def _page_language(page: bytes) -> str | None:
    match = _HTML_LANG.search(page[:20_000])
    return match.group(1).decode().lower() if match else None


def _texts_per_second(detect: Callable[[str], str | None], samples: list[Sample]) -> float:
    detect(samples[0][1])  # loading a model is not the per-text cost
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for _, text in samples:
            detect(text)
        best = min(best, time.process_time() - start)
    return len(samples) / best


def _mean(values: list[bool] | list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    return parser.parse_args()


# The detector before py3langid, unchanged: the baseline the figures are measured against.
_OLD_SAMPLE_CHARS = 5000
_OLD_MIN_STOPWORD_HITS = 5


# Scripts that name their language well enough; Cyrillic needs letter evidence, Arabic and
# Latin word evidence.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),  # kana: before Han, which Japanese shares
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("hy", re.compile(r"[\u0530-\u058f]")),
    ("ka", re.compile(r"[\u10a0-\u10ff]")),
)
_STOPWORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split())
    for code, words in {
        "en": "the and of to in is that for it with was on as be by at this are from have has"
        " not but they his her which were their would been said",
        "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch"
        " es an werden aus er hat dass sie nach wird bei",
        "fr": "le la les et des est une un du en que qui dans pour pas sur au avec il sont"
        " ce ne se par plus été aux cette",
        "es": "el la los las y de que en un una es por con para del se no al lo como más"
        " pero sus le ha fue este son",
        "pt": "o a os as e de que em um uma é do da dos das para com não no na por se mais"
        " ao foi como seu sua são pelo pela",
        "it": "il lo la gli le e di che è un una per con non del della dei nel si da al"
        " sono anche come più ha alla degli",
        "nl": "de het een en van is dat in op te zijn met voor niet aan er om ook als door"
        " bij maar wordt naar heeft werd",
        "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke ada"
        " karena oleh sudah mereka atau bisa saat",
        "tr": "ve bir bu da de için ile olarak çok daha gibi ama olan en ne kadar sonra"
        " değil her ancak göre",
        "pl": "i w nie na się z że do jest to jak po co ale od za przez są tak być jego"
        " już może dla",
        "sv": "och i att det som en på är av för med till den har de inte om ett var jag"
        " men sig från",
        "ar": "في من على أن إلى عن مع هذا التي الذي كان ما لا هذه أو بين بعد كما قد",
    }.items()
}
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_ONLY = re.compile(
    r"[іїєґІЇЄҐ]|\b(?:що|це|як|його|був|була|були|або|вже|він|вона|вони|від)\b"
)
_RUSSIAN_ONLY = re.compile(r"[ыэъЫЭЪ]|\b(?:что|это|как|его|был|была|были|или|уже|он|она|они|от)\b")


def old_detect_language(text: str) -> str | None:
    """A lower-case 2-letter code for the text's language, or None when unsure."""
    sample = text[:_OLD_SAMPLE_CHARS]
    if not sample.strip():
        return None
    letters = sum(1 for ch in sample if ch.isalpha())
    for code, script in _SCRIPTS:
        if len(script.findall(sample)) >= max(5, letters // 10):
            return code
    cyrillic = _cyrillic_language(sample)
    if cyrillic:
        return cyrillic
    hits: Counter[str] = Counter()
    for word in _WORD.findall(sample.lower()):
        for code, stopwords in _STOPWORDS.items():
            if word in stopwords:
                hits[code] += 1
    if not hits:
        return None
    (best, count), *rest = hits.most_common(2) + [("", 0)]
    runner_up = rest[0][1]
    return best if count >= _OLD_MIN_STOPWORD_HITS and count > 1.2 * runner_up else None


def _cyrillic_language(sample: str) -> str | None:
    """Russian or Ukrainian from the letters and words only one of them uses; None otherwise."""
    letters = sum(1 for ch in sample if ch.isalpha())
    if len(_CYRILLIC.findall(sample)) < max(5, letters // 2):
        return None
    ukrainian, russian = len(_UKRAINIAN_ONLY.findall(sample)), len(_RUSSIAN_ONLY.findall(sample))
    if ukrainian > russian:
        return "uk"
    return "ru" if russian else None


if __name__ == "__main__":
    main()
