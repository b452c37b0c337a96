"""releases/: the published releases, their archives (Data Package zips) and what changed between two."""

import base64

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import renderers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.params import PAGINATION, StrictQueryParametersMixin
from api.permissions import ReadOnly
from api.renderers import StoredFileRenderer
from kb.models import Release
from kb.services.licence import citation_text, data_licence
from kb.services.releases import release_diff


class ZipRenderer(StoredFileRenderer):
    media_type = "application/zip"
    format = "zip"


class ReleaseSerializer(serializers.ModelSerializer):
    archive = serializers.SerializerMethodField(help_text="Download address of the zip archive.")
    license = serializers.SerializerMethodField()
    citation = serializers.SerializerMethodField()
    resources = serializers.SerializerMethodField(help_text="Each resource's name, rows and SHA-256 of its CSV.")

    class Meta:
        model = Release
        fields = [
            "name",
            "title",
            "as_of",
            "published_at",
            "archive",
            "archive_sha256",
            "license",
            "citation",
            "resources",
        ]

    def get_archive(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("release-archive", args=[obj.name]))

    def get_license(self, obj) -> dict:
        return (obj.datapackage.get("licenses") or [data_licence().as_package_licence()])[0]

    def get_citation(self, obj) -> str:
        return obj.datapackage.get("citation") or citation_text(release=obj.name)

    def get_resources(self, obj) -> list[dict]:
        return [
            {"name": r["name"], "rows": r["rows"], "sha256": r["hash"].removeprefix("sha256:")}
            for r in obj.datapackage.get("resources", [])
        ]


class RecordChangesSerializer(serializers.Serializer):
    added = serializers.ListField(child=serializers.IntegerField())
    changed = serializers.ListField(child=serializers.IntegerField())
    retracted = serializers.ListField(child=serializers.IntegerField())


RELEASE_DIFF = inline_serializer(
    "ReleaseDiff",
    fields={  # "from" is a Python keyword: the fields are given by name
        "from": serializers.CharField(help_text="The older release."),
        "to": serializers.CharField(help_text="The newer release."),
        "resources": serializers.DictField(child=RecordChangesSerializer(), help_text="Record ids per resource."),
    },
)


class ReleaseViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    """Published releases, newest first. A release never changes once published."""

    permission_classes = [ReadOnly]
    renderer_classes = [renderers.JSONRenderer]
    queryset = Release.objects.defer("archive", "records")
    serializer_class = ReleaseSerializer
    lookup_field = "name"
    lookup_value_regex = "[a-z0-9][a-z0-9._-]*"
    filter_backends = []
    query_parameters = {"list": PAGINATION}

    @extend_schema(
        summary="Download a release's archive",
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The zip archive."),
            304: OpenApiResponse(description="Not modified: If-None-Match names this archive's checksum."),
        },
    )
    @action(detail=True, renderer_classes=[renderers.JSONRenderer, ZipRenderer])
    def archive(self, request, name=None):
        release = get_object_or_404(Release.objects.only("name", "archive", "archive_sha256"), name=name)
        etag = f'"{release.archive_sha256}"'
        if request.headers.get("If-None-Match") == etag:
            return HttpResponse(status=304, headers={"ETag": etag})
        response = HttpResponse(bytes(release.archive), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="landmine-impact-kb-{release.name}.zip"'
        response["ETag"] = etag
        # RFC 9530: the checksum again, base64 as the header wants it, for clients that verify downloads
        response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(release.archive_sha256)).decode()}:"
        return response

    @extend_schema(summary="Records added, changed and retracted between two releases", responses=RELEASE_DIFF)
    @action(detail=True, url_path=r"diff/(?P<other>[a-z0-9][a-z0-9._-]*)")
    def diff(self, request, name=None, other=None):
        old = get_object_or_404(Release.objects.only("name", "records"), name=name)
        new = Release.objects.only("name", "records").filter(name=other).first()
        if new is None:
            raise Http404
        return Response({"from": old.name, "to": new.name, "resources": release_diff(old=old, new=new)})
