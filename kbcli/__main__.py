"""``python -m kbcli`` runs the ``kb`` command."""

from __future__ import annotations

import sys

from kbcli.main import main

sys.exit(main())
