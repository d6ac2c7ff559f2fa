"""A person's own data: download it, delete the account (organisational records stay, anonymised)."""
