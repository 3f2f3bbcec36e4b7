"""A mailbox over IMAP: where it is (``address``), its password (``secrets``), a verified TLS session
and its one-line errors (``session``, ``errors``), the new mail in each folder (``fetch``) and a check
that reads it into one capture batch (``check``)."""
