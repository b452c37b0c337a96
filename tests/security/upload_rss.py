"""One admin upload through Django's WSGI handler, in this process, with the body streamed (never in memory here);
prints the outcome and this process's peak RSS as JSON. Run by tests/security/test_upload_memory.py:

    python tests/security/upload_rss.py big-csv|xlsx-bomb

DATABASE_URL names the (test) database; the script's user and any batch are removed before it exits."""

import io
import json
import os
import secrets
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.test import Client  # noqa: E402

from kb.models import ImportBatch  # noqa: E402

BIG_BYTES = 250 * 1024 * 1024
BOUNDARY = "----kb-upload-probe"


def xlsx_bomb() -> bytes:
    """A valid workbook whose one shared string unpacks to 400 MB (the file itself is under 1 MB)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["country_code", "period", "total", "source"])
    workbook.active.append(["XKX", "2020", 1, "x"])
    plain = io.BytesIO()
    workbook.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if not item.filename.endswith("sharedStrings.xml"):
                target.writestr(item, source.read(item))
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"A" * (1024 * 1024)
            for _ in range(400):
                strings.write(chunk)
            strings.write(b"</t></si></sst>")
    return out.getvalue()


class Body:
    """A multipart body produced as it is read: head, `size` bytes of file content (or `content`), tail."""

    def __init__(self, token: str, filename: str, *, size: int = 0, content: bytes = b""):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        self.content = content
        self.size = size or len(content)
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + self.size + len(self.tail)
        self.position = 0

    def _slice(self, start: int, end: int) -> bytes:
        parts, offset = [], 0
        for piece, n in ((self.head, len(self.head)), (None, self.size), (self.tail, len(self.tail))):
            lo, hi = max(start, offset), min(end, offset + n)
            if lo < hi:
                if piece is None:
                    parts.append(self.content[lo - offset : hi - offset] if self.content else b"a" * (hi - lo))
                else:
                    parts.append(piece[lo - offset : hi - offset])
            offset += n
        return b"".join(parts)

    def read(self, size: int = -1) -> bytes:
        end = self.length if size is None or size < 0 else min(self.length, self.position + size)
        data = self._slice(self.position, end)
        self.position = end
        return data

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return -1.0


def main(kind: str) -> dict:
    user = get_user_model().objects.create_superuser(f"rss-{secrets.token_hex(4)}", password=secrets.token_hex(8))
    batches_before = set(ImportBatch.objects.values_list("pk", flat=True))
    try:
        login = Client()
        login.force_login(user)
        token = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and as form field
        if kind == "big-csv":
            body = Body(token, "big.csv", size=BIG_BYTES)
        else:
            body = Body(token, "bomb.xlsx", content=xlsx_bomb())
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/admin/kb/casualtyrecord/import/",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": body,
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "CONTENT_LENGTH": str(body.length),
            "HTTP_COOKIE": f"sessionid={login.cookies['sessionid'].value}; csrftoken={token}",
        }
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured["status"] = status

        chunks = WSGIHandler()(environ, start_response)
        page = b"".join(chunks).decode(errors="replace")
        new = ImportBatch.objects.exclude(pk__in=batches_before)
        return {
            "status": captured["status"],
            "page": page[-4000:] if "errorlist" not in page else page[page.index("errorlist") - 200 :][:2000],
            "body_bytes": body.length,
            "batches": [(b.status, len(b.content), [r.get("message") for r in b.report]) for b in new],
            "peak_rss_mb": peak_rss_mb(),
        }
    finally:
        ImportBatch.objects.exclude(pk__in=batches_before).delete()
        user.delete()


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
