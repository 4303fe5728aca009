"""Uploaded attachments (a sick note, a receipt): checked by name and by content before they are stored.

Funding's receipts and the work log's attachments use the same check.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from .. import errors
from ..errors import ServiceError

ATTACHMENT_MAX_MB = 5
ATTACHMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def validate_attachment(upload: UploadedFile) -> None:
    """PDF, JPG or PNG (by name and by content), at most ATTACHMENT_MAX_MB."""
    name = (upload.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix not in ATTACHMENT_TYPES:
        raise ServiceError(errors.BAD_ATTACHMENT, errors.BAD_ATTACHMENT_TYPE_MSG, "attachment")
    if upload.size is None or upload.size > ATTACHMENT_MAX_MB * 1024 * 1024:
        raise ServiceError(
            errors.BAD_ATTACHMENT, errors.BAD_ATTACHMENT_SIZE_MSG.format(mb=ATTACHMENT_MAX_MB), "attachment"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ATTACHMENT_TYPES[suffix]):
        raise ServiceError(errors.BAD_ATTACHMENT, errors.BAD_ATTACHMENT_TYPE_MSG, "attachment")
