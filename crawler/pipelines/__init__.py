"""Item pipelines, one module each, run in the order `ITEM_PIPELINES` gives."""
