"""``{% page_sections "<slot>" obj %}``: the sections higher apps registered
for this slot of the page (core.sections), each rendered like an inclusion tag."""

from typing import Any

from django import template
from django.template import Engine
from django.utils.safestring import SafeString

from core.sections import sections_of

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context: template.Context, slot: str, obj: Any) -> SafeString:
    html = SafeString("")  # not SafeString(): bandit 1.9.4 cannot check a call without an argument
    engine = context.template.engine if context.template is not None else Engine.get_default()
    for section in sections_of(slot):
        values = section.context(context["request"], obj)
        if values is not None:
            section_context = context.new(values)
            if context.get("csrf_token") is not None:
                section_context["csrf_token"] = context["csrf_token"]
            # A rendered template is safe, and safe + safe stays safe.
            html += engine.get_template(section.template).render(section_context)
    return html
