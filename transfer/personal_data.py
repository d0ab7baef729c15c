"""The sections of a person's data export (core.personal_data) held by transfer/."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import Row, register
from people.models import User
from transfer.models import Innovation
from transfer.selectors import innovation_visible


@register("innovations", title=_("Innovations you own"), covers=("transfer.Innovation.owners",))
def innovations(user: User) -> list[Row]:
    owned = Innovation.objects.filter(owners=user)
    # An owner does not always see a confidential innovation (SPEC §3): one they
    # do not see is named by its number only.
    seen = set(owned.filter(innovation_visible(user)).values_list("pk", flat=True))
    return [
        dict(row) if row["id"] in seen else {"id": row["id"]}
        for row in owned.order_by("created_at", "id").values(
            "id", "title", "kind", "stage", "route", "confidential", "created_at"
        )
    ]
