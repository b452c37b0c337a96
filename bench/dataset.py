"""Step 1 of bench/run.py: a seeded synthetic data set in the import format, casualty records over ~200 areas, 30
years and the breakdown dimensions, and land-release records."""

import itertools
import random
from pathlib import Path

SEED = 20261127
YEARS = list(range(1996, 2026))  # 30 years
AREAS = 200
SOURCES = 20
FILE_ROWS = 250_000  # the import format's 50 MB limit: files of at most this many rows
CIVILIAN = [None, "civilian", "military", "deminer", "unknown"]
SEX = [None, "female", "male", "unknown"]
AGE = [None, "child", "adult", "unknown"]
DEVICE = [None, "anti_personnel_mine", "anti_vehicle_mine", "improvised_mine", "cluster_submunition", "other_erw"]
CASUALTY_HEADER = (
    "country_code,period,civilian_status,sex,age_group,device_type,total,killed,injured,source,source_locator"
)
LAND_HEADER = "country_code,period,operator,device_type,released_m2,cleared_m2,reduced_m2,ap_mines_destroyed,source"


def generate(work: Path, casualties: int, land: int, areas: list[str], organisations: list[str]) -> dict:
    """Seeded CSV files in the import format; the same arguments always give the same bytes."""
    rng = random.Random(SEED)
    sources = [f"bench-source-{i:02d}" for i in range(1, SOURCES + 1)]
    (work / "sources.csv").write_text(
        "slug,kind,title,publisher,url,language\n"
        + "".join(f"{s},report,Benchmark source {s[-2:]},Bench,https://bench.example.org/{s},en\n" for s in sources)
    )
    cells = len(areas) * len(YEARS)
    files = {"casualties": [], "land-release": []}

    def write(resource: str, header: str, rows):
        chunk, number = [], 0
        for row in itertools.chain(rows, [None]):
            if row is not None:
                chunk.append(row)
            if chunk and (row is None or len(chunk) == FILE_ROWS):
                number += 1
                path = work / f"{resource}-{number:02d}.csv"
                path.write_text(header + "\n" + "".join(chunk))
                files[resource].append(path)
                chunk = []

    combos = list(itertools.product(CIVILIAN, SEX, AGE, DEVICE, sources))  # headline combos come first

    def casualty_rows():
        left = casualties
        for index, (area, year) in enumerate(itertools.product(areas, YEARS)):
            count = left // (cells - index)
            left -= count
            picked = list(range(min(3, count))) + sorted(rng.sample(range(3, len(combos)), max(0, count - 3)))
            for i in picked:
                civilian, sex, age, device, source = combos[i]
                total = rng.randint(0, 400)
                killed = rng.randint(0, total)
                injured = rng.randint(0, total - killed)
                yield (
                    f"{area},{year},{civilian or ''},{sex or ''},{age or ''},{device or ''},{total},{killed},"
                    f"{injured},{source},p. {rng.randint(1, 300)}\n"
                )

    land_combos = list(itertools.product([None, *organisations], DEVICE, sources))

    def land_rows():
        left = land
        for index, (area, year) in enumerate(itertools.product(areas, YEARS)):
            count = left // (cells - index)
            left -= count
            for i in sorted(rng.sample(range(len(land_combos)), count)):
                operator, device, source = land_combos[i]
                cleared, reduced = rng.randint(0, 10**6), rng.randint(0, 10**6)
                released = cleared + reduced + rng.randint(0, 10**5)
                operator_cell = f'"{operator}"' if operator and "," in operator else operator or ""
                yield (
                    f"{area},{year},{operator_cell},{device or ''},{released},{cleared},{reduced},"
                    f"{rng.randint(0, 500)},{source}\n"
                )

    write("casualties", CASUALTY_HEADER, casualty_rows())
    write("land-release", LAND_HEADER, land_rows())
    return files
