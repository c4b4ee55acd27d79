"""Probe 12-23: a slide deck whose ZIP directory lists a hundred thousand entries.

To tell a PPTX from another ZIP file, the upload check reads the package's list of names
(`zipfile.ZipFile(...).namelist()`): Python builds one object per entry. A 9 MB upload (under the
library's limit) holding the two names a deck needs and 105,000 empty entries took 2.4 seconds
of CPU and tens of megabytes to read, on every upload attempt. Now the count the directory's
end record gives is read first (22 bytes near the end) and a package listing more entries than
any deck has (`files.PACKAGE_MAX_ENTRIES`) is not a deck, before any entry is read.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.library import files
from echohub.library.models import FileKind


def _package(extra: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("ppt/presentation.xml", "<p:presentation/>")
        for n in range(extra):
            package.writestr(f"ppt/media/{n}", b"")
    return buf.getvalue()


def _sniff(data: bytes) -> FileKind | None:
    return files.sniff(data[:16], io.BytesIO(data))


def test_a_package_listing_more_entries_than_any_deck_is_not_a_deck():
    data = _package(files.PACKAGE_MAX_ENTRIES)
    assert len(data) < files.LIBRARY_FILE_MAX_BYTES
    assert _sniff(data) is None


def test_a_deck_with_many_parts_is_still_a_deck():
    assert _sniff(_package(files.PACKAGE_MAX_ENTRIES - 2)) == FileKind.PPTX


@pytest.mark.parametrize(
    ("comment", "kind"),
    [
        (b"", FileKind.PPTX),
        (b"a comment after the directory" * 100, FileKind.PPTX),
        # zipfile itself refuses an end record's signature inside the comment
        (b"PK\x05\x06 a comment that looks like an end record", None),
    ],
)
def test_a_deck_with_a_comment_is_read_and_a_cut_one_refused(comment, kind):
    commented = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_package(3))) as src, zipfile.ZipFile(commented, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.comment = comment
    data = commented.getvalue()
    assert _sniff(data) == kind
    assert _sniff(data[:-10]) is None


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=0, max_size=200))
def test_any_tail_after_a_zip_header_is_read_without_a_crash(tail):
    data = b"PK\x03\x04" + tail
    kind = _sniff(data)
    # An ISO media file's first box may be any size, these four bytes too: "ftyp" after them is
    # a video's header, read as one (Hypothesis found it), and never a deck.
    assert kind in (None, FileKind.PPTX) or (kind == FileKind.MP4 and tail[:4] == b"ftyp")


@pytest.mark.parametrize("entries", [0, 1, 65_535])
def test_the_count_is_read_from_the_end_record(entries):
    end = b"PK\x05\x06" + b"\x00" * 6 + entries.to_bytes(2, "little") + b"\x00" * 10
    assert files.package_entries(io.BytesIO(b"PK\x03\x04" + b"\x00" * 40 + end)) == entries
