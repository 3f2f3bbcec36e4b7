"""The window's mailbox: File > Connect Mailbox… (``connect_dialog``) and Check Mail on the worker
queue, by hand or every few minutes (``checks``)."""
