"""Documentation keeps up with the code: a page per model, every route in docs/api.md."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from api.urls import router

DOCS = Path(settings.BASE_DIR) / "docs"


def kb_models():
    return [m for m in apps.get_app_config("kb").get_models() if m.__module__.startswith("kb.models.")]


@pytest.mark.parametrize("model", kb_models(), ids=lambda m: m.__name__)
def test_every_model_has_a_data_dictionary_page(model):
    module = model.__module__.rsplit(".", 1)[-1]
    page = DOCS / "models" / module / f"{model._meta.model_name}.md"
    assert page.is_file(), f"missing {page.relative_to(settings.BASE_DIR)}"


@pytest.mark.parametrize("prefix", [prefix for prefix, _viewset, _basename in router.registry])
def test_every_route_is_in_the_api_docs(prefix):
    assert f"`{prefix}/" in (DOCS / "api.md").read_text(), f"docs/api.md does not mention {prefix}/"


def test_readme_shows_the_two_commands():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
