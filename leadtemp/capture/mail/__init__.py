"""Mail as capture reads it: one message classified (:func:`observe_message`, shared by mail files
and IMAP), and the mail files themselves (mbox, Maildir, .eml) in :mod:`.files`."""

from leadtemp.capture.mail.classify import SOURCE, observe_message

__all__ = ["SOURCE", "observe_message"]
