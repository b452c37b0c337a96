"""Content negotiation that tools survive: `?format=` always wins over the Accept header (GDAL and QGIS send an
Accept header of their own with a `?format=geojson` URL), an unknown or unoffered format is a 400, and an Accept
header no renderer satisfies is a 406; both name the formats the route offers."""

from rest_framework.exceptions import NotAcceptable, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation

MSG_FORMAT = "Format {value!r} is not offered here; use one of: {formats}."
MSG_NOT_ACCEPTABLE = "No media type in the Accept header is offered here; offered: {media_types} (?format={formats})."


def _formats(renderers) -> str:
    return ", ".join(sorted({r.format for r in renderers if r.format != "api"}))


class FormatContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        format = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if format:
            renderer = self.filter_renderers(renderers, format)[0]
            return renderer, renderer.media_type
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            media_types = ", ".join(dict.fromkeys(r.media_type for r in renderers if r.format != "api"))
            message = MSG_NOT_ACCEPTABLE.format(media_types=media_types, formats=_formats(renderers))
            raise NotAcceptable(message) from None

    def filter_renderers(self, renderers, format):
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            raise ValidationError(
                {self.settings.URL_FORMAT_OVERRIDE: [MSG_FORMAT.format(value=format, formats=_formats(renderers))]}
            )
        return chosen
