"""Uploads are refused before they cost memory or storage (finding 8): a 250 MB upload and an XLSX bomb go through
the real request path in a separate process, whose peak RSS is measured; nothing of either file is stored."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

SCRIPT = Path(__file__).with_name("upload_rss.py")
MAX_RSS_MB = 300


def run_upload(kind: str) -> dict:
    params = connection.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), kind], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=False)
def test_m8_a_250_mb_upload_is_refused_while_streaming(django_db_blocker):
    result = run_upload("big-csv")
    assert result["body_bytes"] > 250 * 1024 * 1024
    assert result["status"].startswith("200")  # the form again, with the error
    assert "The file is larger than 50 MB." in result["page"]
    assert result["batches"] == []  # nothing stored
    assert result["peak_rss_mb"] < MAX_RSS_MB, result["peak_rss_mb"]


@pytest.mark.django_db(transaction=False)
def test_m8_an_xlsx_bomb_is_refused_before_parsing(django_db_blocker):
    result = run_upload("xlsx-bomb")
    [(status, stored_bytes, messages)] = result["batches"]
    assert (status, stored_bytes) == ("rejected", 0)  # the report is kept, the file is not
    assert "unpacks to more than" in messages[0]
    assert result["peak_rss_mb"] < MAX_RSS_MB, result["peak_rss_mb"]
