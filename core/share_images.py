"""A share picture for every page, drawn from its title when an editor chose none.

A link shared on social media or in a chat shows a picture; without one it is a grey
box. Pages whose editors picked a picture use it (BasePage.share_image); every other
page gets its title on the site's colours, with the site's mark and name.

The picture is drawn on request at /share/<page id>/<fingerprint>.png and never
stored: the fingerprint changes with the title, so a renamed page gets a new address
and caches (browsers, the CDN, social sites) may keep each one for ever. A drawn
picture is kept in the cache, so a page shared widely is drawn once per cache."""

import hashlib
import io
import textwrap
from functools import cache

from django.core.cache import cache as django_cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw, ImageFont
from wagtail.models import Page

from core.models import site_name_for

WIDTH, HEIGHT = 1200, 630
CREAM, PLUM, SUN, CORAL = "#fff6ea", "#4a1e4a", "#f5b740", "#e86a4d"
# The site's heading face where the machine has it, Pillow's own font otherwise.
DISPLAY_FONTS = ["DejaVuSerif-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"]
# Bump to give every drawn picture a new address after changing the drawing.
DESIGN = "1"


def fingerprint(title, site_name):
    return hashlib.sha256(f"{DESIGN}|{site_name}|{title}".encode()).hexdigest()[:12]


def generated_share_image(page, request):
    """{url, width, height, alt} of the drawn picture for `page`."""
    site_name = site_name_for(request)
    path = reverse("share_image", args=[page.pk, fingerprint(page.title, site_name)])
    return {
        "url": request.build_absolute_uri(path),
        "width": WIDTH,
        "height": HEIGHT,
        "alt": f"{page.title}, {site_name}" if page.depth > 2 else site_name,
    }


@cache
def display_font(size):
    for name in DISPLAY_FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def title_lines(title, draw):
    """The title in the largest size, from 84 px down, that fits in four lines."""
    for size in (84, 72, 62, 54, 46):
        font = display_font(size)
        width = max(8, int(len(title) * (WIDTH - 200) / max(draw.textlength(title, font), 1)))
        lines = textwrap.wrap(title, width=width)
        if len(lines) <= 4 and all(draw.textlength(line, font) <= WIDTH - 200 for line in lines):
            return font, lines
    return display_font(46), textwrap.wrap(title, width=40)[:4]


def draw_share_image(title, site_name):
    """The picture as PNG bytes: the title on cream, a plum band with the site's mark
    (the bridge between two circles) and its name."""
    image = Image.new("RGB", (WIDTH, HEIGHT), CREAM)
    draw = ImageDraw.Draw(image)
    band = HEIGHT - 130
    draw.rectangle((0, band, WIDTH, HEIGHT), fill=PLUM)
    # The mark: two circles and the arc that joins them.
    draw.ellipse((100, band + 45, 150, band + 95), fill=SUN)
    draw.ellipse((175, band + 45, 225, band + 95), fill=CORAL)
    draw.arc((112, band + 10, 212, band + 110), start=200, end=340, fill=CREAM, width=8)
    draw.text((260, band + 65), site_name, font=display_font(40), fill=CREAM, anchor="lm")

    font, lines = title_lines(title, draw)
    line_height = int(font.size * 1.2)
    top = (band - line_height * len(lines)) // 2
    for number, line in enumerate(lines):
        draw.text((100, top + number * line_height), line, font=font, fill=PLUM)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


@require_safe
def share_image(request, page_id, fingerprint_):
    page = Page.objects.live().public().filter(pk=page_id, depth__gt=1).first()
    if page is None:
        raise Http404("No public page has this picture.")
    site_name = site_name_for(request)
    current = fingerprint(page.title, site_name)
    if fingerprint_ != current:
        # An address from before a rename: the picture as it is now.
        return redirect("share_image", page_id, current)
    key = f"share-image:{page_id}:{current}"
    png = django_cache.get(key)
    if png is None:
        png = draw_share_image(page.title, site_name)
        django_cache.set(key, png, 60 * 60 * 24 * 30)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
