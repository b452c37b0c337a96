"""What a file's table means before its rows are mapped: area columns in other units, and rows of one record.

Both work on the table itself, so the row path and the bulk path (kb/services/imports/bulk.py) see the same rows,
and a preview shows the values that will be stored (areas in m², complementary rows as one).
"""

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from kb.services.imports.errors import ImportIssue
from kb.services.imports.reader import Table

AREA_SUFFIX = "_m2"
# Other units an area column may be given in, beside `<figure>_m2`: the column suffix and m² per unit.
AREA_UNITS = {"_ha": Decimal(10_000), "_km2": Decimal(1_000_000)}

MSG_AREA_NUMBER = "{value!r} is not a number of {unit}."
MSG_AREA_WHOLE = "{value!r} {unit} is {m2} m², not a whole number of square metres."
MSG_AREA_TWICE = "The area is given twice, in {columns}; fill one of them."
MSG_AREA_NEGATIVE = "An area cannot be negative."
MSG_AREA_TOO_LARGE = "{value!r} {unit} is more than the largest area stored ({largest:,} m²)."
LARGEST_M2 = 9_223_372_036_854_775_807  # the m² columns are PostgreSQL bigints
MSG_CONFLICT = "Same record as row {first}, but {column!r} differs ({theirs!r} there); one of them is wrong."
UNIT_LABELS = {"_ha": "hectares", "_km2": "km²"}


def table_without_columns(table: Table, names) -> Table:
    keep = [i for i, name in enumerate(table.headers) if name not in names]
    if len(keep) == len(table.headers):
        return table
    return replace(table, headers=[table.headers[i] for i in keep], rows=[[row[i] for i in keep] for row in table.rows])


def area_unit_columns(columns: list[str]) -> dict[str, str]:
    """{alternative column: the m² column it fills} for every area column of a resource."""
    return {
        name.removesuffix(AREA_SUFFIX) + suffix: name
        for name in columns
        if name.endswith(AREA_SUFFIX)
        for suffix in AREA_UNITS
    }


def table_with_areas_in_m2(table: Table, columns: list[str]) -> tuple[Table, list[ImportIssue]]:
    """Replace `<figure>_ha` / `<figure>_km2` columns by `<figure>_m2`, converted exactly (Decimal, never float).

    A row may give a figure in one unit only; a conversion that is not a whole number of m² is an error rather
    than a rounding the provider did not choose."""
    alternatives = {name: m2 for name, m2 in area_unit_columns(columns).items() if name in table.headers}
    if not alternatives:
        return table, []
    headers = [h for h in table.headers if h not in alternatives]
    headers += [m2 for m2 in dict.fromkeys(alternatives.values()) if m2 not in headers]
    units: dict[str, list[str]] = {}  # m² column -> the other-unit columns of the file that fill it
    for name, m2 in alternatives.items():
        units.setdefault(m2, []).append(name)
    position = table.positions()
    issues, rows = [], []
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        values = {h: row[position[h]] for h in table.headers if h not in alternatives}
        for m2, names in units.items():
            filled = [n for n in (m2, *names) if row_cell(row, position, n)]
            if len(filled) > 1:
                message = MSG_AREA_TWICE.format(columns=", ".join(filled))
                issues.append(ImportIssue(row=number, column=filled[-1], message=message))
            elif filled and filled[0] != m2:
                name = filled[0]
                text = row_cell(row, position, name)
                converted, message = _area_m2(text, name.removeprefix(m2.removesuffix(AREA_SUFFIX)))
                if message:
                    issues.append(ImportIssue(row=number, column=name, value=text, message=message))
                values[m2] = converted
        rows.append([values.get(h, "") for h in headers])
    return replace(table, headers=headers, rows=rows), issues


def row_cell(row: list[str], position: dict[str, int], name: str) -> str:
    return row[position[name]].strip() if name in position else ""


def _area_m2(text: str, suffix: str) -> tuple[str, str]:
    """(m² as text, "") or ("", the problem)."""
    unit = UNIT_LABELS[suffix]
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return "", MSG_AREA_NUMBER.format(value=text, unit=unit)
    if not amount.is_finite():
        return "", MSG_AREA_NUMBER.format(value=text, unit=unit)
    if amount < 0:
        return "", MSG_AREA_NEGATIVE
    if amount > LARGEST_M2:  # before multiplying: 1e999999 hectares overflows the arithmetic itself
        return "", MSG_AREA_TOO_LARGE.format(value=text, unit=unit, largest=LARGEST_M2)
    m2 = amount * AREA_UNITS[suffix]
    if m2 != m2.to_integral_value():
        return "", MSG_AREA_WHOLE.format(value=text, unit=unit, m2=m2.normalize())
    return str(int(m2)), ""


def table_with_rows_combined(table: Table, key_columns: list[str]) -> tuple[Table, list[ImportIssue]]:
    """Rows of one record (same natural key: the same cell from the same source) that complement each other are
    one row: a count in one and a share in the other ("1,498 child casualties", "37 % were children") make one
    record, not two competing ones.

    Rows complement each other when each fills a column the other leaves empty and no column is filled with two
    different values. A repeated row (nothing new) is left for the duplicate check; a contradicting one is reported.
    """
    position = table.positions()
    keys = [name for name in key_columns if name in position]
    if not keys:
        return table, []
    first: dict[tuple, int] = {}  # key -> index in `rows` of the row that collects the others
    rows, numbers, issues = [], [], []
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        key = tuple(row[position[name]].strip() for name in keys)
        index = first.get(key)
        if index is None:
            first[key] = len(rows)
            rows.append(list(row))
            numbers.append(number)
            continue
        kept = rows[index]
        conflicts = [
            (name, kept[i])
            for name, i in position.items()
            if kept[i].strip() and row[i].strip() and kept[i].strip() != row[i].strip()
        ]
        adds = [i for i in range(len(row)) if row[i].strip() and not kept[i].strip()]
        if conflicts:
            issues += [
                ImportIssue(
                    row=number,
                    column=name,
                    value=row[position[name]],
                    message=MSG_CONFLICT.format(first=numbers[index], column=name, theirs=theirs),
                )
                for name, theirs in conflicts
            ]
            continue
        if adds:
            for i in adds:
                kept[i] = row[i]
            continue
        rows.append(list(row))  # a repeat: the duplicate check names it
        numbers.append(number)
    return replace(table, rows=rows, row_numbers=numbers), issues
