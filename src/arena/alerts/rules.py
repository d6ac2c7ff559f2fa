"""Who sees a company's notice alerts: its own members. Everyone else gets a 404 from the views."""

from rules.permissions import add_perm

from arena.supply.rules import is_company, is_company_member

add_perm("alerts.view_company_alerts", is_company & is_company_member)
