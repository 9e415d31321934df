"""Users, memberships, invitations, API tokens, and logging in."""
