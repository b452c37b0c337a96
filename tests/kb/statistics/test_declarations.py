"""Each statistic is declared once (kb/statistics/): its model holds no field the declaration misses, and every
consumer's field list is the one the declaration gives. A field added to a model without its declaration, or a list
spelled out again by hand and left behind, fails here."""

import pytest
from django.apps import apps

from kb.models.base import StatisticalRecord
from kb.statistics.base import Column, Statistic
from kb.statistics.registry import STATISTICS, statistic_for_model

DECLARED = list(STATISTICS.values())
ids = [statistic.resource for statistic in DECLARED]

# The fields every statistic has from its base classes (where, when, preference, review, citation).
SHARED = {field.name for field in StatisticalRecord._meta.get_fields()} | {"id"}


def test_every_statistic_model_is_declared():
    models = {m for m in apps.get_models() if issubclass(m, StatisticalRecord)}
    assert models == {statistic.model for statistic in DECLARED}


@pytest.mark.parametrize("statistic", DECLARED, ids=ids)
def test_the_model_has_exactly_the_declared_fields(statistic):
    model = statistic.model
    own = [f.name for f in model._meta.concrete_fields if f.name not in SHARED]
    assert own == list(statistic.names), "a model field is missing from the declaration, or in another order"
    assert model.cell_fields == statistic.cell
    assert model.figure_fields == statistic.figures
    assert statistic_for_model(model) is statistic


def test_a_declaration_naming_no_column_is_refused():
    with pytest.raises(ValueError, match="figures names no column"):
        Statistic(resource="x", basename="x", model_label="kb.StockpileRecord", columns=(Column("a"),), figures=("b",))


@pytest.mark.parametrize("statistic", DECLARED, ids=ids)
def test_the_import_and_export_columns_are_the_declared_ones(statistic):
    from kb.services.imports.registry import RESOURCES
    from kb.services.imports.statistics import LEADING_COLUMNS, TRAILING_COLUMNS

    resource = RESOURCES[statistic.resource]
    assert resource._meta.model is statistic.model
    fields = resource._meta.fields
    assert fields == (*LEADING_COLUMNS, *statistic.names, *TRAILING_COLUMNS)
    assert set(resource.fields) == set(fields), "a column is declared on the resource but not in its file"
    assert {resource.fields[name].column_name for name in statistic.names} == {c.column_name for c in statistic.columns}
    assert resource._meta.import_id_fields == (*LEADING_COLUMNS, *statistic.dimensions, "source")
    own_tags = {name: tag for name, tag in resource.hxl.items() if name in {c.column_name for c in statistic.columns}}
    assert own_tags == statistic.hxl


def _route(statistic):
    from api.urls import router

    found = [(viewset, basename) for prefix, viewset, basename in router.registry if prefix == statistic.resource]
    assert len(found) == 1, f"no single route /api/v1/{statistic.resource}/"
    return found[0]


@pytest.mark.parametrize("statistic", DECLARED, ids=ids)
def test_the_api_route_and_fields_are_the_declared_ones(statistic):
    from api.serializers.base import StatisticSerializer

    viewset, basename = _route(statistic)
    assert basename == statistic.basename
    assert viewset.queryset.model is statistic.model
    fields = list(viewset.serializer_class().fields)
    assert fields == [*StatisticSerializer.LEADING, *statistic.names, *StatisticSerializer.TRAILING]


@pytest.mark.parametrize("statistic", DECLARED, ids=ids)
def test_the_api_filters_are_the_declared_ones(statistic):
    from api.filters.base import StatisticFilterSet

    viewset, _ = _route(statistic)
    shared = set(StatisticFilterSet.base_filters)
    names = [name for name in viewset.filterset_class.base_filters if not name.endswith("__in")]  # lists.py adds them
    own = [name for name in names if name not in shared]
    assert own[: len(statistic.filters)] == list(statistic.filters)
    assert set(own) - set(statistic.filters) <= {"headline"}  # casualties: figures not broken down at all


@pytest.mark.parametrize("statistic", DECLARED, ids=ids)
def test_the_admin_lists_and_form_are_the_declared_ones(statistic):
    from django.contrib import admin

    from kb.admin.base import StatisticalAdmin

    model_admin = admin.site._registry[statistic.model]
    assert model_admin.dimension_fields == list(statistic.dimensions)
    assert model_admin.figure_columns == list(statistic.listed)
    assert sorted([*model_admin.figure_columns, *model_admin.extra_figure_fields]) == sorted(statistic.details)
    shared = len(StatisticalAdmin.list_filter)
    filters = [f[0] if isinstance(f, tuple) else f for f in model_admin.list_filter[shared:]]
    assert filters == list(statistic.admin_filters)


def test_coverage_and_the_change_feed_name_every_statistic_as_declared():
    from kb.selectors.changes import FEED_RESOURCES
    from kb.selectors.coverage import STATISTICS as COVERED

    assert COVERED == {statistic.resource: statistic.model for statistic in DECLARED}
    assert {name: FEED_RESOURCES[name] for name in STATISTICS} == COVERED


@pytest.mark.parametrize("statistic", DECLARED, ids=ids)
def test_the_data_dictionary_describes_the_declared_columns(statistic):
    from kb.services.data_dictionary import table_schema

    described = {field["name"]: field for field in table_schema(resource=statistic.resource)["fields"]}
    own = [name for name in described if name in {c.column_name for c in statistic.columns}]
    assert own == [column.column_name for column in statistic.columns]
    for column in statistic.columns:
        assert described[column.column_name].get("hxl") == column.hxl
        assert described[column.column_name].get("qualifiable", False) == (column.name in statistic.figures)
        assert described[column.column_name].get("constraints", {}).get("required", False) == column.required


def test_an_import_mapping_names_the_widget_of_every_choice_and_no_other_column():
    from django.core.exceptions import ImproperlyConfigured

    from kb.services.imports.statistics import statistic_resource
    from kb.services.imports.widgets import TextWidget
    from kb.statistics.production import PRODUCTION

    with pytest.raises(ImproperlyConfigured, match="give the widget of 'producer'"):
        statistic_resource(PRODUCTION)
    with pytest.raises(ImproperlyConfigured, match="widgets for no column"):
        statistic_resource(PRODUCTION, colour=TextWidget())
