"""Score CoNLL-2003 train on a fixed half, split as polnear_halves.py splits PolNeAR (see _halves.py).

    python benchmarks/conll_halves.py dev --jobs 1 --keep /tmp/dev-ttl --errors 20
    python benchmarks/conll_halves.py heldout --ttl /tmp/all-ttl      # Turtle of a full run
    python benchmarks/conll_halves.py list dev                        # the names in one half
"""

from __future__ import annotations

import sys

from _halves import main

if __name__ == "__main__":
    sys.exit(main("conll-train", "conll_halves.py", sys.argv[1:]))
