"""`python -m shared.regulation check|where|schema`: see cli.py."""
from .cli import main

raise SystemExit(main())
