"""Allow ``python -m leadtemp``."""

from leadtemp.cli import main

raise SystemExit(main())
