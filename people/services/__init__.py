"""Every change to people, units and requests: atomic, audited, emails after commit."""

from people.services.accounts import *  # noqa: F403
from people.services.accounts import __all__ as _accounts
from people.services.attachments import *  # noqa: F403
from people.services.attachments import __all__ as _attachments
from people.services.delegations import *  # noqa: F403
from people.services.delegations import __all__ as _delegations
from people.services.directory import *  # noqa: F403
from people.services.directory import __all__ as _directory
from people.services.positions import *  # noqa: F403
from people.services.positions import __all__ as _positions

__all__ = [*_accounts, *_attachments, *_positions, *_delegations, *_directory]
