"""A test website on loopback: the evidence pages and documents of a made-up agency, and the
bad links a real one has (broken, looping, huge, slow, endless, a zip bomb, TIS-620, …).

For the crawl the site has a home page (``/``) and pages under ``/site/``: an ITA index page
linking the documents, a document under a path robots.txt forbids us (``/site/private/``) and
a redirect into it, a link and a redirect to another host (``localhost`` instead of
``127.0.0.1``: the same server, so the request log shows whether it was followed), a loop of
pages and an endless chain of generated pages (``/site/many/N.html``). :attr:`Base.requests`
is the server's request log.
"""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

FONT = Path(__file__).parents[2] / "src/openita/reports/fonts/Sarabun-Regular.ttf"
MB = 1024 * 1024


def pdf(text: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 2))
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        figure.text(0.05, 0.5, text, fontproperties=font_manager.FontProperties(fname=FONT))
        out = io.BytesIO()
        figure.savefig(out, format="pdf")
    return out.getvalue()


def docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("แผนปฏิบัติการป้องกันการทุจริต", 1)
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            block = b"\0" * MB
            for _ in range(120):
                member.write(block)
    return out.getvalue()


def html(body: str, title: str = "ITA") -> bytes:
    return (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body>{body}</body></html>"
    ).encode()


Route = tuple[int, dict[str, str], bytes | Callable[[BaseHTTPRequestHandler], None]]


def _endless(handler: BaseHTTPRequestHandler) -> None:
    chunk = ("ข้อมูล " * 1000).encode()
    try:
        while True:
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(3)
    with suppress(BrokenPipeError, ConnectionResetError):
        handler.wfile.write(html("ปีงบประมาณ พ.ศ. 2569"))


def _huge(handler: BaseHTTPRequestHandler) -> None:
    with suppress(BrokenPipeError, ConnectionResetError):
        handler.wfile.write(b"%PDF-1.4\n" + b"0" * MB)


#: robots.txt: everyone else is kept out of the whole site; our user agent, named, of the
#: private folder only (a crawler that does not match its own name crawls nothing at all).
ROBOTS = b"""User-agent: *
Disallow: /

User-agent: OpenITA-selfcheck
Disallow: /site/private/
Disallow: /site/no-crawl.html
"""


def _home(handler: BaseHTTPRequestHandler) -> None:
    port = handler.server.server_address[1]
    handler.wfile.write(
        html(
            "<h1>เทศบาลตำบลตัวอย่าง</h1>"
            '<a href="/site/ita.html">ITA</a> <a href="site/loop-1.html#top">เกี่ยวกับเรา</a>'
            '<a href="/site/many/0.html">ข่าว</a> <a href="/site/no-crawl.html">ภายใน</a>'
            f'<a href="http://localhost:{port}/site/elsewhere.html">เว็บอื่น</a>'
            '<a href="/site/away">ย้ายไปแล้ว</a> <a href="mailto:saraban@example.go.th">อีเมล</a>'
            '<a href="/site/plan">แผน</a>'
            '<a href="/ita/logo.png">โลโก้</a>'
        )
    )


def _away(handler: BaseHTTPRequestHandler) -> None:
    port = handler.server.server_address[1]
    handler.send_header("Location", f"http://localhost:{port}/site/elsewhere.html")


def _many(path: str) -> bytes | None:
    """``/site/many/N.html``: a news page linking the next three, without end."""
    name = path.removeprefix("/site/many/").removesuffix(".html")
    if not path.startswith("/site/many/") or not name.isdigit():
        return None
    n = int(name)
    links = "".join(f'<a href="/site/many/{n * 3 + k}.html">ข่าว {n * 3 + k}</a>' for k in (1, 2, 3))
    return html(f"<p>ข่าวประชาสัมพันธ์ ฉบับที่ {n}</p>{links}")


