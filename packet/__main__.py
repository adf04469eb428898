import multiprocessing

if __name__ == "__main__":  # guarded: intake's spawned worker processes import this module too
    multiprocessing.freeze_support()  # first, as in the frozen entry point (packaging/packet_main.py)
    from packet.cli import main

    raise SystemExit(main())
