"""An agreement's expiry as a calendar event (core.calendar), for its
one-event ``.ics`` download on the agreement's page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.calendar import Event
from transfer.models import Agreement


def agreement_event(agreement: Agreement) -> Event | None:
    """The day ``agreement`` expires; None if it does not."""
    if agreement.expires_on is None:
        return None
    title = f"{agreement.reference} — {agreement.partner.name} — {agreement.innovation.title}"
    return Event(
        kind="agreement",
        pk=agreement.pk,
        start=agreement.expires_on,
        title=_("Agreement expires: %(title)s") % {"title": title},
        path=reverse("transfer:agreement-detail", args=[agreement.pk]),
    )
