import sys

from shared.devstack.run import main

sys.exit(main())
