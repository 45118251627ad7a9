"""Reading files: encodings, HTML pages, crawler wrappers, and every kind of bad input."""
from __future__ import annotations

import os

import pytest

from timeline.extract.documents import MAX_BYTES, DocumentError, read_document

TEXT = "Kremlin spokesman Dmitry Peskov said on Friday that talks were possible. «Да» — naïve café"


@pytest.mark.parametrize("encoding, data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
    ("utf-16", TEXT.encode("utf-16")),
])
def test_unicode_encodings_round_trip(tmp_path, encoding, data):
    f = tmp_path / "a.txt"
    f.write_bytes(data)
    doc = read_document(f)
    assert doc.text == TEXT
    assert doc.encoding == encoding


def test_cp1252_is_detected(tmp_path):
    text = "The minister’s “final” offer was rejected on Monday, the café owner said. " * 5
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode("cp1252"))
    doc = read_document(f)
    assert "minister’s “final” offer" in doc.text


def test_cp1251_is_detected(tmp_path):
    text = "Песков заявил в пятницу, что Россия готова к переговорам с новой администрацией США. " * 5
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode("cp1251"))
    assert "Песков заявил в пятницу" in read_document(f).text


@pytest.mark.parametrize("name, data, words", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n \t", "empty"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ("nul.txt", b"abc\x00\x01\x02\x00def" * 10, "binary"),
    ("garbage.txt", bytes(range(128, 256)) * 40 + b"\x81\x8d\x8f\x90\x9d" * 50, "decodable"),
])
def test_bad_files_raise_one_line_messages(tmp_path, name, data, words):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(DocumentError) as exc:
        read_document(f)
    msg = str(exc.value)
    assert words.lower() in msg.lower()
    assert "\n" not in msg


def test_enormous_file_is_refused_before_reading(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(DocumentError, match="too large"):
        read_document(f)


def test_html_main_text_and_head_fields(tmp_path):
    html = """<!doctype html><html><head><title>Kremlin says talks possible | Reuters</title>
    <meta property="article:published_time" content="2025-02-10T09:30:00Z">
    <meta property="og:site_name" content="Reuters"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a> Skip to content</nav>
    <article><h1>Kremlin says talks possible</h1>
    <p>MOSCOW, Feb 10 (Reuters) - Kremlin spokesman Dmitry Peskov said on Monday that Russia was ready for
    talks with the United States on ending the war in Ukraine, but gave no date for any meeting.</p>
    <p>Peskov told reporters that the two presidents had not yet spoken by telephone, according to the agency,
    and that preparations for such a conversation would take time.</p></article>
    <footer>© 2025 Reuters. All rights reserved.</footer><script>alert(1)</script></body></html>"""
    f = tmp_path / "page.html"
    f.write_text(html, encoding="utf-8")
    doc = read_document(f)
    assert "Peskov said on Monday" in doc.text
    assert "<p>" not in doc.text and "alert(1)" not in doc.text
    assert doc.fields["date"].startswith("2025-02-10")
    assert doc.fields["outlet"] == "Reuters"


def test_xml_like_wrapper_is_reduced_to_its_contents(tmp_path):
    f = tmp_path / "w.txt"
    f.write_text("<article>\n<title>Big story</title>\n<publication_date>2025-03-30T08:02:36</publication_date>\n"
                 "<content>First line of the story.\n\nSecond line.</content>\n</article>\n", encoding="utf-8")
    doc = read_document(f)
    assert "<" not in doc.text
    assert doc.fields["field:title"] == "Big story"
    assert doc.fields["field:publication_date"] == "2025-03-30T08:02:36"
    assert doc.text.index("Big story") < doc.text.index("First line") < doc.text.index("Second line")


def test_front_matter_fields_are_read_and_kept_in_text(tmp_path):
    f = tmp_path / "fm.md"
    f.write_text('---\ntitle: "A title"\ndate: 2019-06-28\nsource: https://example.com/a-2025-02-10\n---\n\nBody.\n')
    doc = read_document(f)
    assert doc.fields["front:title"] == "A title"
    assert doc.fields["front:date"] == "2019-06-28"
    assert doc.text.startswith("---")


def test_links_out_of_the_folder_are_skipped_links_inside_are_read(tmp_path):
    import timeline
    from conftest import ARTICLES

    folder, outside = tmp_path / "articles", tmp_path / "secret"
    folder.mkdir()
    outside.mkdir()
    (outside / "passwd.txt").write_text("root:x:0:0:secret-marker-7731:/root:/bin/bash\n", encoding="utf-8")
    article = sorted(ARTICLES.glob("*.txt"))[0]
    (folder / "sub").mkdir()
    (folder / "sub" / "real.txt").write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside / "passwd.txt")
    (folder / "etc.txt").symlink_to("/etc/passwd")
    (folder / "alias.txt").symlink_to(folder / "sub" / "real.txt")       # inside the folder: fine
    cache = tmp_path / "cache"
    c = timeline.build([folder], cache_dir=cache)
    assert len(c.documents) == 1 and set(c.documents["doc"]) <= {"sub/real", "alias"}  # one file, two names
    problems = "\n".join(map(str, c.problems))
    assert "passwd.txt: a link to a file outside the folder: skipped" in problems
    assert "etc.txt: a link to a file outside the folder: skipped" in problems
    cached = b"".join(p.read_bytes() for p in cache.rglob("*") if p.is_file())
    assert b"secret-marker-7731" not in cached and b"root:x:0:0" not in cached


@pytest.mark.slow
def test_a_fifo_on_the_command_line_is_named_as_such_and_never_blocks(tmp_path):
    import subprocess
    import sys

    from conftest import ARTICLES, ROOT

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = subprocess.run([sys.executable, "-m", "timeline", "extract", str(fifo), str(ARTICLES), "--out",
                        str(tmp_path / "e.jsonl")], cwd=ROOT, capture_output=True, text=True, timeout=60,
                       env={**os.environ, "TIMELINE_CACHE": str(tmp_path / "cache")})
    assert r.returncode == 0, r.stderr
    assert f"{fifo}: not a regular file (a FIFO): skipped" in r.stderr
    assert "no such file" not in r.stderr
