"""Reports the command line exports, exactly as formats.md defines them."""
