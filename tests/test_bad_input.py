"""Each kind of bad input gives one problem line naming the file; the rest of the build is untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kgbuild
from kgbuild.analysis import read_corpus
from kgbuild.model import Corpus

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1331771e99bb3f69.txt"
DECISION = "2021-01-29-nota-601121166B34EF00090001A4.txt"

MINI_REPORT = """# Rapport
## Thema
- Een bewering \\[0\\].
{extra}
## Referenties (s3 files)

\\[0\\]: clean/2021/01/2021-01-29-nota-601121166B34EF00090001A4.txt

## Referenties (full text)

\\[0\\]: {text}
"""


class Built:
    """A build of a folder, and the corpus its readers made of it (``kgbuild.analysis``)."""

    def __init__(self, folder: Path) -> None:
        self.result = kgbuild.build([folder], executor="serial")
        self.report = self.result.report
        self.corpus: Corpus = read_corpus([folder])
        assert self.corpus.problems == self.report.problems  # the same pure readers and merges


def build_with(tmp_path: Path, name: str, content: bytes | None) -> Built:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED, folder / SEED.name)
    if content is not None:
        (folder / name).write_bytes(content)
    return Built(folder)


def assert_seed_intact(result: Built) -> None:
    seed = [r for r in result.corpus.reports if r.key == SEED.stem]
    assert len(seed) == 1 and len(seed[0].claims) == 12
    assert result.report.counts["claims"] >= 12 and len(result.result.graph) > 400
    assert len([d for d in result.corpus.decisions.values() if d.date]) >= 26


def only_problem(result: Built, name: str) -> str:
    mine = [p for p in result.report.problems if p.path.endswith(name)]
    assert len(mine) == 1, result.report.problems
    line = str(mine[0])
    assert "\n" not in line and line.startswith(name)
    return line


@pytest.mark.slow
def test_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED, folder / SEED.name)
    (folder / "gone.md").symlink_to(tmp_path / "nowhere.md")
    result = Built(folder)
    assert "unreadable" in only_problem(result, "gone.md")
    assert result.report.inputs["skipped"] == 1 and len(result.report.skipped) == 1
    assert_seed_intact(result)


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"], ids=["zero-bytes", "white-space"])
@pytest.mark.slow
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    result = build_with(tmp_path, "empty.md", content)
    assert "empty file" in only_problem(result, "empty.md")
    assert len(result.report.skipped) == 1
    assert_seed_intact(result)


@pytest.mark.slow
def test_truncated_json(tmp_path: Path) -> None:
    data = (ROOT / "tests/cases/all-formats/input/bucket/ingestion/output/2021/01/601121166B34EF00090001A4/"
            "document.json").read_bytes()
    result = build_with(tmp_path, "document.json", data[: len(data) // 2])
    line = only_problem(result, "document.json")
    assert "invalid or truncated JSON" in line and "line 1 column" in line
    assert_seed_intact(result)


@pytest.mark.slow
def test_truncated_markdown(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    cut = text[: text.index("## Referenties")]  # the reference lists are gone
    result = build_with(tmp_path, "cut.md", cut.encode())
    mine = [str(p) for p in result.report.problems if p.path == "cut.md"]
    assert any("has no reference 0" in m for m in mine)
    assert any("report has no claims" in m for m in mine)
    assert_seed_intact(result)


@pytest.mark.slow
def test_binary_file(tmp_path: Path) -> None:
    result = build_with(tmp_path, "picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in only_problem(result, "picture.png")
    assert_seed_intact(result)


@pytest.mark.slow
def test_wrongly_encoded_file_is_read_with_a_warning(tmp_path: Path) -> None:
    body = MINI_REPORT.format(extra="", text="Financiële steun voor het onderzoeksprogramma.")
    result = build_with(tmp_path, "latin.md", body.encode("cp1252"))
    assert "not valid UTF-8" in only_problem(result, "latin.md")
    report = next(r for r in result.corpus.reports if r.key == "latin")
    assert report.claims and "Financiële" in (report.references[0].decision.text or "")
    assert len(result.report.skipped) == 0
    assert_seed_intact(result)


@pytest.mark.slow
def test_citation_without_reference(tmp_path: Path) -> None:
    body = MINI_REPORT.format(extra="- Nog een bewering \\[0\\]\\[9\\].", text="Tekst.")
    result = build_with(tmp_path, "dangling.md", body.encode())
    assert "cites [9] but the report has no reference 9" in only_problem(result, "dangling.md")
    report = next(r for r in result.corpus.reports if r.key == "dangling")
    assert [c.citations for c in report.claims] == [(0,), (0,)]
    assert_seed_intact(result)


@pytest.mark.slow
def test_reference_without_text(tmp_path: Path) -> None:
    body = MINI_REPORT.format(extra="", text="")
    result = build_with(tmp_path, "notext.md", body.encode())
    assert "reference [0] (601121166B34EF00090001A4) has no text" in only_problem(result, "notext.md")
    # the decision keeps the seed's text and the file name's date
    dec = result.corpus.decisions["601121166b34ef00090001a4"]
    assert dec.text and str(dec.date) == "2021-01-29"
    assert_seed_intact(result)


@pytest.mark.slow
def test_same_decision_with_two_dates(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    shutil.copyfile(SEED, folder / SEED.name)
    (folder / "a" / DECISION).write_text("Titel  Tekst.", encoding="utf-8")
    (folder / "b" / DECISION.replace("2021-01-29", "2021-02-05")).write_text("Titel  Tekst.", encoding="utf-8")
    result = Built(folder)
    lines = [str(p) for p in result.report.problems]
    assert len(lines) == 1 and "601121166B34EF00090001A4 has 2 different dates" in lines[0]
    assert "2021-01-29" in lines[0] and "2021-02-05" in lines[0]
    assert str(result.corpus.decisions["601121166b34ef00090001a4"].date) == "2021-01-29"
    assert_seed_intact(result)


@pytest.mark.slow
def test_report_without_claims(tmp_path: Path) -> None:
    body = "# Rapport\n\n## Samenvatting\nNiets aangehaald.\n\n## Referenties (s3 files)\n"
    result = build_with(tmp_path, "empty-report.md", body.encode())
    assert "report has no claims" in only_problem(result, "empty-report.md")
    assert any(r.key == "empty-report" for r in result.corpus.reports)
    assert_seed_intact(result)


@pytest.mark.slow
def test_unrecognised_json(tmp_path: Path) -> None:
    result = build_with(tmp_path, "other.json", b'{"hello": "world"}')
    assert "neither a report" in only_problem(result, "other.json")
    assert_seed_intact(result)


@pytest.mark.slow
def test_decision_text_without_id_in_name(tmp_path: Path) -> None:
    result = build_with(tmp_path, "decision.txt", b"Een titel zonder id  En een tekst.")
    assert "YYYY-MM-DD-{nota|mededeling}-ID.txt" in only_problem(result, "decision.txt")
    assert_seed_intact(result)


@pytest.mark.slow
def test_misnamed_report_still_reads(tmp_path: Path) -> None:
    result = build_with(tmp_path, "report.json.bak", SEED.read_bytes().replace(b"Samenvatting", b"Overzicht"))
    assert result.report.problems == []
    assert len(result.corpus.reports) == 2


def test_every_format_is_one_entry_in_the_readers_list() -> None:
    from kgbuild.readers import FORMATS, READERS

    assert sorted(f.name for f in READERS) == sorted(FORMATS)
