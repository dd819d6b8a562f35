"""The faces of the product: the citizen widget (static JS), the demo page, staff pages (templates)."""
