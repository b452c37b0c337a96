"""Lists and details with ETags and Last-Modified (304s), and list pages answered again from memory while the data
stamp (api/caching.py) has not moved."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from api.caching import ASKED, cache_entry, cache_store, record_etag, representation, settled_and_stamp
from kb.selectors.settled import settled_for_reading

CONDITIONAL = [
    OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, description="An ETag: 304 if unchanged."),
    OpenApiParameter("If-Modified-Since", str, OpenApiParameter.HEADER, description="HTTP date: 304 if unchanged."),
]


class ConditionalListMixin:
    """Needs api.caching.ConditionalMixin (`_conditional`, `list_etag`) and a `_list_response(queryset, fmt)`;
    streamed downloads (`streams`, `_stream`) are answered under the same ETags, never from memory."""

    def list(self, request, *args, **kwargs):
        fmt = request.accepted_renderer.format
        if self.streams(fmt):
            settled = settled_for_reading()
            queryset = self.filter_queryset(self.get_queryset())
            self._check_page_parameters(request)
            etag, last_modified = self.list_etag_for(request, queryset, None, settled)
            return self._conditional(request, etag, last_modified, lambda: self._stream(queryset, fmt))
        # A page asked for again under the same data stamp (api/caching.py) is kept, and answered from memory from
        # then on, with its ETag, without filtering, counting or serializing: the stamp moves with every write,
        # anywhere. (Its ETag stays right: no transaction has committed since, and any open now began after the
        # page's newest change or was already open, and accounted for, when the page was made.)
        # The settled moment is read first, then the stamp (what commits in between is in the rows read), in one
        # round trip; a page answered from memory does not need the moment, which costs next to nothing there.
        settled, stamp = settled_and_stamp()
        parts = ("list", fmt)
        asked, hit = cache_entry(request, parts, stamp)
        if hit is not None:
            etag, last_modified, data = hit
            return self._conditional(request, etag, last_modified, lambda: Response(data))
        request.kb_data_stamp = stamp  # codes the filters look up are kept under it (api/filters/lists.py)
        queryset = self.filter_queryset(self.get_queryset())
        etag, last_modified = self.list_etag_for(request, queryset, stamp, settled)

        def respond():
            response = self._list_response(queryset, fmt)
            # Kept once asked for again (api/caching.py ASKED); the first time, only that it was asked is.
            cache_store(request, parts, stamp, (etag, last_modified, response.data) if asked else ASKED)
            return response

        return self._conditional(request, etag, last_modified, respond)

    def list_etag_for(self, request, queryset, stamp: str | None, settled):
        user = request.user
        audience = "staff" if user.is_authenticated and user.is_staff else user.pk or "public"
        request_key = f"{representation(request)}|{audience}"
        etag, last_modified = self.list_etag(request, queryset, stamp, settled)
        return etag[:-1] + request_key.replace('"', "") + '"', last_modified

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()

        def respond():
            data = self.get_serializer(instance).data
            return Response(self.feature(instance, data) if request.accepted_renderer.format == "geojson" else data)

        return self._conditional(request, record_etag(instance, request), instance.updated_at, respond)
