# Models arrive with their own issue (see DESIGN.md, "Apps").