@cache
def _routes() -> dict[str, Route]:
    page = {"Content-Type": "text/html; charset=utf-8"}
    pdf_type = {"Content-Type": "application/pdf"}
    deep = "<div>" * 20_000 + "ลึก" + "</div>" * 20_000
    return {
        "/ita/o1.html": (
            200,
            page,
            html(
                "<h1>โครงสร้างและอำนาจหน้าที่</h1><p>ข้อมูล ณ ปีงบประมาณ พ.ศ. 2569</p>"
                '<a href="/ita/o7.pdf" title="รายงานผลการดำเนินงานประจำปี 2568">O7</a>'
            ),
        ),
        "/ita/o2-thai-digits.html": (200, page, html("<p>ข้อมูลผู้บริหาร ปีงบประมาณ ๒๕๖๙</p>")),
        "/ita/o3-tis620.html": (
            200,
            {"Content-Type": "text/html"},
            "<html><body>ข้อมูลการติดต่อ ประจำปีงบประมาณ พ.ศ. 2569</body></html>".encode("tis-620"),
        ),
        "/ita/o7.pdf": (200, pdf_type, pdf("รายงานผลการดำเนินงานประจำปี พ.ศ. 2568")),
        "/ita/o7-wrong-year.pdf": (200, pdf_type, pdf("รายงานผลการดำเนินงานประจำปี พ.ศ. 2566")),
        "/ita/o10.docx": (
            200,
            {
                "Content-Type": "application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            },
            docx("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2569"),
        ),
        "/ita/o12.xlsx": (
            200,
            {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
            xlsx([["สรุปผลการจัดซื้อจัดจ้าง", "ปีงบประมาณ 2569"], ["ตุลาคม", 12]]),
        ),
        "/ita/old.html": (
            200,
            {**page, "Last-Modified": "Tue, 01 Sep 2020 08:00:00 GMT"},
            html("<p>ข่าวประชาสัมพันธ์</p>"),
        ),
        "/ita/no-year.html": (200, page, html("<p>ข่าวประชาสัมพันธ์ล่าสุด</p>")),
        "/ita/deep.html": (200, page, html("<p>ปีงบประมาณ พ.ศ. 2569</p>" + deep)),
        "/ita/logo.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        "/ita/bomb.docx": (200, {"Content-Type": "application/octet-stream"}, zip_bomb()),
        "/ita/huge.pdf": (200, {**pdf_type, "Content-Length": str(50 * MB)}, _huge),
        "/ita/endless.html": (200, page, _endless),
        "/ita/slow.html": (200, page, _slow),
        "/ita/loop-a": (302, {"Location": "/ita/loop-b"}, b""),
        "/ita/loop-b": (302, {"Location": "/ita/loop-a"}, b""),
        "/ita/moved": (301, {"Location": "/ita/o1.html"}, b""),
        "/ita/to-private": (302, {"Location": "http://10.1.2.3/secret"}, b""),
        # -- the site the crawl walks ------------------------------------------------------
        "/robots.txt": (200, {"Content-Type": "text/plain"}, ROBOTS),
        "/": (200, page, _home),
        "/site/ita.html": (
            200,
            page,
            html(
                "<h1>การเปิดเผยข้อมูลสาธารณะ ITA ปีงบประมาณ พ.ศ. 2569</h1><ul>"
                '<li><a href="/ita/o1.html">O1 โครงสร้างและอำนาจหน้าที่</a></li>'
                '<li><a href="/ita/o7.pdf">O7 รายงานผลการดำเนินงานประจำปี</a></li>'
                '<li><a href="../site/docs/o13.pdf">O13 รายงานผลการจัดซื้อจัดจ้างหรือ'
                "การจัดหาพัสดุประจำปี</a></li>"
                '<li><a href="/site/private/o25-plan.pdf">O25 แผนปฏิบัติการป้องกันการทุจริต</a>'
                '</li><li><a href="/ita/o10.docx">แผนปฏิบัติการป้องกันการทุจริต (Word)</a></li>'
                '<li><a href="/ita/huge.pdf">คู่มือ (50 MB)</a></li>'
                '<li><a href="/ita/endless.html">สถิติ</a></li>'
                '<li><a href="/site/ita.html">ITA</a></li></ul>'
            ),
        ),
        "/site/docs/o13.pdf": (
            200,
            pdf_type,
            pdf("รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี พ.ศ. 2568"),
        ),
        "/site/private/o25-plan.pdf": (
            200,
            pdf_type,
            pdf("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2569"),
        ),
        "/site/no-crawl.html": (200, page, html("<p>แผนปฏิบัติการป้องกันการทุจริต 2569</p>")),
        "/site/elsewhere.html": (200, page, html("<p>แผนปฏิบัติการป้องกันการทุจริต 2569</p>")),
        "/site/away": (302, {}, _away),
        "/site/plan": (302, {"Location": "/site/private/o25-plan.pdf"}, b""),
        "/site/loop-1.html": (200, page, html('<a href="/site/loop-2.html">ต่อไป</a>')),
        "/site/loop-2.html": (
            200,
            page,
            html('<a href="/site/loop-1.html">ก่อนหน้า</a><a href="/">หน้าแรก</a>'),
        ),
    }


#: Per path: the verdict, and the fiscal year the item's evidence must cover.
EXPECTED: dict[str, tuple[str, int]] = {
    "/ita/o1.html": ("ok", 2569),
    "/ita/o2-thai-digits.html": ("ok", 2569),
    "/ita/o3-tis620.html": ("ok", 2569),
    "/ita/o7.pdf": ("ok", 2568),
    "/ita/o7-wrong-year.pdf": ("wrong_year", 2568),
    "/ita/o10.docx": ("ok", 2569),
    "/ita/o12.xlsx": ("ok", 2569),
    "/ita/old.html": ("outdated", 2569),
    "/ita/no-year.html": ("no_year", 2569),
    "/ita/deep.html": ("ok", 2569),
    "/ita/logo.png": ("unreadable", 2569),
    "/ita/bomb.docx": ("unreadable", 2569),
    "/ita/huge.pdf": ("unreadable", 2569),
    "/ita/endless.html": ("unreadable", 2569),
    "/ita/slow.html": ("unreachable", 2569),
    "/ita/loop-a": ("broken", 2569),
    "/ita/moved": ("ok", 2569),
    "/ita/to-private": ("refused", 2569),
    "/ita/not-there.pdf": ("broken", 2569),
}


class _Handler(BaseHTTPRequestHandler):
    site: ClassVar[dict[str, Route]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        requests: list[str] = getattr(self.server, "requests", [])
        requests.append(self.path)
        route = self.site.get(path)
        if route is None:
            many = _many(path)
            if many is None:
                self.send_error(404)
                return
            route = (200, {"Content-Type": "text/html; charset=utf-8"}, many)
        status, headers, body = route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if isinstance(body, bytes):
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            if "Content-Length" not in headers:
                self.close_connection = True
            if status in (301, 302):
                body(self)  # a redirect made at request time: its header, then no body
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.end_headers()
            body(self)


class Base(str):
    """The site's base URL, with the log of the paths it was asked for (in order)."""

    requests: list[str]


@contextmanager
def serve(host: str = "127.0.0.1") -> Iterator[Base]:
    """The site's base URL (``http://127.0.0.1:PORT``) while the block runs."""
    handler = type("Handler", (_Handler,), {"site": _routes()})
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    requests: list[str] = []
    server.requests = requests  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = Base(f"http://{host}:{server.server_address[1]}")
    base.requests = requests
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
