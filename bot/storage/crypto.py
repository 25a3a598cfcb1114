"""Free text at rest: authenticated encryption (Fernet) with key rotation.

The first key of `HOMEWARD_SECRET_KEY` encrypts; every key listed decrypts, so a new key can be
put first while old rows are still readable.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SecretKeyError(ValueError):
    """The key setting is missing or malformed."""


class Keyring:
    def __init__(self, keys_setting: str) -> None:
        keys = [k.strip() for k in keys_setting.split(",") if k.strip()]
        if not keys:
            raise SecretKeyError("HOMEWARD_SECRET_KEY is empty")
        try:
            self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])
        except ValueError as exc:
            raise SecretKeyError(
                "HOMEWARD_SECRET_KEY must be 32 random bytes in URL-safe base64 "
                "(make one with: homeward keygen)"
            ) from exc

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except InvalidToken as exc:
            raise SecretKeyError("stored text cannot be decrypted with the configured keys") from (
                exc
            )

    def rotate(self, token: str) -> str:
        """The same text, encrypted under the first key."""
        return self._fernet.rotate(token.encode("ascii")).decode("ascii")


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


_active: Keyring | None = None


def use_keyring(keyring: Keyring) -> None:
    """Set the process's keyring; the database column type reads it."""
    global _active
    _active = keyring


def active_keyring() -> Keyring:
    if _active is None:
        raise SecretKeyError("no encryption key configured")
    return _active
