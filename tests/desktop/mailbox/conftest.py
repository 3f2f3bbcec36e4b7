from tests.leadtemp.capture.imap.fixtures import dovecot, mailbox, memory_keyring

__all__ = ["dovecot", "mailbox", "memory_keyring"]
