"""The whole-catalog downloads that are published gzipped, read back as their readers read them (``gzip.open``)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from generator import urls

GZIPPED = (urls.JSON_ALL, urls.RIS_ALL, urls.CSL_JSON_ALL)


def gunzip(data: str | bytes | Path) -> str:
    """The text of a gzipped download (its bytes, or its file), read through ``gzip.open``."""
    assert not isinstance(data, str), "a gzipped download is bytes, not text"
    with gzip.open(data if isinstance(data, Path) else io.BytesIO(data), "rt", encoding="utf-8") as file:
        text: str = file.read()
    return text
