"""What MLA002-MLA004 share: which rows a value holds, and what ML calls do to rows."""
