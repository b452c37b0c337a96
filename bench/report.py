"""Step 4 of bench/run.py: one table of ratios, each with its target, printed, and everything written to
bench/results/bench-<mode>[-<label>]-<time>.json."""

import datetime as dt
import json
import time
from pathlib import Path

import big_pages
from common import ROOT, machine


def ratios(results: dict) -> list[tuple[str, float, str]]:
    """(measure, value, target) for the table; an empty target is a figure without one."""
    p, s, g, e = results["page"], results["summary"], results["pages"], results["export"]
    v = results["varied"]
    imports = results["import"]
    rps, p50, repeated = "requests_per_s", "p50_ms", "repeated page (the cache's figure)"
    return [
        ("varied page: API / Datasette requests/s (8 conn.)", ratio(v, "api_8", "datasette_8", rps), ">= 2"),
        ("varied page: API / Datasette requests/s (1 conn.)", ratio(v, "api_1", "datasette_1", rps), ""),
        ("varied page: API / SQL+json floor, p50 latency", ratio(v, "api_1", "floor", p50), "<= 2"),
        (f"{repeated}: API / Datasette req/s (8 conn.)", ratio(p, "api_8", "datasette_8", rps), ""),
        (f"{repeated}: API / Datasette req/s (1 conn.)", ratio(p, "api_1", "datasette_1", rps), ""),
        (f"{repeated}: API / SQL+json floor, p50", ratio(p, "api_1", "floor", p50), ""),
        ("summary: API / hand-written GROUP BY, p50", ratio(s, "api_1", "floor", p50), "<= 1.3"),
        ("import: kb_import / COPY rows/s (casualties)", imports["casualties"]["ratio"], ">= 0.3"),
        ("import: kb_import / COPY rows/s (land release)", imports["land-release"]["ratio"], ">= 0.3"),
        ("export: API / COPY TO STDOUT time", e["api_s"] / e["copy_s"], "<= 3"),
        ("export: server peak RSS, MB", e["server_peak_rss_mb"], "< 200"),
        ("last / first page p50, cursor", ratio(g, "cursor_last", "cursor_first", p50), "<= 1.5"),
        ("last / first page p50, offset", ratio(g, "offset_last", "offset_first", p50), ""),
        *big_pages.ratios(results["big"]),
    ]


def ratio(figures: dict, measured: str, against: str, figure: str) -> float:
    """One measurement's figure over another's (`figures[measured][figure] / figures[against][figure]`)."""
    return figures[measured][figure] / figures[against][figure]


def write(results: dict, table: list[tuple[str, float, str]], *, started: float, mode: str, label: str) -> Path:
    """The ratios, targets, run time and machine added to `results`, all written to a new file; its path."""
    results["ratios"] = {name: round(value, 3) for name, value, _ in table}
    results["targets"] = {name: target for name, _, target in table if target}
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    results["machine"] = machine()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    out = ROOT / "bench" / "results" / f"bench-{mode}{'-' + label if label else ''}-{stamp}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    return out


def show(results: dict, table: list[tuple[str, float, str]], out: Path) -> None:
    p, s, v, e = results["page"], results["summary"], results["varied"], results["export"]
    imports = results["import"]
    print(f"\n{'measure':<68} {'value':>9}  target")
    for name, value, target in table:
        print(f"{name:<68} {value:>9.3f}  {target}")
    print(
        f"\npage p50: API {p['api_1']['p50_ms']:.2f} ms, floor {p['floor']['p50_ms']:.2f} ms, Datasette "
        f"{p['datasette_1']['p50_ms']:.2f} ms; req/s (8 conn.): API {p['api_8']['requests_per_s']:.0f}, "
        f"Datasette {p['datasette_8']['requests_per_s']:.0f}"
    )
    print(
        f"varied page p50: API {v['api_1']['p50_ms']:.2f} ms, floor {v['floor']['p50_ms']:.2f} ms, Datasette "
        f"{v['datasette_1']['p50_ms']:.2f} ms; req/s (8 conn.): API {v['api_8']['requests_per_s']:.0f}, "
        f"Datasette {v['datasette_8']['requests_per_s']:.0f}"
    )
    print(f"varied page as the list stood at a moment (as_of), p50: API {v['as_of_1']['p50_ms']:.2f} ms")
    print(f"summary p50: API {s['api_1']['p50_ms']:.1f} ms, SQL {s['floor']['p50_ms']:.1f} ms")
    print(f"first requests (nothing cached yet), ms: {results['first_requests_ms']}")
    print(f"export: API {e['api_s']} s, COPY {e['copy_s']} s, peak RSS {e['server_peak_rss_mb']} MB")
    print(f"import casualties: {imports['casualties']}")
    for encoding, cost in results["compression"].items():
        print(
            f"{encoding:>8}: page p50 {cost['page_p50_ms']:.2f} ms, {cost['page_bytes']:,} B; "
            f"export {cost['export_s']} s, {cost['export_bytes']:,} B"
        )
    print(f"results: {out.relative_to(ROOT)} (run took {results['elapsed_s']} s)")
