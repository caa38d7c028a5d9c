import sys

from sample_data.cli import main

sys.exit(main())
