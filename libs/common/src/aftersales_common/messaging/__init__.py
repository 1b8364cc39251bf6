"""The event backbone: envelope, outbox, inbox, transports, dead letters."""
