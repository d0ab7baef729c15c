"""The role rules of transfer/, answered through ``user.has_perm`` (core.rules)."""

from django.db.models import Model

from core.rules import register
from people.models import User
from transfer.selectors import agreement_list, can_edit_transfer, innovation_list, partner_list, sees_all_transfer


def _can_view_innovation(user: User, obj: Model | None) -> bool:
    return obj is None or innovation_list(user=user).filter(pk=obj.pk).exists()


def _can_view_agreement(user: User, obj: Model | None) -> bool:
    return obj is None or agreement_list(user=user).filter(pk=obj.pk).exists()


def _can_view_partner(user: User, obj: Model | None) -> bool:
    return obj is None or partner_list(user=user).filter(pk=obj.pk).exists()


def _can_edit(user: User, obj: Model | None) -> bool:
    return can_edit_transfer(user)


def _can_view_figures(user: User, obj: Model | None) -> bool:
    return sees_all_transfer(user)


register("transfer.view_innovation", _can_view_innovation)
register("transfer.add_innovation", _can_edit)
register("transfer.change_innovation", _can_edit)
register("transfer.view_agreement", _can_view_agreement)
register("transfer.add_agreement", _can_edit)
register("transfer.change_agreement", _can_edit)
register("transfer.add_deployment", _can_edit)
register("transfer.change_deployment", _can_edit)
register("transfer.view_keyfigures", _can_view_figures)
# Partner companies live in people/ (partner accounts belong to one); the
# transfer office manages them.
register("transfer.view_partner", _can_view_partner)
register("transfer.add_partner", _can_edit)
register("transfer.change_partner", _can_edit)
