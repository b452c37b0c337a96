"""The map library and the basemap are vendored (scripts/vendor_maps.sh): the files served are the ones recorded,
at pinned versions."""

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "kb" / "static" / "kb" / "maps" / "vendor"
BASEMAP = ROOT / "kb" / "basemap"
FOLDERS = {
    VENDOR: {
        "maplibre-gl.mjs",
        "maplibre-gl-worker.mjs",
        "maplibre-gl.css",
        "maplibre-gl.LICENSE.txt",
        "terra-draw.mjs",
        "terra-draw-maplibre-gl-adapter.mjs",
        "terra-draw.LICENSE.txt",
    },
    BASEMAP: {"countries-110m.geojson"},
}
SCRIPT = (ROOT / "scripts" / "vendor_maps.sh").read_text()


def _recorded(folder: Path) -> dict[str, str]:
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_vendored_files_match_their_recorded_checksums(folder):
    recorded = _recorded(folder)
    assert FOLDERS[folder] | {"VERSIONS"} <= set(recorded)
    for name, digest in recorded.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_every_vendored_file_is_recorded(folder):
    present = {path.name for path in folder.iterdir()} - {"SHA256SUMS"}
    assert present == set(_recorded(folder))


@pytest.mark.parametrize(
    ("folder", "package", "variable"),
    [
        (VENDOR, "maplibre-gl", "MAPLIBRE_VERSION"),
        (VENDOR, "terra-draw", "TERRA_DRAW_VERSION"),
        (VENDOR, "terra-draw-maplibre-gl-adapter", "TERRA_DRAW_ADAPTER_VERSION"),
        (BASEMAP, "world-atlas", "WORLD_ATLAS_VERSION"),
        (BASEMAP, "topojson-client", "TOPOJSON_CLIENT_VERSION"),
    ],
)
def test_versions_are_pinned_exactly(folder, package, variable):
    versions = dict(line.split()[:2] for line in (folder / "VERSIONS").read_text().splitlines())
    assert re.fullmatch(r"\d+\.\d+\.\d+", versions[package])
    assert f'{variable}="{versions[package]}"' in SCRIPT


def test_the_drawing_adapter_imports_the_vendored_library_by_path():
    """A bare import ("terra-draw") needs an import map, an inline script the Content-Security-Policy refuses."""
    adapter = (VENDOR / "terra-draw-maplibre-gl-adapter.mjs").read_text()
    assert re.findall(r'from\s*"([^"]+)"', adapter) == ["./terra-draw.mjs"]
