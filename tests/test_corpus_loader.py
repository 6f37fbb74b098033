"""Scanning folders, decoding bytes, and loading sources without ever raising on a bad file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui_reader.corpus import (
    BinaryFileError,
    CorpusError,
    FileEntry,
    articles,
    decode,
    load_corpus,
    load_source,
    loader,
    read_entry,
    scan,
    source_id,
)
from tui_reader.models import Skipped, Source

ARTICLE = "Budget Approved\n\nThe council approved the budget on Monday.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rels(root: Path) -> list[str]:
    return [e.rel for e in scan(root)[0]]


# --- scan ------------------------------------------------------------------------------------


def test_scan_is_recursive_sorted_and_filters_suffixes(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "C.TXT", "sub/deeper/x.txt", "sub/y.Md", "notes.rst", "img.png"]:
        write(tmp_path / name)
    entries, skipped = scan(tmp_path)
    assert [e.rel for e in entries] == ["C.TXT", "a.md", "b.txt", "sub/deeper/x.txt", "sub/y.Md"]
    assert skipped == []
    for entry in entries:
        assert Path(entry.path) == tmp_path / entry.rel
        assert str(entry.path) == str(tmp_path / entry.rel)
        assert Path(entry.path).name == entry.rel.rsplit("/", 1)[-1]
        assert Path(entry.path).read_text(encoding="utf-8") == ARTICLE
    entry = entries[3]
    assert Path(entry.path) == tmp_path / "sub" / "deeper" / "x.txt"
    assert entry.size == len(ARTICLE)
    assert entry.mtime_ns == (tmp_path / "sub/deeper/x.txt").stat().st_mtime_ns


def test_scan_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    write(tmp_path / "visible.txt")
    write(tmp_path / ".hidden.txt")
    write(tmp_path / ".git" / "inside.txt")
    write(tmp_path / "sub" / ".cache" / "x.md")
    assert rels(tmp_path) == ["visible.txt"]


def test_scan_skips_huge_files_without_reading_them(tmp_path: Path) -> None:
    write(tmp_path / "small.txt")
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: instant, no disk used
    entries, skipped = scan(tmp_path)
    assert [e.rel for e in entries] == ["small.txt"]
    assert skipped == [Skipped("huge.txt", "larger than 20 MB")]


def test_scan_does_not_follow_symlinks_out_of_root_or_in_loops(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "secret.txt")
    root = tmp_path / "corpus"
    write(root / "a.txt")
    write(root / "sub" / "b.txt")
    (root / "out_dir").symlink_to(outside, target_is_directory=True)
    (root / "out_file.txt").symlink_to(outside / "secret.txt")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "self.txt").symlink_to(root / "self.txt")
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    entries, skipped = scan(root)
    assert [e.rel for e in entries] == ["a.txt", "sub/b.txt"]
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["out_dir"] == "symlinked folder not followed"
    assert reasons["sub/loop"] == "symlinked folder not followed"
    assert reasons["out_file.txt"] == "symlink leads outside the corpus folder"
    assert reasons["self.txt"].startswith("broken symlink")
    assert reasons["dangling.txt"].startswith("broken symlink")


def test_symlinked_file_inside_root_is_read_once(tmp_path: Path) -> None:
    write(tmp_path / "real.txt")
    write(tmp_path / ".store" / "only_here.txt")
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real.txt")
    (tmp_path / "linked.txt").symlink_to(tmp_path / ".store" / "only_here.txt")
    assert rels(tmp_path) == ["linked.txt", "real.txt"]


def test_scan_keeps_undecodable_file_names_usable(tmp_path: Path) -> None:
    raw_name = b"caf\xe9.txt"  # latin-1 bytes, not UTF-8
    with open(os.path.join(os.fsencode(tmp_path), raw_name), "w", encoding="utf-8") as handle:
        handle.write(ARTICLE)
    (entry,), _ = scan(tmp_path)
    assert entry.rel == os.fsdecode(raw_name)
    assert (tmp_path / entry.rel).read_text(encoding="utf-8") == ARTICLE
    loaded = load_source(tmp_path, entry)
    assert isinstance(loaded, Source)
    assert loaded.id == os.fsdecode(b"caf\xe9")


def test_scan_errors_on_unusable_root(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        scan(tmp_path / "missing")
    file = write(tmp_path / "file.txt")
    with pytest.raises(CorpusError, match="not a folder"):
        scan(file)
    with pytest.raises(CorpusError) as info:
        scan(tmp_path / "new\nline\x1b[31m")
    assert "\n" not in str(info.value) and "\x1b" not in str(info.value)
    assert str(info.value).endswith("new␊line␛[31m")


@pytest.mark.skipif(IS_ROOT, reason="root can read anything")
def test_unreadable_root_and_subfolder(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    locked = tmp_path / "locked"
    write(locked / "b.txt")
    locked.chmod(0)
    try:
        entries, skipped = scan(tmp_path)
        assert [e.rel for e in entries] == ["a.txt"]
        assert skipped == [Skipped("locked", "unreadable folder: permission denied")]
        with pytest.raises(CorpusError, match="cannot read"):
            scan(locked)
    finally:
        locked.chmod(0o755)


def test_unreadable_subfolder_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.txt")
    write(tmp_path / "locked" / "b.txt")
    real_scandir = os.scandir

    def scandir(path: str | Path) -> object:
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(loader.os, "scandir", scandir)
    entries, skipped = scan(tmp_path)
    assert [e.rel for e in entries] == ["a.txt"]
    assert skipped == [Skipped("locked", "unreadable folder: permission denied")]
    with pytest.raises(CorpusError, match=r"cannot read corpus folder .*: permission denied"):
        scan(tmp_path / "locked")


def test_empty_folder_is_not_an_error(tmp_path: Path) -> None:
    assert scan(tmp_path) == ([], [])
    assert load_corpus(tmp_path) == ([], [])


def test_scan_is_a_stat_only_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for d in range(10):
        folder = tmp_path / f"d{d:02}"
        folder.mkdir()
        for f in range(30):
            (folder / f"{f:03}.txt").write_text("x")

    def no_reads(*args: object, **kwargs: object) -> None:
        raise AssertionError("scan must not open files")

    monkeypatch.setattr(os, "open", no_reads)
    monkeypatch.setattr("builtins.open", no_reads)
    entries, skipped = scan(tmp_path)
    assert len(entries) == 300 and not skipped
    assert all(entry.size == 1 for entry in entries)


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("000_15444799d16b97f2.txt", "000_15444799d16b97f2"),
        ("sub/a.md", "sub/a"),
        ("sub/A.TXT", "sub/A"),
        ("v1.2/notes.txt", "v1.2/notes"),
        ("archive.tar.txt", "archive.tar"),
        ("no_suffix", "no_suffix"),
    ],
)
def test_source_id(rel: str, expected: str) -> None:
    assert source_id(rel) == expected


# --- decode ----------------------------------------------------------------------------------


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode("café “ok”".encode()) == ("café “ok”", "utf-8", None)
    assert decode(b"\xef\xbb\xbfcaf\xc3\xa9") == ("café", "utf-8-sig", None)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_utf16_with_bom(codec: str) -> None:
    data = "café\r\nZelenskyy".encode(codec)
    if codec != "utf-16":
        data = ("\ufeff" + "café\r\nZelenskyy").encode(codec)
    text, encoding, note = decode(data)
    assert (text, encoding, note) == ("café\nZelenskyy", "utf-16", "decoded as utf-16")


def test_decode_cp1252_fallback() -> None:
    data = "café “quoted” – 5€".encode("cp1252")
    assert decode(data) == ("café “quoted” – 5€", "cp1252", "decoded as cp1252")


def test_decode_latin1_last_resort() -> None:
    text, encoding, note = decode(b"caf\xe9 \x81")  # 0x81 is undefined in cp1252
    assert (text, encoding, note) == ("café \x81", "latin-1", "decoded as latin-1")


def test_decode_normalises_line_ends_and_nfc() -> None:
    text, _, note = decode(b"a\r\nb\rc\n" + "Cafe\u0301".encode())
    assert text == "a\nb\nc\nCafé"
    assert note is None


def test_decode_rejects_nul_bytes() -> None:
    with pytest.raises(BinaryFileError):
        decode(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(BinaryFileError):
        decode("text".encode("utf-16-le"))  # no BOM: NULs make it binary


def test_decode_repairs_mojibake_only_when_present() -> None:
    broken = "The Kremlin said â€œno compromiseâ€\x9d on Ukraineâ€™s plan.".encode()
    text, encoding, note = decode(broken)
    assert text == "The Kremlin said “no compromise” on Ukraine’s plan."
    assert (encoding, note) == ("utf-8", "repaired mis-decoded text")
    for fine in ["Pelé–Maradona rivalry", "Olé… très bien", "« Français » naïve — 19 °C"]:
        assert decode(fine.encode()) == (fine, "utf-8", None)


def test_decode_empty() -> None:
    assert decode(b"") == ("", "utf-8", None)


# --- load_source / load_corpus ---------------------------------------------------------------


def entry_for(root: Path, rel: str) -> FileEntry:
    path = root / rel
    info = path.stat()
    return FileEntry(rel, path, info.st_size, info.st_mtime_ns)


def test_load_source_reads_decodes_and_builds(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(
        "Budget Approved\r\n\r\nThe caf\xe9 said \x93yes\x94.\r\n".encode("latin-1")
    )
    loaded = load_source(tmp_path, entry_for(tmp_path, "sub/a.txt"))
    assert isinstance(loaded, Source)
    assert loaded.id == "sub/a"
    assert loaded.title == "Budget Approved"
    assert loaded.text == "The café said “yes”."
    assert loaded.encoding == "cp1252"
    assert loaded.notes == ("decoded as cp1252",)
    assert loaded.raw == "Budget Approved\n\nThe café said “yes”.\n"


def test_load_source_never_raises_for_file_problems(tmp_path: Path) -> None:
    write(tmp_path / "gone.txt")
    gone = entry_for(tmp_path, "gone.txt")
    (tmp_path / "gone.txt").unlink()
    assert load_source(tmp_path, gone) == Skipped("gone.txt", "file vanished")

    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    assert load_source(tmp_path, entry_for(tmp_path, "bin.txt")) == Skipped(
        "bin.txt", "binary file (NUL bytes)"
    )
    (tmp_path / "empty.md").write_bytes(b"")
    assert load_source(tmp_path, entry_for(tmp_path, "empty.md")) == Skipped(
        "empty.md", "empty file"
    )
    (tmp_path / "blank.md").write_bytes(b" \n\r\n\t")
    assert load_source(tmp_path, entry_for(tmp_path, "blank.md")) == Skipped(
        "blank.md", "empty file"
    )
    (tmp_path / "dir.txt").mkdir()
    dir_entry = FileEntry("dir.txt", tmp_path / "dir.txt", 0, 0)
    assert load_source(tmp_path, dir_entry) == Skipped("dir.txt", "not a regular file")
    os.mkfifo(tmp_path / "pipe.txt")  # would block a plain open() forever
    pipe_entry = FileEntry("pipe.txt", tmp_path / "pipe.txt", 0, 0)
    assert load_source(tmp_path, pipe_entry) == Skipped("pipe.txt", "not a regular file")
    assert "pipe.txt" not in rels(tmp_path)  # scan lists regular files only


def test_load_source_refuses_paths_outside_root(tmp_path: Path) -> None:
    write(tmp_path / "outside.txt")
    root = tmp_path / "corpus"
    root.mkdir()
    entry = FileEntry("../outside.txt", root / ".." / "outside.txt", 10, 0)
    assert load_source(root, entry) == Skipped("../outside.txt", "outside the corpus folder")


def test_load_source_skips_files_that_grew_too_large(tmp_path: Path) -> None:
    with open(tmp_path / "grew.txt", "wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    entry = FileEntry("grew.txt", tmp_path / "grew.txt", 10, 0)  # size from an older scan
    assert load_source(tmp_path, entry) == Skipped("grew.txt", "larger than 20 MB")


@pytest.mark.skipif(IS_ROOT, reason="root can read anything")
def test_load_source_permission_denied(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt")
    path.chmod(0)
    try:
        assert load_source(tmp_path, entry_for(tmp_path, "locked.txt")) == Skipped(
            "locked.txt", "permission denied"
        )
    finally:
        path.chmod(0o644)


def test_load_source_permission_denied_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "locked.txt")

    def denied(entry: FileEntry) -> tuple[str, str, str | None]:
        raise PermissionError(13, "Permission denied", str(entry.path))

    monkeypatch.setattr(articles, "read_entry", denied)
    assert load_source(tmp_path, entry_for(tmp_path, "locked.txt")) == Skipped(
        "locked.txt", "permission denied"
    )


def test_read_entry_propagates_os_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_entry(FileEntry("x.txt", tmp_path / "x.txt", 1, 0))


def test_load_corpus_collects_sources_and_skips(tmp_path: Path) -> None:
    write(tmp_path / "b.txt")
    write(tmp_path / "a" / "c.md", "Other Title\n\nAnother article body here.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.md").write_bytes(b"\x00")
    sources, skipped = load_corpus(tmp_path)
    assert [s.id for s in sources] == ["a/c", "b"]
    assert [s.title for s in sources] == ["Other Title", "Budget Approved"]
    assert skipped == [
        Skipped("bin.md", "binary file (NUL bytes)"),
        Skipped("empty.txt", "empty file"),
    ]


def test_untitled_article_falls_back_to_the_file_name(tmp_path: Path) -> None:
    write(tmp_path / "notes" / "day-1.txt", "Just one sentence without a heading above it.")
    (source,), _ = load_corpus(tmp_path)
    assert source.title == "day-1"
    assert source.text == "Just one sentence without a heading above it."


def test_control_characters_never_reach_text_or_title(tmp_path: Path) -> None:
    write(
        tmp_path / "evil.txt",
        "\x1b]0;owned\x07Title \x1b[31mRed\x1b[0m Here\n\nBody \u202etxt.exe\u202c is \x9b2J fine.",
    )
    (source,), _ = load_corpus(tmp_path)
    assert source.title == "Title Red Here"
    assert source.text == "Body txt.exe is fine."
    assert "\x1b" in source.raw  # raw stays verbatim; the raw view uses visible_controls
