"""OpenAPI generation: writes take the import-format write serializer and answer with the read serializer."""

from drf_spectacular.openapi import AutoSchema

WRITES = ("create", "update", "partial_update", "bulk")


class KbAutoSchema(AutoSchema):
    def _writes(self) -> bool:
        return getattr(self.view, "action", None) in WRITES and hasattr(self.view, "write_serializer_class")

    def get_request_serializer(self):
        if self._writes():
            write = self.view.write_serializer_class()
            return write(many=True) if self.view.action == "bulk" else write()
        return super().get_request_serializer()

    def get_response_serializers(self):
        if self._writes():
            read = self.view.serializer_class
            return {201: read(many=True)} if self.view.action == "bulk" else read
        return super().get_response_serializers()
