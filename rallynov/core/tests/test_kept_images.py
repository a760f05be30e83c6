"""The kept picture tags write what Wagtail's write, and write it again when the picture changes."""

import io

import pytest
from django.core.files.images import ImageFile
from django.template import Context, Template
from django.utils import translation
from wagtail.images import get_image_model

from rallynov.core.illustrations import png_bytes
from rallynov.core.templatetags import kept_images

pytestmark = pytest.mark.django_db

TAGS = (
    '{% srcset_image picture fill-{480x270,960x540} sizes="480px" alt=alt class="result-image" %}',
    "{% image picture width-320 %}",
    '{% image picture fill-200x100 alt="" %}',
)


@pytest.fixture(autouse=True)
def _forget():
    kept_images.clear()
    yield
    kept_images.clear()


def make_image(motif="alimentation", **fields):
    image = get_image_model()(title=f"Image {motif}", **fields)
    image.file = ImageFile(io.BytesIO(png_bytes(motif, size=(1200, 675))), name=f"{motif}.png")
    image.save()
    return image


def render(library, tag, **context):
    return Template("{% load " + library + " %}" + tag).render(Context(context))


@pytest.mark.parametrize("tag", TAGS)
def test_kept_tags_write_what_wagtails_write(tag):
    image = make_image(description="Des cercles")
    for _view in range(2):  # the second view is served from what was kept
        kept = render("kept_images", tag, picture=image, alt="Une épicerie")
        assert kept == render("wagtailimages_tags", tag, picture=image, alt="Une épicerie")
    assert "<img" in kept


def test_a_new_focal_point_or_alt_text_gives_a_new_tag():
    image = make_image(description="Des cercles")
    tag = TAGS[0]
    before = render("kept_images", tag, picture=image, alt="Une épicerie")

    assert render("kept_images", tag, picture=image, alt="A grocery") != before
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 1000, 600, 100, 50
    image.save()
    image.renditions.all().delete()  # as Wagtail's admin does when the focal point moves
    moved = render("kept_images", tag, picture=image, alt="Une épicerie")
    assert moved != before
    assert moved == render("wagtailimages_tags", tag, picture=image, alt="Une épicerie")


def test_the_default_alt_text_follows_the_description():
    image = make_image(description="Des cercles verts")
    assert 'alt="Des cercles verts"' in render("kept_images", TAGS[1], picture=image)
    image.description = "Des carrés rouges"
    image.save()
    assert 'alt="Des carrés rouges"' in render("kept_images", TAGS[1], picture=image)


def test_the_as_form_and_a_missing_picture_behave_as_wagtails():
    image = make_image()
    html = render("kept_images", "{% image picture width-320 as shown %}{{ shown.width }}", picture=image)
    assert html == "320"
    assert render("kept_images", TAGS[1], picture=None) == ""


def test_translated_alt_text_is_kept_per_language():
    image = make_image()
    tag = '{% load i18n %}{% translate "Accueil" as alt %}{% image picture width-320 alt=alt %}'
    with translation.override("fr"):
        assert 'alt="Accueil"' in render("kept_images", tag, picture=image)
    with translation.override("en"):
        assert 'alt="Home"' in render("kept_images", tag, picture=image)
