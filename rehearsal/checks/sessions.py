"""(a) A session made on one web instance is valid on the other, with the production cookie and headers."""

from rehearsal.client import Client, signed_in_page
from rehearsal.report import Result
from rehearsal.shape import Shape

LABEL = "(a) session made on web1 valid on web2"


def check_sessions(shape: Shape) -> Result:
    """Sign in on web1 directly; the cookie opens the pages of web2 directly and through nginx."""
    site = shape.built_site()
    one = Client(site, shape.web_ports[0])
    signed_in = one.sign_in("director")
    cookie = next(h for h in signed_in.headers.get_all("Set-Cookie") or [] if h.startswith("__Host-sessionid="))
    two = Client(site, shape.web_ports[1], cookies=dict(one.cookies))
    on_two = two.request("GET", "/projects/")
    balanced = Client(site, cookies=dict(one.cookies))
    through = balanced.request("GET", "/")
    plain = Client(site, shape.web_ports[1], forwarded_proto="http").request("GET", "/projects/")
    metrics = Client(site).request("GET", "/metrics")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    secure_cookie = {"secure", "httponly", "path=/"} <= attributes and "domain" not in cookie.lower()
    hsts = through.headers.get("Strict-Transport-Security", "")
    redirect = plain.headers.get("Location", "")
    ok = (
        signed_in_page(on_two)
        and signed_in_page(through)
        and secure_cookie
        and plain.status == 301
        and redirect.startswith("https://")
        and "max-age=31536000" in hsts
        and metrics.status == 403
    )
    figures = (
        f"signed in on web1; web2 {on_two.status}{'' if signed_in_page(on_two) else ' (not signed in)'}, "
        f"nginx {through.status}; cookie __Host-sessionid{' Secure HttpOnly' if secure_cookie else ' NOT secure'}; "
        f"http → {plain.status} {redirect.split('/projects')[0]}; HSTS {hsts or 'missing'}; "
        f"/metrics via nginx {metrics.status}"
    )
    return Result(LABEL, ok, figures)
