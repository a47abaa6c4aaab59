"""The normaliser's pure core: raw title + lines in, clean title + paragraphs (+ source) out.

Steps, in order: characters (:mod:`.chars`), optional Traditional -> Simplified (:mod:`.t2s`),
pinyin glosses (:mod:`.pinyin_gloss`), boilerplate (:mod:`.boilerplate`), hard-wrapped lines rejoined
(:mod:`.unwrap`), the title (found when missing, repeats removed) and duplicate paragraphs
(:mod:`.dedupe`), a trailing attribution as source (:mod:`.attribution`). Idempotent: normalising clean text changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipelines.text.attribution import find_attribution, find_source_line
from pipelines.text.boilerplate import remove_boilerplate
from pipelines.text.chars import normalize_line, split_lines
from pipelines.text.dedupe import collapse_duplicates, find_title, remove_title_copies
from pipelines.text.pinyin_gloss import strip_glosses
from pipelines.text.t2s import line_views, to_simplified
from pipelines.text.unwrap import unwrap_lines

GLOSS = "pinyin_gloss"
HARD_WRAP = "hard_wrap"  # line breaks of a hard-wrapped text removed (:mod:`.unwrap`)


@dataclass
class NormalizedText:
    title: str
    paragraphs: list[str]
    source: str | None = None  # from a trailing attribution, when there is one
    removed: dict[str, int] = field(default_factory=dict)  # what was removed, by name -> count

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


def normalize_paragraphs(
    title: str, paragraphs: list[str], *, t2s: bool = False, find_missing_title: bool = True
) -> NormalizedText:
    """Clean a title and its paragraphs (each may hold several lines).

    When ``title`` is empty it is taken from repeated leading text, or — with
    ``find_missing_title`` — from a headline-like first line.
    """
    removed: Counter[str] = Counter()
    title = normalize_line(title or "")
    lines = split_lines(paragraphs)
    if t2s:
        title = to_simplified(title)
        lines = [to_simplified(line) for line in lines]

    title, n = strip_glosses(title)
    removed[GLOSS] += n
    cleaned: list[str] = []
    for line in lines:
        line, n = strip_glosses(line)
        if n:
            removed[GLOSS] += n
            line = line.strip()
            if not line:
                continue
        cleaned.append(line)

    views = line_views(cleaned)  # traditional script read in simplified by both (來源：, 責任編輯：)
    line_source = find_source_line(cleaned, views)  # before the meta line goes as boilerplate
    cleaned, bp = remove_boilerplate(cleaned, views)
    removed.update(bp)
    cleaned, removed[HARD_WRAP] = unwrap_lines(cleaned)

    derived = not title
    if derived:
        title, cleaned = find_title(cleaned, headline_fallback=find_missing_title)
    cleaned = remove_title_copies(title, cleaned, removed, title_repeated=derived)
    cleaned = collapse_duplicates(cleaned, removed, title)

    return NormalizedText(
        title=title,
        paragraphs=cleaned,
        source=line_source or find_attribution(cleaned),
        removed={k: v for k, v in removed.items() if v},
    )


def normalize_text(title: str, text: str, *, t2s: bool = False) -> NormalizedText:
    """Clean a plain text (e.g. a ``.txt`` file): one paragraph per line; the title found if empty."""
    return normalize_paragraphs(title, [text], t2s=t2s)
