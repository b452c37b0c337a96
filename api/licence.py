"""The data's licence on every download: `Link: <licence URL>; rel="license"` (RFC 8288, the registered relation)
on CSV and HXL answers, release archives and GeoPackages, from the API and the public pages alike."""

from kb.services.licence import data_licence

LICENSED_TYPES = ("text/csv", "application/zip", "application/geopackage+sqlite3")


class LicenceLinkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if response.status_code < 400 and content_type in LICENSED_TYPES:
            link = f'<{data_licence().url}>; rel="license"'
            existing = response.get("Link")
            response["Link"] = f"{existing}, {link}" if existing else link
        return response
