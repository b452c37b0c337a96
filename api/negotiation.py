"""Content negotiation that answers an unknown ?format= with 400 naming the formats (DRF answers 404)."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation

MSG_FORMAT = "Unknown format {value!r}; use one of: {formats}."


class FormatContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            formats = ", ".join(sorted({r.format for r in renderers if r.format != "api"}))
            raise ValidationError(
                {self.settings.URL_FORMAT_OVERRIDE: [MSG_FORMAT.format(value=format, formats=formats)]}
            )
        return chosen
