"""Breadcrumbs: a page declares its trail once, base.html makes the <title> of
it and core/page.html (core/card_page.html) the breadcrumb nav.

A page below the top level lists its crumbs, section first, in the block
``trail`` (base.html renders it in the <title>, before anything else)::

    {% load breadcrumbs %}
    {% block trail %}{% crumb _("Projects") "projects:project-list" %}{% crumb project.acronym project %}…{% endblock %}

(one line is best: the block renders in the <title>, whose spaces a browser
collapses but a raw reading of the page keeps).

``{% crumb label target arg… %}``: the target is a record (its
``get_absolute_url``), an address (``/…``, ``#…``, ``?…``), or the name of a
URL reversed with the arguments after it; no target: the current page, the
last crumb. The dashboard comes first by itself. The <title> is the trail
reversed without the dashboard ("HEARTWATCH · Projects · labsite"), and says
"Error" first when the page's form has errors.
"""

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext

register = template.Library()

TRAIL = "core.breadcrumbs"


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None  # None: the current page


def url_of(target: Any, args: tuple[Any, ...]) -> str:
    if hasattr(target, "get_absolute_url"):
        return str(target.get_absolute_url())
    target = str(target)
    if target.startswith(("/", "#", "?", "http://", "https://")):
        return target
    return reverse(target, args=args)


def trail_of(context: template.Context) -> list[Crumb]:
    """The crumbs the page declared so far (render_context: the whole
    extends chain of one rendering shares it, an include does not)."""
    trail = context.render_context.get(TRAIL)
    if trail is None:
        trail = []
        context.render_context[TRAIL] = trail
    return trail


@register.simple_tag(takes_context=True)
def crumb(context: template.Context, label: Any, target: Any = None, *args: Any) -> str:
    """Add a crumb to the page's trail; renders nothing."""
    url = None if target is None or target == "" else url_of(target, args)
    trail_of(context).append(Crumb(str(label), url))
    return ""


def full_trail(context: template.Context) -> list[Crumb]:
    """The declared trail, the dashboard first; empty when none was declared."""
    trail = trail_of(context)
    if not trail:
        return []
    return [Crumb(gettext("Dashboard"), reverse("home")), *trail]


@register.simple_tag(takes_context=True)
def trail_title(context: template.Context, default: str = "labsite") -> str:
    """The <title>'s words before " · labsite": the trail reversed, the
    dashboard left out; ``default`` when the page declared no trail."""
    trail = trail_of(context)
    if not trail:
        return default
    title = " · ".join(item.label for item in reversed(trail))
    form = context.get("form")
    if getattr(form, "is_bound", False) and getattr(form, "errors", None):
        return gettext("Error: %(title)s") % {"title": title}
    return title


@register.inclusion_tag("core/breadcrumbs.html", takes_context=True)
def breadcrumb_nav(context: template.Context) -> dict[str, Any]:
    """The WAI-ARIA breadcrumb, its last crumb the current page (never a
    link); nothing on a page that declared no trail."""
    return {"crumbs": full_trail(context)}
