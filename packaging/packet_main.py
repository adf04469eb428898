"""The frozen program's entry point (PyInstaller runs this file, not `packet.cli`).

`multiprocessing.freeze_support()` must come first: intake's worker processes start this same executable, and
without it each worker would run `main()` again and try to open the window (`BrokenProcessPool` on 4+ files).
"""

from __future__ import annotations

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from packet.cli import main

    raise SystemExit(main())
