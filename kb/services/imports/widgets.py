"""Cell widgets that resolve natural keys and parse values with messages an NGO data manager understands."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from import_export import widgets

from kb.services.imports.errors import CellError

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Cells a spreadsheet would run as formulas; exports prefix them with an apostrophe (kb/services/exports.py).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What a workbook cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE (openpyxl/cell/cell.py), written out so that
# loading the import and export code does not load openpyxl (12 MB in every web worker) before an XLSX is read or
# written. tests/api/test_worker_startup.py keeps the two the same.
WORKBOOK_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

MSG_UNKNOWN = "Unknown {label} {value!r}."
MSG_CHOICE = "{value!r} is not a valid {label}; use one of: {choices}."
MSG_DATE = "Unparseable date {value!r}: use YYYY-MM-DD."
MSG_INTEGER = "{value!r} is not a whole number."
MSG_DECIMAL = "{value!r} is not a number."
MSG_BOOLEAN = "{value!r} is not true/false."
MSG_QUALIFIERS = "{value!r} is not field:qualifier (e.g. total:at_least)."
MSG_LIST_ITEM = "{value!r} is not one of: {choices}."


MSG_CONTROL_CHARACTER = "The text holds a control character ({code}) that spreadsheets cannot store; remove it."


def quoted_formula(text: str) -> bool:
    """Does the text start with apostrophes before a formula character (`'=x`, `''-5`)? A download adds one more
    to such text (kb/services/exports.py) and the import takes one off, so it reads back as it was stored."""
    return text.startswith("'") and text.lstrip("'").startswith(FORMULA_PREFIXES)


class ColumnAware:
    """Widgets learn their column name from the resource (KbResource.__init__) so errors can name it."""

    column_name = ""
    writer = None  # the account writing (KbResource.__init__); None is a trusted operator

    def fail(self, message: str, value) -> CellError:
        return CellError(message, column=self.column_name, value="" if value is None else str(value))


class NaturalKeyWidget(ColumnAware, widgets.ForeignKeyWidget):
    """Resolve a related row by its natural key (ISO3 code, source slug, organisation name), cached per import."""

    def __init__(self, model, field: str, *, label: str, alternative_field: str | None = None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.label = label
        self.alternative_field = alternative_field
        self._cache: dict[str, object] = {}

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if text not in self._cache:
            queryset = self.model._default_manager.all()
            nameable = getattr(queryset, "nameable_by", None)
            obj = (queryset if nameable is None else nameable(self.writer)).filter(**{self.field: text}).first()
            if obj is None and self.alternative_field:
                # A URL names a public page the writer knows; it is unique, so two partners citing one page share
                # its source (even while it is another's proposal), where a slug is only our key.
                obj = queryset.filter(**{self.alternative_field: text}).first()
            if obj is None:
                raise self.fail(MSG_UNKNOWN.format(label=self.label, value=text), text)
            self._cache[text] = obj
        return self._cache[text]


class ChoiceWidget(ColumnAware, widgets.CharWidget):
    def __init__(self, choices, *, label: str, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.label = label

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text and text not in self.choices.values:
            raise self.fail(
                MSG_CHOICE.format(value=text, label=self.label, choices=", ".join(self.choices.values)), text
            )
        return text


class IsoDateWidget(ColumnAware, widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.date):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            if not ISO_DATE.match(text):
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            raise self.fail(MSG_DATE.format(value=text), text) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class StrictIntegerWidget(ColumnAware, widgets.Widget):
    """Whole numbers; empty stays None (unknown), never 0. Thousands separators are rejected, not guessed."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise self.fail(MSG_INTEGER.format(value=text), text) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class BooleanTextWidget(ColumnAware, widgets.Widget):
    TRUE = {"true", "yes", "1", "y"}
    FALSE = {"false", "no", "0", "n"}

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().lower()
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise self.fail(MSG_BOOLEAN.format(value=str(value).strip()), value)

    def render(self, value, obj=None, **kwargs):
        return "true" if value else "false"


class TextWidget(ColumnAware, widgets.CharWidget):
    """Plain text: stripped; empty is ''. The apostrophe exports put before formula-like text is removed again.
    Control characters other than tab and line breaks are refused: no spreadsheet can hold them."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if found := WORKBOOK_ILLEGAL.search(text):
            raise self.fail(MSG_CONTROL_CHARACTER.format(code=f"U+{ord(found.group()):04X}"), text)
        if quoted_formula(text):  # `''=x` was `'=x` when stored
            return text[1:]
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NullableChoiceWidget(ChoiceWidget):
    """A breakdown dimension: empty means "all" and is stored as null."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class StrictDecimalWidget(ColumnAware, widgets.Widget):
    """Decimal numbers with a point; empty stays None. Thousands separators are rejected, not guessed."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise self.fail(MSG_DECIMAL.format(value=text), text) from None
        if not number.is_finite():
            raise self.fail(MSG_DECIMAL.format(value=text), text)
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text


class ChoiceListWidget(ColumnAware, widgets.Widget):
    """'name_uk | name_ru' <-> ["name_uk", "name_ru"]: a list of choices, in the `|` form of the citations column."""

    def __init__(self, choices: list[str], **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        return self.checked([part.strip() for part in text.split("|") if part.strip()])

    def checked(self, items: list[str]) -> list[str]:
        """The items, each once, or the column's error naming the first one that is not a choice."""
        for item in items:
            if item not in self.choices:
                raise self.fail(MSG_LIST_ITEM.format(value=item, choices=", ".join(self.choices)), item)
        return list(dict.fromkeys(items))

    def render(self, value, obj=None, **kwargs):
        return " | ".join(value or [])


class QualifiersWidget(ColumnAware, widgets.Widget):
    """'total:at_least; killed:approximately' <-> {"total": "at_least", "killed": "approximately"}."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        result = {}
        for part in filter(None, (p.strip() for p in text.split(";"))):
            field, _, qualifier = part.partition(":")
            if not qualifier:
                raise self.fail(MSG_QUALIFIERS.format(value=part), text)
            result[field.strip()] = qualifier.strip()
        return result

    def render(self, value, obj=None, **kwargs):
        return "; ".join(f"{field}:{qualifier}" for field, qualifier in sorted((value or {}).items()))
