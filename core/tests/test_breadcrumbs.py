"""The breadcrumb tags (core/templatetags/breadcrumbs.py): a page declares its
trail once, in the block trail; the <title> and the breadcrumb nav come of it."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

PAGE = Template(
    "{% load breadcrumbs %}<title>{% crumb 'Projects' 'projects:project-list' %}{% crumb label record %}"
    "{% crumb current %}{% trail_title %}</title>{% breadcrumb_nav %}"
)


class Record:
    def get_absolute_url(self) -> str:
        return "/projects/7/"


class NameForm(forms.Form):
    name = forms.CharField()


def render(template: Template, **values: object) -> str:
    return template.render(Context(values))


def items(html: str) -> list[str]:
    return re.findall(r"<li[^>]*>.*?</li>", html, re.S)


def test_the_trail_makes_the_title_and_the_nav(db):
    html = render(PAGE, label="HEARTWATCH", record=Record(), current="Members")
    assert re.search(r"<title>(.*)</title>", html).group(1) == "Members · HEARTWATCH · Projects"
    assert re.search(r'<nav class="breadcrumbs" aria-label="[^"]+">\s*<ol>', html)
    crumbs = items(html)
    assert len(crumbs) == 4
    assert f'href="{reverse("home")}"' in crumbs[0]  # the dashboard first, by itself
    assert f'href="{reverse("projects:project-list")}">Projects</a>' in crumbs[1]  # a URL's name, reversed
    assert 'href="/projects/7/">HEARTWATCH</a>' in crumbs[2]  # a record: its own address
    assert crumbs[3] == '<li aria-current="page">Members</li>'  # the current page, not a link


def test_labels_are_escaped(db):
    html = render(PAGE, label="<b>A&B</b>", record=Record(), current="x")
    assert "<b>" not in html
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in html


def test_a_url_name_takes_arguments_and_an_address_stays_as_is(db):
    template = Template(
        "{% load breadcrumbs %}{% crumb 'P' 'projects:project-detail' 12 %}{% crumb 'Q' '/x/?y=1' %}"
        "{% crumb 'Here' %}{% breadcrumb_nav %}"
    )
    crumbs = items(render(template))
    assert f'href="{reverse("projects:project-detail", args=[12])}"' in crumbs[1]
    assert 'href="/x/?y=1"' in crumbs[2]


def test_a_page_without_a_trail_has_no_nav_and_its_default_title():
    html = render(Template("{% load breadcrumbs %}<title>{% trail_title 'Projects' %}</title>{% breadcrumb_nav %}"))
    assert html.strip() == "<title>Projects</title>"
    assert "<nav" not in html


@pytest.mark.parametrize(("data", "error"), [({"name": ""}, True), ({"name": "x"}, False), (None, False)])
def test_the_title_says_when_the_form_has_errors(db, data, error):
    form = NameForm(data)
    html = render(Template("{% load breadcrumbs %}{% crumb 'Edit' %}{% trail_title %}"), form=form)
    assert html.endswith("Edit")
    assert (html != "Edit") is error  # "Error: Edit" (or its translation) only with errors


def test_the_trail_is_the_pages_own():
    """Two renderings never share crumbs (render_context is per rendering)."""
    template = Template("{% load breadcrumbs %}{% crumb 'Here' %}{% trail_title %}")
    assert render(template) == render(template) == "Here"
