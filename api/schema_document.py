"""Postprocessing of the whole OpenAPI document (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]): what no single
operation knows, so that strict tools (Redocly, Spectral, openapi-core) read it without errors."""

import inspect


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def nullable_as_type(result, generator, request, public):
    """OpenAPI 3.1 has no `nullable`: a null is a type. drf-spectacular writes 3.1 for the serializers, but schemas
    written by hand (DRF's pagination: `next`, `previous`) still say `nullable: true`; without this, 3.1 tools
    reject the keyword and strict validators refuse the null they stand for."""
    for schema in _walk(result.get("components", {})):
        if schema.get("nullable") is True and isinstance(schema.get("type"), str):
            del schema["nullable"]
            schema["type"] = [schema["type"], "null"]
    return result


def blank_or_formatted(result, generator, request, public):
    """A blank-allowed URL or e-mail field is "a URL, or the empty string". As `oneOf` that is refused by validators
    that do not assert formats (JSON Schema's default), for which '' matches both branches: `anyOf` says the same."""
    for schema in _walk(result.get("components", {})):
        branches = schema.get("oneOf")
        if branches and any(branch == {"type": "string", "maxLength": 0} for branch in branches):
            schema["anyOf"] = schema.pop("oneOf")
    return result


def _first_paragraph(view_class) -> str:
    doc = inspect.getdoc(view_class) or ""
    return " ".join(doc.split("\n\n")[0].split())


def declared_tags(result, generator, request, public):
    """Every tag the operations use is declared, described by its viewset's docstring, in the router's order (grouped
    by area, api/urls.py); a route outside the router comes after them."""
    from api.urls import router  # the URLconf imports every view: only once the schema is being built

    views = {prefix: viewset for prefix, viewset, _basename in router.registry}
    for path, _regex, _method, callback in generator.endpoints:
        views.setdefault(path.removeprefix("/api/v1/").split("/")[0], callback.cls)
    used = {tag for operations in result["paths"].values() for op in operations.values() for tag in op.get("tags", ())}
    declared = [(tag, view) for tag, view in views.items() if tag in used]
    result["tags"] = [{"name": tag, "description": _first_paragraph(view)} for tag, view in declared]
    return result


def served_from(result, generator, request, public):
    """A schema fetched over HTTP names the server it came from, as generated clients take their base URL from
    `servers`; one written by `manage.py spectacular` keeps SPECTACULAR_SETTINGS["SERVERS"] (`make run`). Links to
    the site's own pages are made absolute on that server."""
    if request is not None:
        result["servers"] = [{"url": request.build_absolute_uri("/").rstrip("/"), "description": "This server."}]
    # Links within the site (the data dictionary) become absolute on the same server: OpenAPI wants a URI there.
    docs = result.get("externalDocs")
    if docs and docs.get("url", "").startswith("/"):
        docs["url"] = result["servers"][0]["url"] + docs["url"]
    return result
