"""The item every spider yields and every pipeline consumes.

A plain dataclass (Scrapy supports dataclass items through itemadapter), so page objects,
pipelines and the ``cnr-news extract`` command share one typed shape without Scrapy.

Offsets in ``dates``, ``organizations`` and ``persons`` are character offsets into
:attr:`ArticleItem.body` (the paragraphs joined by ``"\\n"``) *after* normalisation.
"""

from __future__ import annotations

from dataclasses import InitVar, asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

__all__ = ["ArticleItem", "Image", "RawPage", "iso_datetime"]


def iso_datetime(value: Any) -> Any:
    """Feed-export serializer of a datetime field: ISO 8601 with its offset (Scrapy's JSON encoder
    would drop the offset), anything else unchanged.

    >>> from datetime import timedelta, timezone
    >>> iso_datetime(datetime(2025, 5, 24, 9, 0, tzinfo=timezone(timedelta(hours=8))))
    '2025-05-24T09:00:00+08:00'
    """
    return value.isoformat() if isinstance(value, datetime) else value


# Field metadata read by Scrapy's item exporters (``-o``/``FEEDS``): the serializer of a field.
_ISO = {"serializer": iso_datetime}


@dataclass
class RawPage:
    """One HTTP response that went into an article (multi-page articles have several)."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime  # tz-aware, UTC
    encoding: str | None = None
    page_no: int = 1


@dataclass
class Image:
    src: str
    caption: str = ""


@dataclass
class ArticleItem:
    # identity
    url: str
    canonical_url: str
    site: str  # host family, e.g. "cnr.cn", "people.com.cn"
    key: str  # stable identity used for upserts: "cnr:<id>" for CNR, else the canonical URL
    article_id: str | None = None
    # metadata
    channel: str | None = None
    title: str = ""
    published_at: datetime | None = field(
        default=None, metadata=_ISO
    )  # tz-aware (Asia/Shanghai unless the page says otherwise)
    modified_at: datetime | None = field(default=None, metadata=_ISO)
    source: str | None = None  # 来源
    authors: list[str] = field(default_factory=list)  # 作者, 记者
    editors: list[str] = field(default_factory=list)  # 编辑, 责编, 责任编辑
    description: str | None = None
    keywords: list[str] = field(default_factory=list)
    language: str = "zh"
    # content
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    is_article: bool = True
    template: str = "unknown"  # name of the extraction template that matched
    # Raw responses (stored compressed in `pages`, so pipelines can be re-run without re-crawling).
    # Not a dataclass field: an init-only argument kept as the plain attribute ``item.raw_pages``, so
    # the storage pipeline reads it while feed exports (``scrapy crawl … -o items.jsonl``), item
    # reprs in logs, ``asdict`` and equality never see the bytes.
    if TYPE_CHECKING:  # what a type checker sees: the attribute, and the keyword argument
        raw_pages: list[RawPage] = field(default_factory=list)
    else:
        raw_pages: InitVar[list[RawPage] | None] = None
    # added by item pipelines
    title_original: str | None = None
    paragraphs_original: list[str] | None = None  # before Traditional->Simplified, when applied
    source_from: str | None = None  # where `source` came from: "page", "attribution", ...
    removed: dict[str, int] = field(default_factory=dict)  # what the normaliser removed: pattern -> count
    # what the page object noted while extracting (never boilerplate counts): ``pubtime:<method>``,
    # ``pubtime_rejected:<reason>``, ``non_article:<reason>``, ``generic:<furniture rule>`` -> count.
    # Counted in the crawl's stats as ``news/extract/<note>``.
    notes: dict[str, int] = field(default_factory=dict)
    dates: list[dict[str, Any]] = field(default_factory=list)
    organizations: list[dict[str, Any]] = field(default_factory=list)
    persons: list[dict[str, Any]] = field(default_factory=list)
    # where the story is, as the entity step read it (dateline, channel, the places it names):
    # ``{"province": "山东省", "city": "济南市", "county": "历下区"}``, only the levels it knows
    place: dict[str, str] = field(default_factory=dict)

    def __post_init__(self, raw_pages: list[RawPage] | None = None) -> None:
        self.raw_pages = list(raw_pages or [])

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-ready view (no raw bytes; datetimes as ISO 8601 with offset)."""
        d = asdict(self)
        d["body"] = self.body
        for k in ("published_at", "modified_at"):
            v = d.get(k)
            d[k] = v.isoformat() if isinstance(v, datetime) else v
        return d
