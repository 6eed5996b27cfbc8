"""Review: Parquet exports a hostile user can make that ended in something other than one clear
line naming the file and exit 2 (polars' Rust panic report on stderr; a Duration column called
a damaged file; a Categorical column of one long value taking every byte of memory): each now
one line, exit 2."""

from __future__ import annotations

import io
import struct
import sys
from pathlib import Path

import polars as pl

from tests.support.cli import invoke, run
from tests.support.registry import write

ACCOUNTS = """
accounts:
  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1}
"""
# `abmctl` with its address space capped at 3 GiB: a run that needs more fails at once
# rather than taking the machine's memory
CAPPED = (sys.executable, "-c",
          "import resource, runpy; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)); "
          "runpy.run_module('abmctl', run_name='__main__')")


def _registry(root: Path) -> Path:
    write(root, "registry/accounts/all.yaml", ACCOUNTS)
    return root


def _handoff(root: Path, path: Path, **options: object) -> tuple[int, str]:
    done = run("handoff", "--root", str(root), "--as-of", "2026-11-10", "--no-registry-signals",
               "--signals", str(path), env={"RUST_BACKTRACE": None}, **options)  # type: ignore[arg-type]
    return done.returncode, done.stderr


def test_data_pages_cut_short_under_an_intact_footer_say_one_line(registry_root: Path) -> None:
    """The first half of a file and its footer (a copy cut short, then its footer appended):
    polars panics on a page past the end. The run stops (exit 2) with one line: Rust's panic
    report ("thread 'async-executor-1' panicked at ...") never reaches stderr."""
    root = _registry(registry_root)
    rows = 1_000
    frame = pl.DataFrame({"occurred_at": ["2026-11-02"] * rows, "account": ["northwind.com"] * rows,
                          "type": ["web_visit"] * rows, "detail": [f"d{n}" for n in range(rows)]})
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="uncompressed")
    raw = buffer.getvalue()
    footer = struct.unpack("<i", raw[-8:-4])[0] + 8
    path = root / "cut.parquet"
    path.write_bytes(raw[: len(raw) // 2] + raw[-footer:])
    code, stderr = _handoff(root, path)
    assert code == 2
    assert "panicked" not in stderr
    [line] = stderr.splitlines()
    assert line.startswith(f"abmctl: error: {path.name}: damaged Parquet file")
    assert "unwrap" not in line and "Panic" not in line  # no words of polars' own internals


def test_a_duration_column_is_not_called_a_damaged_file(registry_root: Path) -> None:
    """A `score` column of Durations: not a damaged file ("casting from Duration('μs') to
    String not supported ... in rows 1 to 1", as it was), but a column read as its text or
    refused naming the column, as a column of lists is."""
    root = _registry(registry_root)
    from datetime import timedelta

    frame = pl.DataFrame({"occurred_at": ["2026-11-02"], "account": ["northwind.com"],
                          "type": ["web_visit"], "score": [timedelta(seconds=5)]})
    path = root / "durations.parquet"
    frame.write_parquet(path)
    done = invoke("handoff", "--root", str(root), "--as-of", "2026-11-10",
                  "--no-registry-signals", "--signals", str(path))
    assert "damaged" not in done.stderr
    assert done.returncode == 0 or "'score'" in done.stderr


def test_a_categorical_column_of_one_long_value_is_refused_by_the_text_bound(
        registry_root: Path) -> None:
    """A 4 KB file: a Categorical `detail` column holding one 1 MB value on 200,000 rows
    (200 GB of text). The same file with the column typed String is refused at once by the
    export's text bound (exit 2, "its values' text passes 256 MiB"); typed Categorical, so is
    it, before a batch becomes text (it was cast first, 65,536 x 1 MB: the run took every byte
    of memory it could, here capped at 3 GiB: "memory allocation of 16777216 bytes failed",
    SIGABRT)."""
    root = _registry(registry_root)
    rows = 200_000
    values = pl.Series("detail", ["x" * 1_000_000]).cast(pl.Categorical)
    frame = pl.DataFrame({"detail": values}).select(pl.col("detail").gather([0] * rows))
    frame = frame.with_columns(occurred_at=pl.lit("2026-11-02"),
                               account=pl.lit("northwind.com"), type=pl.lit("web_visit"))
    path = root / "bomb.parquet"
    frame.write_parquet(path)
    assert path.stat().st_size < 100_000
    plain = root / "bomb-text.parquet"  # the same bytes, the column read as String
    plain.write_bytes(path.read_bytes().replace(b"ARROW:schema", b"ARROW:schemx"))
    code, stderr = _handoff(root, plain, program=CAPPED)
    assert (code, stderr.splitlines()[-1]) == (2, (
        f"abmctl: error: {plain.name}: its values' text passes 256 MiB, the bound of one export, "
        "by row 65,536; not read (docs/limits.md)"))
    code, stderr = _handoff(root, path, program=CAPPED)
    assert code == 2, stderr[-500:]
    assert "its values' text passes 256 MiB" in stderr
