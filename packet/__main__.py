from packet.cli import main

if __name__ == "__main__":  # guarded: intake's spawned worker processes import this module too
    raise SystemExit(main())
