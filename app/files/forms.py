"""Upload fields for other areas' forms; the limits are enforced again by the services."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
DOCUMENT_EXTENSIONS = ["pdf", "docx", "odt"]


def image_field(label=None, **kwargs) -> FileField:
    return FileField(label or _l("Image (optional)"),
                     description=_l("JPEG, PNG or WebP, at most 5 MB."),
                     validators=[FileAllowed(IMAGE_EXTENSIONS,
                                             _l("Choose a JPEG, PNG or WebP image."))], **kwargs)


def document_field(label=None, **kwargs) -> FileField:
    return FileField(label or _l("Document"),
                     description=_l("PDF, Word (DOCX) or OpenDocument (ODT), at most 20 MB."),
                     validators=[FileAllowed(DOCUMENT_EXTENSIONS,
                                             _l("Choose a PDF, DOCX or ODT file."))], **kwargs)
