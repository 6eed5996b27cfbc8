"""Every resource a file can make abmctl spend is bounded (docs/limits.md): bytes per file,
decompressed bytes, characters aliases add, findings per code. The bombs are refused in under
two seconds and under 512 MiB, measured on the real program under a 1 GiB address-space limit."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from abmctl.load.boundary import MAX_ALIAS_CHARS, MAX_FINDINGS_PER_CODE, MAX_YAML_BYTES
from tests.hostile.input_registry import ACCOUNT, AS_OF, HEADER, small_registry, snapshot
from tests.support.cli import invoke

# Runs abmctl in a child under RLIMIT_AS = 1 GiB and prints its exit code, its wall time and
# its peak resident memory (the child's own, from RUSAGE_CHILDREN), then its stderr. The time
# bounds below are not speed checks: they are ten times what a refusal takes, and catch a
# reader that expands or parses the whole bomb (minutes) on a machine busy with other work.
MEASURE = r"""
import resource, subprocess, sys, time
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
start = time.monotonic()
done = subprocess.run([sys.executable, "-m", "abmctl", *sys.argv[1:]], capture_output=True,
                      text=True, preexec_fn=limit)
took = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(done.returncode, f"{took:.3f}", f"{peak:.1f}")
print(done.stderr + done.stdout)
"""


def measured(*args: str) -> tuple[int, float, float, str]:
    """abmctl's exit code, seconds, peak MiB and output, under the 1 GiB limit."""
    done = subprocess.run([sys.executable, "-c", MEASURE, *args], capture_output=True,
                          text=True, timeout=120, check=True)
    first, output = done.stdout.split("\n", 1)
    code, took, peak = first.split()
    return int(code), float(took), float(peak), output


@pytest.mark.slow
def test_a_large_scalar_aliased_thousands_of_times_is_refused_before_it_is_expanded(
    tmp_path: Path
) -> None:
    root = small_registry(tmp_path)
    many = ", ".join(["*big"] * 3000)  # 4 MB x 3,000 = 12 GB once expanded
    (root / "registry/accounts/bomb.yaml").write_text(
        f"{ACCOUNT.strip()}\nx-big: &big {'x' * 4_000_000}\nx-many: [{many}]\n",
        encoding="utf-8")
    before = snapshot(tmp_path)
    code, took, peak, output = measured("lint", "--root", str(root), "--as-of", AS_OF)
    print(f"alias bomb: refused in {took:.2f} s, peak {peak:.0f} MiB")
    assert code == 1
    assert "registry/accounts/bomb.yaml\n  8  error  ABM001  aliases expand too far" in output
    assert took < 10 and peak < 512
    assert snapshot(tmp_path) == before


def test_aliases_are_bounded_by_the_characters_they_add_not_by_their_number(
    tmp_path: Path
) -> None:
    root = small_registry(tmp_path)
    size = MAX_ALIAS_CHARS // 10 + 1  # ten copies pass the bound by a few characters
    few = ", ".join(["*big"] * 10)
    (root / "registry/accounts/b.yaml").write_text(
        f"{ACCOUNT.strip()}\nx-big: &big {'x' * size}\nx-many: [{few}]\n", encoding="utf-8")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    found = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "ABM001"]
    assert [(f["path"], f["line"]) for f in found] == [("registry/accounts/b.yaml", 8)]
    assert found[0]["message"].startswith("aliases expand too far")


