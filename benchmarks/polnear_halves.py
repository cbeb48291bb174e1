"""Score PolNeAR train on a fixed half (see _halves.py for the split and the options).

    python benchmarks/polnear_halves.py dev --jobs 2 --keep /tmp/dev-ttl --errors 20
    python benchmarks/polnear_halves.py heldout --ttl /tmp/all-ttl
    python benchmarks/polnear_halves.py list dev        # the names in one half
"""

from __future__ import annotations

import sys

from _halves import main

if __name__ == "__main__":
    sys.exit(main("polnear-train", "polnear_halves.py", sys.argv[1:]))
