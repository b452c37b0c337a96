"""Uploads with a hard size limit applied while the body streams in: an oversized file is skipped chunk by chunk,
never held in memory or kept on disk, and the request is marked so the view can say why."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from kb.services.imports.reader import MAX_FILE_BYTES


class SizeLimitUploadHandler(FileUploadHandler):
    """First of settings.FILE_UPLOAD_HANDLERS: counts each file's bytes and skips the file (the handlers after it
    discard what they had) once it passes MAX_FILE_BYTES. Sets `request.upload_too_large`."""

    limit = MAX_FILE_BYTES

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file
