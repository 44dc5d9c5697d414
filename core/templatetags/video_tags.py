"""{% video url title poster %}: a hosted video behind its click-to-load facade
(core/video.py, templates/components/video.html)."""

from django import template

from core.video import video_for

register = template.Library()


@register.inclusion_tag("components/video.html")
def video(video, title, poster=None):
    """`video` is a core.video.Video, or the address of one."""
    if isinstance(video, str):
        video = video_for(video)
    return {"video": video, "title": title, "poster": poster}