def test_small_shared_values_may_be_aliased_thousands_of_times(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    items = "".join(f"  - {{id: a{n}, name: A{n}, domains: [a{n}.com], tier: 3, region: emea,"
                    " scores: *scores}\n" for n in range(3000))
    (root / "registry/accounts/b.yaml").write_text(
        f"x-scores: &scores {{fit: 50, intent: 10}}\naccounts:\n{items}", encoding="utf-8")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert not [f for f in json.loads(done.stdout)["findings"] if f["code"] == "ABM001"]


def _gzip_bomb(path: Path, size: int) -> None:
    """A gzip file of about size/1000 bytes that decompresses to `size` bytes of CSV."""
    pack = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"2026-11-20,acme.com,web_visit\n" * (1 << 15)
    with path.open("wb") as out:
        out.write(pack.compress(HEADER.encode()))
        for _ in range(size // len(chunk)):
            out.write(pack.compress(chunk))
        out.write(pack.flush())


@pytest.mark.slow
def test_a_gzip_bomb_is_refused_once_it_passes_the_bound(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    bomb = root / "registry/signals/bomb.csv.gz"
    bomb.parent.mkdir()
    _gzip_bomb(bomb, 1 << 30)  # 1 GiB of rows
    assert bomb.stat().st_size < 8 << 20
    before = snapshot(tmp_path)
    code, took, peak, output = measured("handoff", "--root", str(root), "--as-of", AS_OF)
    print(f"gzip bomb ({bomb.stat().st_size >> 10} KiB -> 1 GiB): refused in {took:.2f} s, "
          f"peak {peak:.0f} MiB")
    assert code == 2  # its only rows could not be read: the run says so and stops
    assert "registry/signals/bomb.csv.gz:1: decompresses to more than 256 MiB" in output
    assert took < 10 and peak < 512
    assert snapshot(tmp_path) == before


def test_an_export_within_the_bound_still_decompresses(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    (root / "registry/signals").mkdir()
    _gzip_bomb(root / "registry/signals/ok.csv.gz", 4 << 20)
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "row skipped" not in done.stderr


def test_a_yaml_file_past_the_byte_bound_is_refused_unread(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    big = root / "registry/accounts/big.yaml"
    big.write_bytes(b"accounts: []\n" + b"#" * MAX_YAML_BYTES)
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    found = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "ABM001"]
    assert [(f["path"], f["message"]) for f in found] == [
        ("registry/accounts/big.yaml", "larger than 32 MiB; not read (docs/limits.md)")]


def _accounts_of_ones(root: Path, count: int) -> None:
    (root / "registry/accounts/ones.yaml").write_text(
        "accounts: [" + ",".join(["1"] * count) + "]\n", encoding="utf-8")


def test_findings_of_one_code_stop_at_the_bound_with_one_saying_how_many_more(
    tmp_path: Path
) -> None:
    root = small_registry(tmp_path)
    _accounts_of_ones(root, MAX_FINDINGS_PER_CODE + 250)
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    found = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "ABM002"]
    assert len(found) == MAX_FINDINGS_PER_CODE + 1
    assert [f["message"] for f in found if f["message"].startswith("and ")] == [
        f"and 250 more ABM002 finding(s) not listed (at most {MAX_FINDINGS_PER_CODE:,} per "
        "code are)"]
    assert done.returncode == 1


def test_findings_at_the_bound_are_all_listed(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    _accounts_of_ones(root, MAX_FINDINGS_PER_CODE)
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    found = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "ABM002"]
    assert len(found) == MAX_FINDINGS_PER_CODE
    assert not [f for f in found if f["message"].startswith("and ")]


@pytest.mark.slow
def test_three_million_bad_records_are_counted_not_listed(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    _accounts_of_ones(root, 3_000_000)
    code, took, peak, output = measured("lint", "--root", str(root), "--as-of", AS_OF,
                                        "--format", "json")
    print(f"3M bad records: {took:.2f} s, peak {peak:.0f} MiB")
    assert code == 1
    assert f"and {3_000_000 - MAX_FINDINGS_PER_CODE} more ABM002 finding(s)" in output
    assert took < 10 and peak < 512


def test_a_number_too_long_to_write_out_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    (root / "registry/accounts/a.yaml").write_text(
        ACCOUNT.replace("tier: 3", "tier: " + "9" * 5000), encoding="utf-8")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF)
    assert done.returncode == 1
    assert "registry/accounts/a.yaml\n  6  error  ABM001  a number with more than 4,300 digits" \
        in done.stdout
