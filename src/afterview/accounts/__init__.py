"""Accounts of a shared deployment: users and roles, passwords, sessions, sign-in.

- config.py: the settings (AFTERVIEW_MODE, AFTERVIEW_SECRET_KEY, AFTERVIEW_PUBLIC_URL,
  AFTERVIEW_OIDC_*, session lifetimes), read from the environment;
- passwords.py: argon2 hashes, verification in constant time, rehash when parameters change;
- throttle.py: failed sign-ins counted per address;
- users.py: the user as the app sees it, roles, and the admin operations (create, grant,
  disable, list), over store/accounts.py (the only SQL);
- sessions.py: the signed session cookie (start with a fresh id, end, idle and absolute
  lifetimes);
- oidc.py: sign-in with the organisation's OpenID Connect provider (Authlib);
- web.py: the sign-in pages, the gate in front of every other route, ``current_user``.

In local mode (``AFTERVIEW_MODE`` unset) none of this runs: the one person at the machine is
user id 1 and nobody signs in.
"""
