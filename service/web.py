"""The newsroom page: ``GET /`` and its static assets, served by the service itself.

A plain Flask blueprint on purpose, not a flask-smorest one, so the page stays out of the OpenAPI document
(which describes the API alone). The page is one HTML template, a stylesheet and plain ES modules in
``service/static``: nothing is fetched from elsewhere and there is no build step. It talks to
``POST /v1/attributions`` from the browser like any other client.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, url_for

web = Blueprint(
    "web",
    __name__,
    static_folder="static",
    static_url_path="/static",
    template_folder="templates",
)

# The page loads only its own files and talks only to its own origin; no inline script or style attribute is
# needed (colours are set through the CSSOM, which style-src does not govern), so nothing else is allowed.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


@web.get("/")
def page() -> Response:
    """The page: paste or drop an article, see its quotations highlighted by speaker."""
    html = render_template(
        "page.html",
        api_url=url_for("attributions.attribute"),
        max_chars=int(current_app.config["QUOTES_MAX_DOCUMENT_CHARS"]),
    )
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
