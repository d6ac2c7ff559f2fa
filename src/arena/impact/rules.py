"""Who may see which impact page. Platform, network and programme pages are public (their figures
count only what the viewer may see); an organisation's page is for its own members."""

from rules.permissions import add_perm

from arena.organisations.rules import is_member

add_perm("impact.view_organisation", is_member)
