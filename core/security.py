"""Response headers Django's SecurityMiddleware does not set: Content-Security-Policy
and Permissions-Policy.

The public site's policy allows scripts from this site only, and no inline script (its
templates have none; JSON-LD is data, which the policy does not govern): an injected
<script> runs nowhere. Players of hosted videos load in frames (core/video.py), from
any https host an editor chose. Inline styles stay allowed: the admin's user bar sets
some, and a style cannot run code.

Wagtail's admin writes inline scripts of its own (inline panels, date pickers), so
under /admin/ scripts may also be inline; everything else is as strict.

Permissions-Policy turns off the browser features this site never uses (camera,
microphone, location, payment…), so nothing embedded in a page can ask for them."""

COMMON = {
    "default-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "media-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self' https:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PUBLIC = {**COMMON, "script-src": "'self'"}
ADMIN = {
    **COMMON,
    "script-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "frame-ancestors": "'self'",  # the preview panel frames a page in the admin
}

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
)


def policy(directives):
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


PUBLIC_POLICY, ADMIN_POLICY = policy(PUBLIC), policy(ADMIN)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        in_admin = request.path.startswith("/admin/")
        response.headers.setdefault(
            "Content-Security-Policy", ADMIN_POLICY if in_admin else PUBLIC_POLICY
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
