from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops an upload that grows past the limit while it streams in.

    Browsers announce the size and ``HardeningMiddleware`` refuses large ones up front; this
    catches bodies sent without a length (chunked), which would otherwise fill the disk.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.MAX_UPLOAD_MB * 1024 * 1024:
            raise RequestDataTooBig("The upload is larger than IZDEU_MAX_UPLOAD_MB.")
        return raw_data

    def file_complete(self, file_size: int):
        return None
