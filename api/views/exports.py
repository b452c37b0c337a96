"""exports/: a whole filtered list built as a file in the background (kb/services/export_jobs.py). POST asks for one
(202 with its address), GET follows its progress, and the file is downloaded from `file/` once it is done. Each
requester sees only their own jobs."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.params import PAGINATION, StrictQueryParametersMixin
from api.permissions import partner_token
from api.renderers import StoredFileRenderer, XLSXRenderer
from kb.models import ExportFormatChoices, ExportJob, JobStatusChoices, TokenScopeChoices
from kb.services.export_jobs import export_job_create
from kb.services.jobs import job_settle

MEDIA_TYPES = {"csv": "text/csv", "hxl": "text/csv", "xlsx": XLSXRenderer.media_type}


class NewExportSerializer(serializers.Serializer):
    resource = serializers.CharField(max_length=40, help_text="A list route of /api/v1/, e.g. casualties.")
    format = serializers.ChoiceField(choices=ExportFormatChoices.choices, default=ExportFormatChoices.CSV)
    filters = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="The list's filters as a query string, e.g. country=KHM&year=2024 (as the list route takes them).",
    )


class ExportJobSerializer(serializers.ModelSerializer):
    filters = serializers.CharField(source="query")
    status = serializers.ChoiceField(choices=JobStatusChoices.choices)
    rows_done = serializers.IntegerField(source="done", help_text="Rows written so far.")
    rows_total = serializers.IntegerField(source="total", help_text="Rows the file will hold.")
    download = serializers.SerializerMethodField(help_text="Address of the file once the job is done, else null.")

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "resource",
            "format",
            "filters",
            "status",
            "rows_done",
            "rows_total",
            "error",
            "size",
            "created_at",
            "finished_at",
            "expires_at",
            "download",
        ]
        extra_kwargs = {
            "error": {"help_text": "Why the job failed (empty unless failed)."},
            "size": {"help_text": "Bytes of the file (0 until done)."},
        }

    def get_download(self, obj) -> str | None:
        if obj.status != JobStatusChoices.DONE:
            return None
        return self.context["request"].build_absolute_uri(reverse("export-file", args=[obj.pk]))


class ExportReader(permissions.BasePermission):
    """A signed-in account (staff, or a partner token with the read scope): exports are built for someone."""

    def has_permission(self, request, view):
        token = partner_token(request)
        if token is not None and TokenScopeChoices.READ not in token.scopes:
            return False
        return bool(request.user and request.user.is_authenticated)


class CSVFileRenderer(StoredFileRenderer):
    media_type = "text/csv"
    format = "csv"


class XLSXFileRenderer(StoredFileRenderer):
    media_type = XLSXRenderer.media_type
    format = "xlsx"


class ExportJobViewSet(
    StrictQueryParametersMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Export jobs of the signed-in requester, newest first."""

    permission_classes = [ExportReader]
    renderer_classes = [renderers.JSONRenderer]
    serializer_class = ExportJobSerializer
    queryset = ExportJob.objects.all()
    filter_backends = []
    query_parameters = {"list": PAGINATION}
    http_method_names = ["get", "post", "head", "options"]
    own_records_only = True  # the schema: every operation needs credentials

    def get_queryset(self):
        return ExportJob.objects.filter(requested_by=self.request.user).order_by("-created_at")

    @extend_schema(summary="List your export jobs")
    def list(self, request, *args, **kwargs):
        """Your export jobs (those of your partner organisation's account), newest first."""
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One of your export jobs")
    def retrieve(self, request, *args, **kwargs):
        """Its state (queued, running, done, failed with the reason), rows written of the total and, once done, the
        address of the file. 404 when there is no such job, or it is someone else's."""
        job = job_settle(self.get_object())  # one a stopped worker left running shows failed, to be asked again
        return Response(self.get_serializer(job).data)

    @extend_schema(
        summary="Ask for a whole filtered list as a file, built in the background",
        request=NewExportSerializer,
        responses={202: OpenApiResponse(ExportJobSerializer, description="Queued; Location: the job's address.")},
    )
    def create(self, request, *args, **kwargs):
        """The list `resource` (a route of /api/v1/ offering downloads) with `filters` (its query parameters) in
        `format` (csv, hxl or xlsx), written by the task worker. The file has the bytes the streamed download of the
        same filters has, and is kept for KB_EXPORT_RETENTION_DAYS days. A filter the list refuses is a 400 now."""
        asked = NewExportSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        job = export_job_create(
            resource=asked.validated_data["resource"],
            fmt=asked.validated_data["format"],
            query=asked.validated_data["filters"],
            by=request.user,
        )
        location = reverse("export-detail", args=[job.pk])
        data = self.get_serializer(job).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

    @extend_schema(
        summary="Download the file of a finished export",
        responses={
            (200, media_type): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file: the bytes the streamed download of the same filters has."
            )
            for media_type in dict.fromkeys(MEDIA_TYPES.values())
        },
    )
    @action(detail=True, renderer_classes=[renderers.JSONRenderer, CSVFileRenderer, XLSXFileRenderer])
    def file(self, request, pk=None):
        """The file of a finished export of yours; 404 while it is not done, after it expired, or if not yours."""
        job = get_object_or_404(self.get_queryset(), pk=pk)
        if job.status != JobStatusChoices.DONE or not job.file or job.expires_at <= timezone.now():
            raise Http404  # an expired file is gone for its owner already, whenever kb_prune_exports deletes it
        suffix = job.file.name.rsplit("/", 1)[-1]
        return FileResponse(
            job.file.open("rb"), content_type=MEDIA_TYPES[job.format], as_attachment=True, filename=suffix
        )
