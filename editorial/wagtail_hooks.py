from wagtail import hooks

from editorial.dashboard import SiteAtAGlancePanel


@hooks.register("construct_homepage_panels")
def add_site_at_a_glance(request, panels):
    panels.append(SiteAtAGlancePanel())
