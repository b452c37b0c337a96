"""The map library is vendored (scripts/vendor_maps.sh): the files served are the ones recorded, at a pinned version."""

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "kb" / "static" / "kb" / "maps" / "vendor"


def _recorded() -> dict[str, str]:
    lines = (VENDOR / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def test_vendored_files_match_their_recorded_checksums():
    recorded = _recorded()
    assert {"maplibre-gl.mjs", "maplibre-gl-worker.mjs", "maplibre-gl.css", "VERSIONS"} <= set(recorded)
    for name, digest in recorded.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_every_vendored_file_is_recorded():
    present = {path.name for path in VENDOR.iterdir()} - {"SHA256SUMS"}
    assert present == set(_recorded())


def test_versions_are_pinned_exactly():
    versions = dict(line.split()[:2] for line in (VENDOR / "VERSIONS").read_text().splitlines())
    assert re.fullmatch(r"\d+\.\d+\.\d+", versions["maplibre-gl"])
    script = (ROOT / "scripts" / "vendor_maps.sh").read_text()
    assert f'MAPLIBRE_VERSION="{versions["maplibre-gl"]}"' in script
