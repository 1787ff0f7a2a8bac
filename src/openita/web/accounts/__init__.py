"""Accounts: who is knocking (the client address), login lockout, password changes."""
