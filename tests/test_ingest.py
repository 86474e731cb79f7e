"""Reading inputs: every supported format, and one clear line for every bad input."""
import datetime as dt
import json

import pytest

from kg.ingest import InputError, read_documents


def read(paths):
    return list(read_documents(paths))


def test_folder_of_mixed_formats(tmp_path):
    (tmp_path / "a.txt").write_text("Sun, 20 Sep 2020\n\nBaku leans on Moscow.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Talks in Ankara\n\nErdogan met Aliyev.", encoding="utf-8")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Kremlin &amp; Baku</title><meta property='article:published_time' content='2021-04-14T10:00'>"
        "<meta property='og:url' content='https://example.org/x'><script>alert(1)</script></head>"
        "<body><p>Putin &quot;called&quot; Aliyev.</p><style>p{}</style></body></html>", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"text": "Tokayev visited Beijing.", "date": "2023-05-01", "url": "https://e.org/1", "title": "Visit"}) + "\n",
        encoding="utf-8")
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "README.md").write_text("# How the gold was made", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("editor backup", encoding="utf-8")
    docs = read([tmp_path])
    assert [d.name for d in docs] == ["a.txt", "b.md", "c.html", "d.jsonl:1"]
    md, page, rec = docs[1], docs[2], docs[3]
    assert md.title == "Talks in Ankara"
    assert page.text == 'Putin "called" Aliyev.' and page.title == "Kremlin & Baku"
    assert page.date == dt.date(2021, 4, 14) and page.url == "https://example.org/x"
    assert rec.date == dt.date(2023, 5, 1) and rec.key == "https://e.org/1" and rec.title == "Visit"


@pytest.mark.parametrize("name, content, problem", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
    ("latin1.txt", "Erdo\u011fan in Bak\u0131".encode("utf-8")[:5] + b"\xe9t\xe9", "not UTF-8"),
])
def test_bad_files_give_one_line_naming_the_file(tmp_path, name, content, problem):
    (tmp_path / name).write_bytes(content)
    (errors,) = read([tmp_path / name])
    assert isinstance(errors, InputError)
    assert name in str(errors) and problem in str(errors) and "\n" not in str(errors)


def test_the_rest_of_the_batch_still_goes_in(tmp_path):
    (tmp_path / "bad.jsonl").write_text(
        '{"text": "Lavrov met Fidan in Antalya."}\n{not json\n{"title": "no text"}\n{"text": "x", "date": "yesterday"}\n'
        '{"text": "Pashinyan spoke to Macron."}\n', encoding="utf-8")
    (tmp_path / "table.xlsx").write_bytes(b"PK")
    out = read([tmp_path / "bad.jsonl", tmp_path / "missing.txt", tmp_path / "table.xlsx"])
    docs = [d for d in out if not isinstance(d, InputError)]
    errors = [str(e) for e in out if isinstance(e, InputError)]
    assert [d.name for d in docs] == ["bad.jsonl:1", "bad.jsonl:5"]
    assert any("bad.jsonl:2: malformed JSON" in e for e in errors)
    assert any("bad.jsonl:3" in e and '"text"' in e for e in errors)
    assert any("bad.jsonl:4" in e and "ISO date" in e for e in errors)
    assert any("missing.txt: no such file or directory" in e for e in errors)
    assert any("table.xlsx: unsupported file type" in e for e in errors)


def test_document_identity_is_url_else_file_name(tmp_path):
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (first,) = read([tmp_path / "a.txt"])
    (tmp_path / "a.txt").write_text("two", encoding="utf-8")
    (second,) = read([tmp_path / "a.txt"])
    assert first.id == second.id and first.content_hash != second.content_hash
