from packet.cli import main

raise SystemExit(main())
