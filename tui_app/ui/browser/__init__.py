"""The main screen: the order table, its filters and paging, and the detail pane."""
