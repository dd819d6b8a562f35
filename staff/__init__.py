"""Staff accounts, roles, sign-in sessions and CSRF protection for the officer, editor and admin pages."""
