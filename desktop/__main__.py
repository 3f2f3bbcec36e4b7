"""``python -m desktop``: start the LeadTemp desktop app."""

from desktop.app import main

raise SystemExit(main())
