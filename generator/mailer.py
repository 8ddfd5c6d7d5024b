"""Sending one email over SMTP with TLS, its settings read from the environment; every failure one line.

The settings are the repository secrets the deploy workflow passes to its digest step:
``SMTP_HOST``, ``SMTP_PORT`` (default 587), ``SMTP_USER`` and ``SMTP_PASSWORD`` (both or neither),
``DIGEST_TO`` (the list's address) and ``DIGEST_FROM``. The connection is encrypted before the
password or the message is sent: STARTTLS on any port but 465, where TLS starts at once
(implicit TLS, RFC 8314). A server that offers no STARTTLS gets nothing. The server's
certificate is checked against the system's authorities (``SSL_CERT_FILE`` names others).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage

VARIABLES = ("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "DIGEST_TO", "DIGEST_FROM")
REQUIRED = ("SMTP_HOST", "DIGEST_TO", "DIGEST_FROM")
DEFAULT_PORT = 587  # submission with STARTTLS (RFC 6409)
IMPLICIT_TLS_PORT = 465
TIMEOUT = 30.0


class SendError(Exception):
    """Settings that do not work, or a server that did not take the message: one line for the user."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Where and as whom to send (``__repr__`` leaves the password out)."""

    host: str
    port: int
    user: str | None
    password: str | None
    to: str
    sender: str

    def __repr__(self) -> str:
        return f"Settings(host={self.host!r}, port={self.port}, user={self.user!r}, to=…, sender=…)"

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def settings(environ: Mapping[str, str]) -> Settings | None:
    """The settings, or None when none of them is set (an empty value counts as not set).

    Raises :class:`SendError` when some are set but not all that are needed.
    """
    values = {name: environ.get(name, "") for name in VARIABLES}
    if not any(value.strip() for value in values.values()):
        return None
    missing = [name for name in REQUIRED if not values[name].strip()]
    if bool(values["SMTP_USER"].strip()) != bool(values["SMTP_PASSWORD"]):
        missing.append("SMTP_PASSWORD" if values["SMTP_USER"].strip() else "SMTP_USER")
    if missing:
        raise SendError(
            f"{' and '.join(missing)} not set: set every one of {', '.join(REQUIRED)} (and SMTP_USER with SMTP_PASSWORD), or none"
        )
    port_text = values["SMTP_PORT"].strip() or str(DEFAULT_PORT)
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SendError(f"SMTP_PORT must be a port number like {DEFAULT_PORT}, got {port_text!r}")
    return Settings(
        host=values["SMTP_HOST"].strip(),
        port=int(port_text),
        user=values["SMTP_USER"].strip() or None,
        password=values["SMTP_PASSWORD"] or None,
        to=values["DIGEST_TO"].strip(),
        sender=values["DIGEST_FROM"].strip(),
    )


def send(msg: EmailMessage, config: Settings, timeout: float = TIMEOUT) -> None:
    """Deliver ``msg`` to the server in ``config``, encrypted; raises :class:`SendError` with one line."""
    context = ssl.create_default_context()
    where = config.where
    try:
        if config.port == IMPLICIT_TLS_PORT:
            server: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=timeout, context=context)
        else:
            server = smtplib.SMTP(config.host, config.port, timeout=timeout)
        with server:
            server.ehlo()
            if config.port != IMPLICIT_TLS_PORT:
                if not server.has_extn("starttls"):
                    raise SendError(f"{where} does not offer STARTTLS; the digest is never sent unencrypted")
                server.starttls(context=context)
                server.ehlo()
            if config.user and config.password:
                server.login(config.user, config.password)
            refused = server.send_message(msg)
            if refused:
                raise SendError(f"{where} refused the recipient ({_reply(*next(iter(refused.values())))})")
    except SendError:
        raise
    except smtplib.SMTPAuthenticationError as error:
        raise SendError(f"{where} refused SMTP_USER and SMTP_PASSWORD ({_reply(error.smtp_code, error.smtp_error)})") from None
    except smtplib.SMTPRecipientsRefused as error:
        code, text = next(iter(error.recipients.values()))
        raise SendError(f"{where} refused DIGEST_TO ({_reply(code, text)})") from None
    except smtplib.SMTPSenderRefused as error:
        raise SendError(f"{where} refused DIGEST_FROM ({_reply(error.smtp_code, error.smtp_error)})") from None
    except smtplib.SMTPResponseException as error:
        raise SendError(f"{where} answered {_reply(error.smtp_code, error.smtp_error)}") from None
    except ssl.SSLCertVerificationError as error:
        raise SendError(f"{where}: TLS failed: the server's certificate is not trusted ({error.verify_message})") from None
    except ssl.SSLError as error:
        raise SendError(f"{where}: TLS failed ({error.reason or error})") from None
    except ConnectionRefusedError:
        raise SendError(f"{where}: connection refused (is SMTP_HOST or SMTP_PORT wrong?)") from None
    except socket.gaierror:
        raise SendError(f"{where}: no such host (check SMTP_HOST)") from None
    except TimeoutError:
        raise SendError(f"{where}: no answer within {timeout:g} seconds") from None
    except smtplib.SMTPException as error:
        raise SendError(f"{where}: {_one_line(str(error))}") from None
    except OSError as error:
        raise SendError(f"{where}: {_one_line(error.strerror or str(error))}") from None


def _reply(code: int, text: bytes | str) -> str:
    """An SMTP reply as one line: ``535 5.7.8 Authentication credentials invalid``."""
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {_one_line(message)}".strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())
