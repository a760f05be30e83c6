"""URL converters shared by the parts."""

from django.urls import register_converter


class UnicodeSlugConverter:
    """Wagtail slugs may hold letters with accents (WAGTAIL_ALLOW_UNICODE_SLUGS): `[-\\w]+`."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")
