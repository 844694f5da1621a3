from tui_app.entry import main

raise SystemExit(main())
