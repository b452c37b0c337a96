"""Public pages. Published figures only, whoever asks: staff see drafts in the admin, not here."""

import csv
import datetime as dt
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from kb.models import Area, ArmedConflictPeriod, TreatyAction
from kb.selectors.areas import area_search_list
from kb.selectors.maps import country_hazard_map_get
from kb.selectors.obligations import passed_deadlines
from kb.selectors.overview import world_overview_get
from kb.selectors.profiles import country_profile_get
from kb.selectors.treaties import treaty_history_get
from kb.services.exports import neutralise_formula
from kb.services.history import moment_day, moment_parse, published_as_of, snapshot_prepare
from kb.services.imports.widgets import QualifiersWidget
from web.page_charts import country_charts, world_charts


def published(model):
    return model._default_manager.published()


MSG_AS_OF = _("Write the moment in as_of as a date (YYYY-MM-DD) or a date and time (ISO 8601).")


def _bad_as_of(request) -> HttpResponse:
    """A page, in the visitor's language, saying how to write the moment (it was an English line of plain text)."""
    context = {"heading": _("This moment cannot be read"), "message": MSG_AS_OF}
    return render(request, "web/error.html", context, status=400)


class BadAsOf(Exception):
    pass


def _as_of(request) -> dt.datetime | None:
    """`?as_of=` (a date, or an ISO 8601 date and time): the page as published at that moment."""
    value = request.GET.get("as_of", "").strip()
    try:
        return moment_parse(value) if value else None
    except ValueError:
        raise BadAsOf(value) from None


def _on(request) -> dt.date | None:
    """The day an `as_of` page judges dated things on (treaty status, deadlines): as written, in its own offset."""
    value = request.GET.get("as_of", "").strip()
    return moment_day(value) if value else None


def _visible(as_of: dt.datetime | None):
    """Published records now, or as published at `as_of` (the API's history source)."""
    return published if as_of is None else published_as_of(as_of)


def _prepare(records) -> None:
    for record in records:
        snapshot_prepare(record)


def _by_name(charts: dict) -> dict:
    """Slugs as template variable names: "top-countries" -> charts.top_countries."""
    return {slug.replace("-", "_"): chart for slug, chart in charts.items()}


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) == 4 else None  # not "²⁰²⁴"


@require_safe
def world_overview(request):
    try:
        as_of = _as_of(request)
    except BadAsOf:
        return _bad_as_of(request)
    overview = _world(request, as_of)
    charts = world_charts(overview)
    for slug, chart in charts.items():
        chart.csv_url = reverse("web:world_chart_csv", args=[slug]) + _query(request, year=overview.year)
    context = {"overview": overview, "charts": _by_name(charts), "as_of": as_of}
    context["past_deadlines"], context["unrecorded_deadlines"] = passed_deadlines(
        visible=_visible(as_of), on=overview.on
    )
    # The map draws today's tiles: a page as of a past moment keeps its tables only.
    context["map_values"] = {record.area.code: record.total for record in overview.country_casualties}
    return render(request, "web/world.html", context)


@require_safe
def country_index(request):
    query = request.GET.get("q", "").strip()[:100]
    show_all = request.GET.get("all") == "1"
    areas = area_search_list(query=query, with_data_only=not (query or show_all), published=published)
    return render(request, "web/country_index.html", {"areas": areas, "query": query, "show_all": show_all})


def _area(code: str) -> Area:
    return get_object_or_404(Area, code=code.upper())


def _profile(request, area: Area, as_of: dt.datetime | None = None):
    profile = country_profile_get(area=area, visible=_visible(as_of), on=_on(request))
    if as_of is not None:
        _prepare(record for records in vars(profile).values() if isinstance(records, list) for record in records)
    return profile


@require_safe
def country_profile(request, code):
    area = _area(code)
    try:
        as_of = _as_of(request)
    except BadAsOf:
        return _bad_as_of(request)
    profile = _profile(request, area, as_of)
    visible = _visible(as_of)
    histories = [
        treaty_history_get(
            treaty=item.treaty,
            area=area,
            on=profile.on,
            actions=visible(TreatyAction),
            conflicts=visible(ArmedConflictPeriod),
        )
        for item in profile.treaty_status
    ]
    if as_of is not None:
        _prepare([record for history in histories for record in (*history.actions, *history.conflicts)])
    charts = country_charts(profile)
    for slug, chart in charts.items():
        chart.csv_url = reverse("web:country_chart_csv", args=[area.code, slug]) + _query(request)
    context = {"area": area, "profile": profile, "histories": histories, "charts": _by_name(charts), "as_of": as_of}
    context["hazard_map"] = country_hazard_map_get(area=area, visible=visible)
    context["obligations"], context["reports"] = profile.obligations, profile.transparency_reports
    return render(request, "web/country_profile.html", context)


def _chart_csv(chart, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response, lineterminator="\n")
    headings = [str(chart.label_heading), *(str(column.label) for column in chart.columns)]
    writer.writerow([*headings, "qualifiers", "source"])
    for row, cells in zip(chart.rows, chart.table_rows(), strict=True):
        source = row.get("source")
        values = ["" if value is None else value for value in cells]
        # The source's hedges ("at least"), written as the API's CSV writes them: a bare number would overstate.
        hedges = QualifiersWidget().render(
            {**(getattr(row.get("record"), "qualifiers", None) or {}), **row.get("hedges", {})}
        )
        writer.writerow([neutralise_formula(str(values[0])), *values[1:], hedges, source.slug if source else ""])
    return response


def _query(request, **values) -> str:
    """A chart's download link carries what the page was asked for (year, as of), so the CSV is the table shown."""
    given = {**values, "as_of": request.GET.get("as_of", "").strip() or None}
    given = {name: value for name, value in given.items() if value is not None}
    return "?" + urlencode(given) if given else ""


def _world(request, as_of: dt.datetime | None):
    overview = world_overview_get(year=_year(request), on=_on(request), visible=_visible(as_of))
    if as_of is not None:
        _prepare([*overview.casualty_series, *overview.country_casualties])  # the top countries among them
    return overview


@require_safe
def world_chart_csv(request, chart):
    try:
        as_of = _as_of(request)
    except BadAsOf:
        return _bad_as_of(request)
    charts = world_charts(_world(request, as_of))
    if chart not in charts:
        raise Http404
    return _chart_csv(charts[chart], f"world-{chart}.csv")


@require_safe
def country_chart_csv(request, code, chart):
    area = _area(code)
    try:
        as_of = _as_of(request)
    except BadAsOf:
        return _bad_as_of(request)
    charts = country_charts(_profile(request, area, as_of))
    if chart not in charts:
        raise Http404
    return _chart_csv(charts[chart], f"{area.code.lower()}-{chart}.csv")
