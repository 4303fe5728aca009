"""The hasher of one-time passwords (a login created or reset by the county, ``accounts.services``).

Such a password is 12 random characters from a 54-character alphabet, about 69 bits: a brute force of even a
cheap hash of it is out of reach, while Django's default PBKDF2 (1,000,000 iterations, 0.75 s measured here)
would make creating 300 cadre logins in one request take minutes. At the first login Django re-hashes the
password with the default hasher, and the user must then choose their own password anyway.
"""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_otp"
    iterations = 10_000
